import type { ClusterConfig } from '../../src/config/schema';
import { findCluster } from '../../src/domain/cluster-choice';
import type { ClusterInfo } from '../../src/domain/host-registration';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

/** The configured cluster of that name; an unknown name fails with the names there are. */
export function clusterConfig(deps: Pick<CommandDeps, 'config'>, name: string): ClusterConfig {
  const found = findCluster(deps.config.clusters, name);
  if (!found.ok) throw new BotError(ErrorCode.NotFound, found.message);
  return found.cluster;
}

/**
 * The cluster as EKS describes it (hybrid enabled, remote node networks, version), kept in Redis for
 * the forms that cannot call AWS within Slack's 3 seconds (registration, pool upgrade).
 */
export async function describeClusterInfo(
  deps: Pick<CommandDeps, 'cloud' | 'config' | 'stores'>,
  c: ClusterConfig,
): Promise<ClusterInfo> {
  const eks = await deps.cloud.forCluster(c).eks.describeCluster(c.name);
  const info = {
    name: c.name,
    supportedVersions: deps.config.kubernetesVersions,
    hybridEnabled: eks.remoteNodeNetworks !== undefined && eks.remoteNodeNetworks.length > 0,
    remoteNodeNetworks: eks.remoteNodeNetworks ?? [],
    version: eks.version,
  };
  await deps.stores.clusterInfo.put(info);
  return info;
}

/** The control plane's version, which decides which profile versions a rollout would accept; undefined when unread. */
export async function controlPlaneVersion(
  deps: Pick<CommandDeps, 'cloud' | 'config' | 'stores'>,
  cluster: ClusterConfig,
): Promise<string | undefined> {
  try {
    return (await describeClusterInfo(deps, cluster)).version;
  } catch (err) {
    if (!(err instanceof BotError)) throw err;
    return undefined;
  }
}

/**
 * What registration checks need to know about the clusters: the named one from EKS (hybrid
 * enabled, remote node networks, version), the others by name only, for the "choose one of" hint.
 */
export async function clusterInfos(deps: CommandDeps, wanted: string): Promise<ClusterInfo[]> {
  return Promise.all(
    deps.config.clusters.map(async (c): Promise<ClusterInfo> => {
      if (c.name === wanted) return describeClusterInfo(deps, c);
      return {
        name: c.name,
        supportedVersions: deps.config.kubernetesVersions,
        hybridEnabled: false,
        remoteNodeNetworks: [],
        version: '',
      };
    }),
  );
}
