import type { ClusterConfig } from '../src/config/schema';
import type { PlannedChange } from '../src/domain/changes/planner';
import type { RequestContext } from '../src/job-data';
import { proposeChange } from './changes/propose-change';
import type { CommandDeps } from './job-context';

/**
 * A command's planned change, asked for in its cluster's channel for the person who typed the
 * command or sent its form; a retried job proposes once (the request's ID is the key). A request
 * clicked in another message's thread has the change report there too.
 */
export async function proposeCommandChange<P>(
  deps: CommandDeps,
  request: RequestContext,
  cluster: Pick<ClusterConfig, 'channel'>,
  planned: PlannedChange<P>,
  opts: { mirrors?: string[] } = {},
): Promise<{ change: string }> {
  const change = await proposeChange(deps, {
    planned,
    requester: request.user,
    channel: cluster.channel,
    requestKey: request.requestId,
    ...(request.responseUrl ? { responseUrl: request.responseUrl } : {}),
    ...(request.reportThread ? { reportThread: request.reportThread } : {}),
    ...(opts.mirrors?.length ? { mirrors: opts.mirrors } : {}),
  });
  return { change };
}
