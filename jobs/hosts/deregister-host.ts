import type { HostRecord } from '../../src/domain/host-status';
import { type DeregistrationPlan, planDeregistration } from '../../src/domain/hosts/deregistration-plan';
import { proposeChange } from '../changes/propose-change';
import { hostAndCluster } from '../command-cluster';
import type { CommandDeps, CommandProcessor } from '../job-context';
import { clusterConfig } from './cluster-info';

/** `/hybrid host deregister <name>`: asks an approver; nothing changes before the approval. */
export const hostDeregister: CommandProcessor = async (job, deps) => {
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  const nodeName = host.node?.name ?? (await liveNode(deps, host));
  const plan: DeregistrationPlan = {
    cluster: host.cluster,
    host: host.name,
    site: host.site,
    auth: host.auth,
    ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
    ...(nodeName ? { nodeName } : {}),
    ...(host.activationId ? { activationId: host.activationId } : {}),
  };
  const id = await proposeChange(deps, {
    planned: planDeregistration(plan),
    requester: job.data.request.user,
    channel: cluster.channel,
    requestKey: job.data.request.requestId,
    ...(job.data.request.responseUrl ? { responseUrl: job.data.request.responseUrl } : {}),
  });
  return { change: id };
};

async function liveNode(deps: CommandDeps, host: HostRecord): Promise<string | undefined> {
  const name = host.auth === 'iam-ra' ? host.name : host.managedInstanceId;
  if (!name) return undefined;
  const { kube } = deps.cloud.forCluster(clusterConfig(deps, host.cluster));
  return (await kube.getNode(name))?.name;
}
