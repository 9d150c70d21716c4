import type { Kube, KubeNode } from '../../src/cloud-ports';
import { poolNodeAnnotations } from '../../src/domain/pools/pool-annotations';
import type { CommandDeps } from '../job-context';

/**
 * What a pool change leaves on a node and in the pool's record once the node carries its labels and
 * taints: the pool's definition as annotations (what the reconcile rebuilds a lost pool from) and
 * the host's last change (what `pool show` tells). Only annotations that differ are patched.
 */
export async function recordPoolNode(
  deps: Pick<CommandDeps, 'stores' | 'clock'>,
  kube: Pick<Kube, 'patchNodeAnnotations'>,
  at: { cluster: string; pool: string; host: string; node: KubeNode },
  what: string,
): Promise<void> {
  const pool = await deps.stores.pools.get(at.cluster, at.pool);
  if (!pool) return;
  const wanted = poolNodeAnnotations(pool);
  const differ = Object.entries(wanted).filter(([k, v]) => at.node.annotations?.[k] !== v);
  if (differ.length > 0) await kube.patchNodeAnnotations(at.node.name, Object.fromEntries(differ));
  await deps.stores.pools.recordMemberChange(at.cluster, at.pool, at.host, { at: deps.clock.now(), what });
  // The inventory learns the host's node now rather than at the next sweep: it reads as joined.
  const record = await deps.stores.inventory.get(at.cluster, at.host);
  if (record && record.node?.name !== at.node.name) {
    await deps.stores.inventory.put({ ...record, node: { name: at.node.name, ready: at.node.ready } });
  }
}
