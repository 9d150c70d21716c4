import type { PingStatus } from '../../src/cloud-ports';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import {
  budgetsCovering,
  type HostRebootPlan,
  planHostReboot,
} from '../../src/domain/hosts/host-reboot-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';

/**
 * `/hybrid host reboot <host>` (and the Reboot host button under a host's diagnostics): a change
 * an approver approves; nothing happens to the node or the host before that.
 */
export const hostReboot: CommandProcessor<'host reboot'> = async (job, deps) => {
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  if (host.auth === 'iam-ra' || !host.managedInstanceId) {
    const node = host.node?.name ?? '<node>';
    // As the bot's own drain: pods a NotReady node's kubelet cannot end are not waited for forever.
    const skipAfter = deps.config.pools.drainSkipTerminatingSeconds;
    throw new BotError(
      ErrorCode.Validation,
      host.auth === 'iam-ra'
        ? `Host ${host.name} joined through IAM Roles Anywhere: the bot cannot run commands on it. Reboot it by hand: \`kubectl drain ${node} --ignore-daemonsets --delete-emptydir-data --skip-wait-for-delete-timeout=${skipAfter}\`, \`sudo systemctl reboot\` on the host, then \`kubectl uncordon ${node}\` once the node is Ready.`
        : `Host ${host.name} has not registered with SSM yet: the bot cannot reboot it.`,
    );
  }
  const { ssm, kube } = deps.cloud.forCluster(cluster);
  const [instance] = await ssm.describeInstances({ instanceIds: [host.managedInstanceId] });
  if (!instance || !isReachable(instance.pingStatus as PingStatus)) {
    throw new BotError(
      ErrorCode.Conflict,
      `SSM cannot reach ${host.name} (${instance ? `PingStatus ${instance.pingStatus}` : 'no managed instance'}), so no command can reboot it: check power and the network at site ${host.site || 'unknown'}.`,
    );
  }
  const nodeName = host.node?.name ?? host.managedInstanceId;
  const node = await kube.getNode(nodeName);
  if (!node) {
    throw new BotError(
      ErrorCode.Validation,
      `Host ${host.name} has no node in ${cluster.name}: it has not joined, so a reboot cannot bring a node back. Join it with a pool (\`/hybrid pool add <pool> --hosts ${host.name} --cluster ${cluster.name}\`).`,
    );
  }
  const [pods, pool] = await Promise.all([
    kube.listPods({ nodeName }),
    deps.stores.pools.poolOf(cluster.name, host.name),
  ]);
  const evicted = pods.filter((p) => !p.mirror && p.owner?.kind !== 'DaemonSet');
  const budgets = evicted.length > 0 ? budgetsCovering(await kube.listDisruptionBudgets(), evicted) : [];
  const plan: HostRebootPlan = {
    cluster: cluster.name,
    host: host.name,
    site: host.site,
    managedInstanceId: host.managedInstanceId,
    nodeName,
    nodeReady: node.ready,
    ...(node.bootId ? { bootId: node.bootId } : {}),
    ...(pool ? { pool } : {}),
    pods: evicted.map((p) => `${p.namespace}/${p.name}`),
    budgets,
  };
  return proposeCommandChange(deps, job.data.request, cluster, planHostReboot(plan));
};
