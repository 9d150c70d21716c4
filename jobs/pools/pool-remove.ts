import {
  type PoolRemovePlan,
  planPoolRemove,
  poolShrinkProblems,
} from '../../src/domain/pools/pool-remove-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import { poolAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { mayForce, readPoolLeave } from './pool-leave-facts';

type Job = Parameters<CommandProcessor<'pool remove' | 'pool delete'>>[0];

/** `/hybrid pool remove <pool> --cluster c --hosts h1,h2 [--force]`: cordon, drain, uninstall, delete, per host. */
export const removeFromPool: CommandProcessor<'pool remove'> = (job, deps) =>
  proposeLeave(job, deps, job.data.options.hosts ?? [], false);

/** `/hybrid pool delete <pool> --cluster c [--force]`: every host leaves, then the pool goes. */
export const deletePool: CommandProcessor<'pool delete'> = async (job, deps) =>
  proposeLeave(job, deps, undefined, true);

async function proposeLeave(job: Job, deps: CommandDeps, hosts: string[] | undefined, deletePool: boolean) {
  const { options, positionals, request } = job.data;
  const { cluster, pool } = await poolAndCluster(deps, job.data, positionals.pool ?? '');
  const removing = hosts ?? pool.hosts;
  const {
    records,
    nodes: present,
    blockingBudgets,
  } = await readPoolLeave(deps, cluster.name, pool.hosts, removing);
  const force = options.force === true;
  const problems = poolShrinkProblems({
    pool: pool.name,
    members: pool.hosts,
    removing,
    nodes: present,
    force,
    blockingBudgets,
    deleting: deletePool,
    isAdmin: await mayForce(deps, request.user, job.data.command),
  });
  if (problems.length > 0) {
    throw new BotError(
      ErrorCode.Validation,
      `${deletePool ? `Pool ${pool.name} cannot be deleted` : `Hosts cannot leave pool ${pool.name}`} as asked; nothing was changed:\n${problems.map((p) => `• ${p}`).join('\n')}`,
    );
  }
  const plan: PoolRemovePlan = {
    cluster: cluster.name,
    pool: pool.name,
    hosts: removing.map((name) => {
      const record = records.find((r) => r?.name === name);
      const node = present.find((n) => n.host === name);
      return {
        name,
        auth: record?.auth ?? 'ssm',
        ...(record?.site ? { site: record.site } : {}),
        ...(record?.managedInstanceId ? { managedInstanceId: record.managedInstanceId } : {}),
        ...(node ? { nodeName: node.node } : {}),
      };
    }),
    ...(deletePool ? { deletePool: true } : {}),
    ...(force ? { force: true } : {}),
  };
  return proposeCommandChange(deps, request, cluster, planPoolRemove(plan));
}
