import type { StoredApproval } from '../../src/adapters/redis/approval-store';
import { HostInventory } from '../../src/adapters/redis/inventory';
import { section } from '../../src/blocks/elements';
import type { HostRecord } from '../../src/domain/host-status';
import { BotError, ErrorCode } from '../../src/errors';
import { approvalSlot, requestApproval } from '../approvals/request-approval';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { clusterConfig } from './cluster-info';
import { drainNode } from './drain-node';

export const DEREGISTER_KIND = 'host-deregister';

interface DeregisterPlan extends Record<string, unknown> {
  cluster: string;
  host: string;
  managedInstanceId?: string;
  nodeName?: string;
  activationId?: string;
}

/** `/hybrid host deregister <name>`: asks an approver; nothing changes before the approval. */
export const hostDeregister: CommandProcessor = async (job, deps) => {
  const name = job.data.positionals.name ?? '';
  const wanted = job.data.options.cluster;
  const found = (await new HostInventory(deps.redis).find(name)).filter(
    (h) => !h.deregistered && (!wanted || h.cluster === wanted),
  );
  const [host] = found;
  if (!host)
    throw new BotError(ErrorCode.NotFound, `No registered host named ${name}: see \`/hybrid hosts\`.`);
  if (found.length > 1)
    throw new BotError(ErrorCode.Validation, `${name} is in several clusters: add --cluster.`);
  const cluster = clusterConfig(deps, host.cluster);
  const nodeName = host.node?.name ?? (await liveNode(deps, host));
  const plan: DeregisterPlan = {
    cluster: host.cluster,
    host: host.name,
    ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(host.activationId ? { activationId: host.activationId } : {}),
  };
  const summary = [
    ...(nodeName
      ? [`drain node \`${nodeName}\` (cordon, then evict its pods, respecting PodDisruptionBudgets)`]
      : []),
    ...(host.managedInstanceId ? [`deregister managed instance \`${host.managedInstanceId}\` from SSM`] : []),
    ...(host.activationId ? [`delete activation \`${host.activationId}\` if it is unused`] : []),
    `mark host *${host.name}* (${host.cluster}, ${host.site}) deregistered`,
  ];
  const approval = await requestApproval(deps, {
    kind: DEREGISTER_KIND,
    cluster: host.cluster,
    channel: cluster.channel,
    requester: job.data.request.user,
    title: `Deregister host ${host.name}`,
    summary,
    plan,
    requestKey: job.data.request.requestId,
    responseUrl: job.data.request.responseUrl,
  });
  return { approval: approval.id };
};

async function liveNode(deps: CommandDeps, host: HostRecord): Promise<string | undefined> {
  const name = host.auth === 'iam-ra' ? host.name : host.managedInstanceId;
  if (!name) return undefined;
  const { kube } = deps.cloud.forCluster(clusterConfig(deps, host.cluster));
  return (await kube.getNode(name))?.name;
}

/** After approval: drain, deregister from SSM, delete the activation if unused, mark the host. */
export async function executeDeregister(deps: CommandDeps, approval: StoredApproval): Promise<string> {
  const plan = approval.plan as DeregisterPlan;
  const cluster = clusterConfig(deps, plan.cluster);
  const { ssm } = deps.cloud.forCluster(cluster);
  const report = (text: string) =>
    deps.outbox.send({
      kind: 'post',
      channel: cluster.channel,
      threadOfSlot: approvalSlot(approval.id),
      text,
      blocks: [section(text)],
    });
  if (plan.nodeName) {
    const drained = await drainNode(deps, cluster, plan.nodeName);
    if (drained.blocked.length > 0) {
      await report(
        `:warning: Draining \`${plan.nodeName}\` is blocked: PodDisruptionBudgets keep ${drained.blocked.map((p) => `\`${p}\``).join(', ')} from being evicted (${drained.evicted} evicted). The node stays cordoned and nothing was deregistered: free capacity or relax the budget, then run \`/hybrid host deregister ${plan.host}\` again.`,
      );
      return `drain blocked by ${drained.blocked.length} pods`;
    }
  }
  if (plan.managedInstanceId) await ssm.deregisterManagedInstance(plan.managedInstanceId);
  if (plan.activationId) {
    const [activation] = await ssm.describeActivations({ activationIds: [plan.activationId] });
    if (activation && activation.registrationsCount === 0) await ssm.deleteActivation(plan.activationId);
  }
  const inventory = new HostInventory(deps.redis);
  const record = await inventory.get(plan.cluster, plan.host);
  if (record) await inventory.put({ ...record, deregistered: true, status: 'deregistered' });
  await report(
    `:white_check_mark: Host *${plan.host}* deregistered${plan.nodeName ? ` (node \`${plan.nodeName}\` drained)` : ''}.`,
  );
  return 'deregistered';
}
