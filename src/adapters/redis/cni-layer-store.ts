import type { Redis } from 'ioredis';
import type { DesiredCniLayer } from '../../domain/cni/cni-drift';
import { key } from './connection';

/** Each cluster's desired CNI layer, recorded when a `cni set` change completes. */
export class CniLayerStore {
  constructor(private readonly redis: Redis) {}

  async get(cluster: string): Promise<DesiredCniLayer | undefined> {
    const raw = await this.redis.get(key('cni-desired', cluster));
    return raw ? (JSON.parse(raw) as DesiredCniLayer) : undefined;
  }

  async put(cluster: string, layer: DesiredCniLayer): Promise<void> {
    await this.redis.set(key('cni-desired', cluster), JSON.stringify(layer));
  }
}
