import type { DiagnosedHost } from '../../src/blocks/diagnostics/host-debug-message';
import { hostUnreachableMessage } from '../../src/blocks/diagnostics/host-debug-message';
import {
  hostDebugByHandMessage,
  hostDebugRunningMessage,
  hostDebugStartedReply,
} from '../../src/blocks/diagnostics/host-debug-progress';
import type { PingStatus } from '../../src/cloud-ports';
import {
  DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
  diagnosticsScript,
} from '../../src/domain/diagnostics/diagnostics-script';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';
import { HOST_DEBUG_POLL, schedulePoll } from './debug-poll';

/** The slot of the channel message a debug request posts, then replaces with its summary. */
export const debugSlot = (requestId: string) => `debug-${requestId}`;

/** Names the request in SSM's command history: a retried job finds its command instead of sending another. */
export const debugComment = (requestId: string) => `hybrid-bot host debug ${requestId}`.slice(0, 100);

/**
 * `/hybrid host debug <host> [--cluster c]`: one read-only Run Command on an Online SSM host, its
 * summary in the cluster's channel and the full output in the thread. A host SSM cannot reach is
 * answered from SSM alone; an IAM Roles Anywhere host (no agent) gets the script to run by hand.
 */
export const hostDebug: CommandProcessor<'host debug'> = async (job, deps) => {
  const { request } = job.data;
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  const reply = (m: Parameters<typeof replyTo>[1], visibility: 'ephemeral' | 'in_channel' = 'ephemeral') =>
    deps.outbox.send(replyTo(request, m, visibility), { jobId: `reply-${job.id}` });

  if (host.auth === 'iam-ra') {
    await reply(hostDebugByHandMessage(host, diagnosticsScript()));
    return { outcome: 'by hand' };
  }
  const instanceId = host.managedInstanceId;
  if (!instanceId) {
    throw new BotError(
      ErrorCode.Validation,
      `Host ${host.name} has not registered with SSM yet, so nothing can run on it: run its bootstrap first (\`/hybrid host reissue ${host.name} --cluster ${cluster.name}\` if its activation expired).`,
    );
  }
  const { ssm } = deps.cloud.forCluster(cluster);
  const [instance] = await ssm.describeInstances({ instanceIds: [instanceId] });
  if (!instance) {
    throw new BotError(
      ErrorCode.NotFound,
      `SSM no longer lists ${host.name}'s managed instance ${instanceId}: it was deregistered outside the bot. Run \`/hybrid hosts --cluster ${cluster.name} --refresh\`.`,
    );
  }
  const diagnosed: DiagnosedHost = {
    name: host.name,
    managedInstanceId: instanceId,
    cluster: cluster.name,
    ...(host.site ? { site: host.site } : {}),
  };
  const ping = instance.pingStatus as PingStatus;
  if (!isReachable(ping)) {
    await reply(
      hostUnreachableMessage({
        ...diagnosed,
        pingStatus: ping,
        ...(instance.lastPingAt !== undefined ? { lastPingAt: instance.lastPingAt } : {}),
      }),
      'in_channel',
    );
    return { outcome: 'unreachable' };
  }

  const comment = debugComment(request.requestId);
  const commandId =
    (await ssm.findCommand(instanceId, comment)) ??
    (await ssm.sendShellCommand(
      [instanceId],
      [diagnosticsScript()],
      DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
      comment,
    ));
  const slot = debugSlot(request.requestId);
  const startedAt = deps.clock.now();
  await deps.outbox.send(
    {
      kind: 'post',
      channel: cluster.channel,
      slot,
      seq: await deps.outbox.reserveVersion(slot),
      ...hostDebugRunningMessage(diagnosed, {
        requester: request.user,
        commandId,
        limitSeconds: DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
        startedAt,
      }),
    },
    { jobId: `${slot}-running` },
  );
  await schedulePoll(deps, {
    cluster: cluster.name,
    host: host.name,
    ...(host.site ? { site: host.site } : {}),
    instanceId,
    commandId,
    slot,
    requester: request.user,
    startedAt,
    attempt: 0,
  });
  await reply(hostDebugStartedReply(diagnosed, cluster.channel));
  return { outcome: 'sent', commandId, poll: HOST_DEBUG_POLL };
};
