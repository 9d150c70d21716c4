import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';
import { REISSUE_ACTIVATION } from './reissue-activation';

/**
 * `/hybrid host reissue <name> [--cluster c]`: a fresh activation for a host that needs one (its
 * activation expired, or it left a pool and `nodeadm uninstall` deregistered it), to its requester
 * privately; the same job as the expiry message's button.
 */
export const hostReissue: CommandProcessor<'host reissue'> = async (job, deps) => {
  const { host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  const { request } = job.data;
  await deps.background.start(
    REISSUE_ACTIVATION,
    {
      cluster: host.cluster,
      host: host.name,
      clickedBy: request.user,
      ...(request.responseUrl ? { responseUrl: request.responseUrl } : {}),
      clickId: `cmd-${request.requestId}`.replace(/[^\w.-]/g, '_'),
    },
    `reissue-cmd-${request.requestId}`.replace(/[^\w.-]/g, '_'),
  );
  return { host: host.name };
};
