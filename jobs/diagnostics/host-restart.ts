import type { PingStatus } from '../../src/cloud-ports';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import {
  type HostRestartPlan,
  planHostRestart,
  RESTARTABLE_SERVICES,
  type RestartableService,
} from '../../src/domain/hosts/host-restart-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';

/**
 * `/hybrid host restart <host> kubelet|containerd` (and the Restart buttons under a host's
 * diagnostics): a change an approver approves; nothing runs on the host before that.
 */
export const hostRestart: CommandProcessor<'host restart'> = async (job, deps) => {
  const service = job.data.positionals.service ?? '';
  if (!RESTARTABLE_SERVICES.includes(service as RestartableService)) {
    throw new BotError(
      ErrorCode.Validation,
      `\`${service}\` cannot be restarted by the bot: name one of ${RESTARTABLE_SERVICES.join(', ')}.`,
    );
  }
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  if (host.auth === 'iam-ra' || !host.managedInstanceId) {
    throw new BotError(
      ErrorCode.Validation,
      host.auth === 'iam-ra'
        ? `Host ${host.name} joined through IAM Roles Anywhere: the bot cannot run commands on it. Run \`sudo systemctl restart ${service}\` on the host.`
        : `Host ${host.name} has not registered with SSM yet: there is no ${service} to restart.`,
    );
  }
  const { ssm, kube } = deps.cloud.forCluster(cluster);
  const [instance] = await ssm.describeInstances({ instanceIds: [host.managedInstanceId] });
  if (!instance || !isReachable(instance.pingStatus as PingStatus)) {
    throw new BotError(
      ErrorCode.Conflict,
      `SSM cannot reach ${host.name} (${instance ? `PingStatus ${instance.pingStatus}` : 'no managed instance'}), so no command can restart ${service} there: check power and the network at site ${host.site || 'unknown'}.`,
    );
  }
  const nodeName = host.node?.name ?? host.managedInstanceId;
  const node = await kube.getNode(nodeName);
  if (!node) {
    throw new BotError(
      ErrorCode.Validation,
      `Host ${host.name} has no node in ${cluster.name}: it has not joined, so restarting ${service} cannot bring a node back. Join it with a pool (\`/hybrid pool add <pool> --hosts ${host.name} --cluster ${cluster.name}\`).`,
    );
  }
  const pool = await deps.stores.pools.poolOf(cluster.name, host.name);
  const plan: HostRestartPlan = {
    cluster: cluster.name,
    host: host.name,
    site: host.site,
    managedInstanceId: host.managedInstanceId,
    nodeName,
    service: service as RestartableService,
    nodeReady: node.ready,
    ...(pool ? { pool } : {}),
  };
  return proposeCommandChange(deps, job.data.request, cluster, planHostRestart(plan));
};
