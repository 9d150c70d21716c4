import type { Stores } from '../../src/adapters/redis/stores';
import { poolHostNodeLabels } from '../../src/domain/pools/pool-create-plan';

/**
 * The labels the NodeConfig of a pool's host gives its node: the pool's and the host's site. Every
 * NodeConfig the bot writes for a pool host takes its labels from here, so no rewrite drops the site.
 * `site` is the plan's when it names one; otherwise the inventory's.
 */
export async function poolHostLabels(
  stores: Pick<Stores, 'inventory'>,
  cluster: string,
  pool: { name: string; labels: Record<string, string> },
  host: string,
  site?: string,
): Promise<Record<string, string>> {
  const known = site ?? (await stores.inventory.get(cluster, host))?.site;
  return poolHostNodeLabels({ pool: pool.name, labels: pool.labels }, { site: known });
}
