import { specOf } from '../../src/domain/commands';
import { blockingBudgets } from '../../src/domain/disruption-budgets';
import type { HostRecord } from '../../src/domain/host-status';
import type { PoolNodeLoad } from '../../src/domain/pools/pool-leave-guards';
import { groupsInAccess, hasRole, roleOf } from '../../src/domain/roles';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps } from '../job-context';

export interface PoolLeaveReading {
  /** The members' inventory records, in the pool's order (undefined where the inventory lost one). */
  records: (HostRecord | undefined)[];
  /** The members that run as a node, with its name. */
  nodes: (PoolNodeLoad & { node: string })[];
  blockingBudgets: string[];
}

/**
 * What the leaving guards (poolLeaveProblems) read of a pool whose `removing` hosts are to leave:
 * each member's node, Ready or not, the pods that would have to move, and the budgets that hold them.
 */
export async function readPoolLeave(
  deps: CommandDeps,
  cluster: string,
  members: readonly string[],
  removing: readonly string[],
): Promise<PoolLeaveReading> {
  const { kube } = deps.cloud.forCluster(clusterConfig(deps, cluster));
  const records = await Promise.all(members.map((h) => deps.stores.inventory.get(cluster, h)));
  const read = await Promise.all(
    records.map(async (r) => {
      const name = r?.node?.name ?? r?.managedInstanceId;
      const node = name ? await kube.getNode(name) : undefined;
      if (!r || !node) return undefined;
      const pods = (await kube.listPods({ nodeName: node.name })).filter(
        (p) => !p.mirror && p.owner?.kind !== 'DaemonSet',
      );
      return { host: r.name, node: node.name, ready: node.ready, pods: pods.length, movable: pods };
    }),
  );
  const present = read.filter((n) => n !== undefined);
  const leavingPods = present.filter((n) => removing.includes(n.host)).flatMap((n) => n.movable);
  const budgets =
    leavingPods.length > 0 ? blockingBudgets(await kube.listDisruptionBudgets(), leavingPods) : [];
  return {
    records,
    nodes: present.map(({ movable: _pods, ...n }) => n),
    blockingBudgets: budgets,
  };
}

/** Whether the requester may pass the command's --force: its spec says which role that needs (admin). */
export async function mayForce(
  deps: CommandDeps,
  user: string,
  command: 'pool remove' | 'pool delete' | 'host deregister',
): Promise<boolean> {
  const groups = await deps.stores.userGroups.groupsOf(user, groupsInAccess(deps.config.access));
  const spec = specOf(command);
  return hasRole(roleOf(user, groups, deps.config.access), spec.options.force.role ?? spec.role);
}
