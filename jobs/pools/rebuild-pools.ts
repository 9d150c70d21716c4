import { createHash } from 'node:crypto';
import { poolNotRebuiltNotice, poolRebuiltNotice } from '../../src/blocks/pools/pool-rebuild-notice';
import type { SlackMessage } from '../../src/blocks/types';
import type { KubeNode } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import type { HostRecord } from '../../src/domain/host-status';
import { agreedPoolDefinition } from '../../src/domain/pools/pool-annotations';
import { membershipFromNodes } from '../../src/domain/pools/pool-drift';
import type { CommandDeps } from '../job-context';

export interface PoolRebuild {
  restored: string[];
  /** Pools nodes claim whose definition no node carries. */
  notRestored: string[];
}

export const REBUILT_CHANGE = 'rebuilt from the cluster (the node carries the pool label)';

/**
 * Puts back the pools the bot's records lost (a wiped Redis), from the nodes: membership from each
 * node's pool label, the definition (profile, labels, taints, architecture) from the annotations the
 * pool changes write on its nodes. Pools the records still hold are left alone: a node claiming one
 * of them without being a member is drift, for a person to look at, not something to adopt silently.
 */
export async function rebuildPools(
  deps: Pick<CommandDeps, 'stores' | 'outbox' | 'clock' | 'log'>,
  cluster: ClusterConfig,
  nodes: readonly KubeNode[],
  hosts: readonly HostRecord[],
): Promise<PoolRebuild> {
  const membership = membershipFromNodes(
    nodes.map((n) => ({ name: n.name, labels: n.labels, taints: [], kubeletVersion: n.kubeletVersion })),
  );
  const result: PoolRebuild = { restored: [], notRestored: [] };
  if (Object.keys(membership).length === 0) return result;
  const known = new Set((await deps.stores.pools.list(cluster.name)).map((p) => p.name));
  const hostOfNode = new Map(
    hosts.flatMap((h) => (h.node && !h.deregistered ? [[h.node.name, h.name] as const] : [])),
  );
  const now = deps.clock.now();
  for (const [pool, nodeNames] of Object.entries(membership)) {
    if (known.has(pool)) continue;
    const poolNodes = nodes.filter((n) => nodeNames.includes(n.name));
    const definition = agreedPoolDefinition(pool, poolNodes);
    if (!definition) {
      result.notRestored.push(pool);
      await notify(
        deps,
        cluster,
        `${pool}-lost-${digest(nodeNames)}`,
        poolNotRebuiltNotice({ cluster: cluster.name, pool, nodes: nodeNames }),
      );
      continue;
    }
    await deps.stores.pools.create({ cluster: cluster.name, ...definition });
    const members: string[] = [];
    const nodesWithoutHost: string[] = [];
    for (const node of nodeNames) {
      const host = hostOfNode.get(node);
      if (!host) {
        nodesWithoutHost.push(node);
        continue;
      }
      const added = await deps.stores.pools.addMember(cluster.name, pool, host, {
        at: now,
        what: REBUILT_CHANGE,
      });
      if (added.outcome === 'taken') {
        deps.log.warn(
          { cluster: cluster.name, pool, host, heldBy: added.pool },
          'pool rebuild: host is in another pool',
        );
      } else members.push(host);
    }
    // The profile's record of its users went with Redis too; false when the profile itself did.
    await deps.stores.profiles.markUsed(
      definition.profile.name,
      definition.profile.version,
      `${cluster.name}/${pool}`,
    );
    result.restored.push(pool);
    await notify(
      deps,
      cluster,
      `${pool}-rebuilt-${definition.createdAt}`,
      poolRebuiltNotice({
        cluster: cluster.name,
        pool,
        profile: definition.profile,
        hosts: members,
        nodesWithoutHost,
      }),
    );
  }
  return result;
}

function digest(names: readonly string[]): string {
  return createHash('sha256').update(names.join(',')).digest('hex').slice(0, 12);
}

/** Once per pool and event, however many reconciles run. */
async function notify(
  deps: Pick<CommandDeps, 'stores' | 'outbox'>,
  cluster: ClusterConfig,
  id: string,
  message: SlackMessage,
): Promise<void> {
  const noticeKey = `${cluster.name}-pool-${id}`;
  if ((await deps.stores.notices.claim(noticeKey)) === 'sent') return;
  await deps.outbox.send(
    { kind: 'post', channel: cluster.channel, ...message },
    { jobId: `notice-${noticeKey}` },
  );
  await deps.stores.notices.sent(noticeKey);
}
