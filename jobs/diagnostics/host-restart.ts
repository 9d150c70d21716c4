import {
  type HostRestartPlan,
  planHostRestart,
  RESTARTABLE_SERVICES,
  type RestartableService,
} from '../../src/domain/hosts/host-restart-plan';
import { BotError, ErrorCode } from '../../src/errors';
import { proposeCommandChange } from '../command-change';
import type { CommandProcessor } from '../job-context';
import { remediableHost } from './remediable-host';

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
  const { cluster, host, managedInstanceId, nodeName, node } = await remediableHost(
    deps,
    job.data,
    job.data.positionals.name ?? '',
    {
      noCommand: `no command can restart ${service} there`,
      unregistered: `there is no ${service} to restart`,
      doing: `restarting ${service}`,
      byHand: () => `Run \`sudo systemctl restart ${service}\` on the host.`,
    },
  );
  const pool = await deps.stores.pools.poolOf(cluster.name, host.name);
  const plan: HostRestartPlan = {
    cluster: cluster.name,
    host: host.name,
    site: host.site,
    managedInstanceId,
    nodeName,
    service: service as RestartableService,
    nodeReady: node.ready,
    ...(pool ? { pool } : {}),
  };
  return proposeCommandChange(deps, job.data.request, cluster, planHostRestart(plan));
};
