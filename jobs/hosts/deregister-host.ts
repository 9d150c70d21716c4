import type { HostRecord } from '../../src/domain/host-status';
import { type DeregistrationPlan, planDeregistration } from '../../src/domain/hosts/deregistration-plan';
import { poolLeaveProblems } from '../../src/domain/pools/pool-leave-guards';
import { BotError, ErrorCode } from '../../src/errors';
import { clusterConfig } from '../cluster/cluster-info';
import { proposeCommandChange } from '../command-change';
import { hostAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { changeUnderWay } from '../pools/pool-drift-facts';
import { mayForce, readPoolLeave } from '../pools/pool-leave-facts';

/** `/hybrid host deregister <name>`: asks an approver; nothing changes before the approval. */
export const hostDeregister: CommandProcessor<'host deregister'> = async (job, deps) => {
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  const nodeName = host.node?.name ?? (await liveNode(deps, host));
  const pool = await deps.stores.pools.get(
    host.cluster,
    (await deps.stores.pools.poolOf(host.cluster, host.name)) ?? '',
  );
  const force = job.data.options.force === true;
  if (pool && (await changeUnderWay(deps, { cluster: host.cluster, kind: 'pool', name: pool.name }))) {
    throw new BotError(
      ErrorCode.Conflict,
      `Host ${host.name} is in pool ${pool.name}, which a change is changing now: deregister it once that change ends (\`/hybrid changes\`).`,
    );
  }
  if (pool) {
    // Leaving the pool this way is leaving it: the same guards as `pool remove`.
    const reading = await readPoolLeave(deps, host.cluster, pool.hosts, [host.name]);
    const problems = poolLeaveProblems({
      pool: pool.name,
      removing: [host.name],
      nodes: reading.nodes,
      blockingBudgets: reading.blockingBudgets,
      force,
      isAdmin: await mayForce(deps, job.data.request.user, job.data.command),
    });
    if (problems.length > 0) {
      throw new BotError(
        ErrorCode.Validation,
        `Host ${host.name} cannot be deregistered out of pool ${pool.name} as asked; nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`,
      );
    }
  }
  const plan: DeregistrationPlan = {
    cluster: host.cluster,
    host: host.name,
    site: host.site,
    auth: host.auth,
    ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(host.activationId ? { activationId: host.activationId } : {}),
    ...(pool ? { pool: pool.name } : {}),
    ...(pool && force ? { force: true } : {}),
  };
  return proposeCommandChange(deps, job.data.request, cluster, planDeregistration(plan));
};

async function liveNode(deps: CommandDeps, host: HostRecord): Promise<string | undefined> {
  const name = host.auth === 'iam-ra' ? host.name : host.managedInstanceId;
  if (!name) return undefined;
  const { kube } = deps.cloud.forCluster(clusterConfig(deps, host.cluster));
  return (await kube.getNode(name))?.name;
}
