import type { Redis } from 'ioredis';
import { HostInventory } from '../../src/adapters/redis/inventory';
import type { HostRecord } from '../../src/domain/host-status';
import type { Clock } from '../../src/ports';

/** A host as the bot reads it from its inventory (status derived at `clock`), or {} when absent. */
export async function readHost(
  redis: Redis,
  name: string,
  opts: { cluster?: string; clock?: Clock } = {},
): Promise<Partial<HostRecord>> {
  return (await new HostInventory(redis, opts.clock).get(opts.cluster ?? 'demo', name)) ?? {};
}
