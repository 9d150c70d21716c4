import {
  budgetsCovering,
  type HostRebootPlan,
  planHostReboot,
} from '../../src/domain/hosts/host-reboot-plan';
import { proposeCommandChange } from '../command-change';
import type { CommandProcessor } from '../job-context';
import { remediableHost } from './remediable-host';

/**
 * `/hybrid host reboot <host>` (and the Reboot host button under a host's diagnostics): a change
 * an approver approves; nothing happens to the node or the host before that.
 */
export const hostReboot: CommandProcessor<'host reboot'> = async (job, deps) => {
  const { cluster, host, managedInstanceId, nodeName, node, kube } = await remediableHost(
    deps,
    job.data,
    job.data.positionals.name ?? '',
    {
      noCommand: 'no command can reboot it',
      unregistered: 'the bot cannot reboot it',
      doing: 'a reboot',
      // As the bot's own drain: pods a NotReady node's kubelet cannot end are not waited for forever.
      byHand: (n) =>
        `Reboot it by hand: \`kubectl drain ${n} --ignore-daemonsets --delete-emptydir-data --skip-wait-for-delete-timeout=${deps.config.pools.drainSkipTerminatingSeconds}\`, \`sudo systemctl reboot\` on the host, then \`kubectl uncordon ${n}\` once the node is Ready.`,
    },
  );
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
    managedInstanceId,
    nodeName,
    nodeReady: node.ready,
    ...(node.bootId ? { bootId: node.bootId } : {}),
    ...(pool ? { pool } : {}),
    pods: evicted.map((p) => `${p.namespace}/${p.name}`),
    budgets,
  };
  return proposeCommandChange(deps, job.data.request, cluster, planHostReboot(plan));
};
