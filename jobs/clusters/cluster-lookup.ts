import type { ClusterConfig } from '../../src/config/schema';
import { unknownClusterMessage } from '../../src/domain/cluster-choice';
import { BotError, ErrorCode } from '../../src/errors';
import type { CommandDeps } from '../job-context';

/** Why a cluster of that name cannot be imported: the bot manages one already. */
export function alreadyManaged(deps: Pick<CommandDeps, 'stores'>, name: string): string | undefined {
  const found = deps.stores.clusters.find(name);
  if (!found) return undefined;
  if (found.source === 'file')
    return `Cluster \`${name}\` is in the configuration file already: the bot manages it (\`/hybrid clusters\`).`;
  return `Cluster \`${name}\` was imported already: see \`/hybrid clusters\`.`;
}

/** The managed cluster of that name with its source; an unknown name fails with the names there are. */
export function registeredCluster(deps: Pick<CommandDeps, 'stores'>, name: string) {
  const found = deps.stores.clusters.find(name);
  if (!found) {
    const names = deps.stores.clusters.all().map((c: ClusterConfig) => c.name);
    throw new BotError(ErrorCode.NotFound, unknownClusterMessage(name, names));
  }
  return found;
}
