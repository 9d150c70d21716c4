import type { ClusterRegistry } from '../src/adapters/redis/cluster-registry';
import type { ClusterConfig } from '../src/config/schema';

/**
 * The configuration with `clusters` read from the registry at each use: the file's clusters and
 * those imported from Slack. Every handler and job reads `config.clusters`, so this one getter makes
 * an imported cluster usable by every command, monitor sweep and alert like a file cluster.
 */
export function withLiveClusters<C extends { clusters: ClusterConfig[] }>(
  config: C,
  registry: ClusterRegistry,
): C {
  const live = { ...config };
  Object.defineProperty(live, 'clusters', { get: () => registry.all(), enumerable: true });
  return live;
}
