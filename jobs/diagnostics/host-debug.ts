import type { DiagnosedHost } from '../../src/blocks/diagnostics/host-debug-message';
import { hostUnreachableMessage } from '../../src/blocks/diagnostics/host-debug-message';
import { hostDebugStartedReply } from '../../src/blocks/diagnostics/host-debug-progress';
import { hostDebugByHandMessage } from '../../src/blocks/diagnostics/host-debug-upload';
import type { PingStatus } from '../../src/cloud-ports';
import { diagnosticsByHandCommand } from '../../src/domain/diagnostics/diagnostics-by-hand';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { hostAndCluster } from '../command-cluster';
import type { CommandProcessor } from '../job-context';
import { startDiagnostics } from './start-diagnostics';

/**
 * `/hybrid host debug <host> [--cluster c]`: one read-only Run Command on an Online SSM host, its
 * summary in the cluster's channel and the full output in the thread. A host SSM cannot reach is
 * answered from SSM alone; an IAM Roles Anywhere host (no agent) gets one command to run by hand, and
 * a button to upload what it wrote (read by `host debug-upload`).
 */
export const hostDebug: CommandProcessor<'host debug'> = async (job, deps) => {
  const { request } = job.data;
  const { cluster, host } = await hostAndCluster(deps, job.data, job.data.positionals.name ?? '');
  const reply = (m: Parameters<typeof replyTo>[1], visibility: 'ephemeral' | 'in_channel' = 'ephemeral') =>
    deps.outbox.send(replyTo(request, m, visibility), { jobId: `reply-${job.id}` });

  if (host.auth === 'iam-ra') {
    const target = { name: host.name, cluster: cluster.name };
    await reply(hostDebugByHandMessage(target, diagnosticsByHandCommand(target)));
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

  const { commandId } = await startDiagnostics(deps, {
    cluster,
    host: diagnosed,
    key: `request ${request.requestId}`,
    target: { channel: cluster.channel, slot: `debug-${request.requestId}`, requester: request.user },
  });
  await reply(hostDebugStartedReply(diagnosed, cluster.channel));
  return { outcome: 'sent', commandId };
};
