import type { ClusterConfig } from '../../src/config/schema';
import type { ClusterInfo } from '../../src/domain/host-registration';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

export function clusterConfig(deps: Pick<CommandDeps, 'config'>, name: string): ClusterConfig {
  const found = deps.config.clusters.find((c) => c.name === name);
  if (!found) {
    const known = deps.config.clusters.map((c) => c.name).join(', ');
    throw new BotError(ErrorCode.Validation, `Cluster "${name}" is not configured: choose one of ${known}.`);
  }
  return found;
}

/**
 * What registration checks need to know about the clusters: the named one from EKS (hybrid
 * enabled, remote node networks, version), the others by name only, for the "choose one of" hint.
 */
export async function clusterInfos(deps: CommandDeps, wanted: string): Promise<ClusterInfo[]> {
  return Promise.all(
    deps.config.clusters.map(async (c): Promise<ClusterInfo> => {
      const base = { name: c.name, supportedVersions: deps.config.kubernetesVersions };
      if (c.name !== wanted) return { ...base, hybridEnabled: false, remoteNodeNetworks: [], version: '' };
      const eks = await deps.cloud.forCluster(c).eks.describeCluster(c.name);
      const info = {
        ...base,
        hybridEnabled: eks.remoteNodeNetworks !== undefined && eks.remoteNodeNetworks.length > 0,
        remoteNodeNetworks: eks.remoteNodeNetworks ?? [],
        version: eks.version,
      };
      await deps.stores.clusterInfo.put(info);
      return info;
    }),
  );
}
