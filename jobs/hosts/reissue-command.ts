import { BotError, ErrorCode } from '../../src/errors';
import type { CommandProcessor } from '../job-context';
import { REISSUE_ACTIVATION } from './reissue-activation';

/**
 * `/hybrid host reissue <name> [--cluster c]`: a fresh activation for a host that needs one (its
 * activation expired, or it left a pool and `nodeadm uninstall` deregistered it), to its requester
 * privately; the same job as the expiry message's button.
 */
export const hostReissue: CommandProcessor = async (job, deps) => {
  const name = job.data.positionals.name ?? '';
  const wanted = job.data.options.cluster;
  const found = (await deps.stores.inventory.find(name)).filter(
    (h) => !h.deregistered && (!wanted || h.cluster === wanted),
  );
  const [host, ...others] = found;
  if (!host)
    throw new BotError(ErrorCode.NotFound, `No host named ${name} is registered: see \`/hybrid hosts\`.`);
  if (others.length > 0)
    throw new BotError(ErrorCode.Validation, `${name} is in several clusters: add --cluster.`);
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
