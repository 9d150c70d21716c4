import type { BackgroundJobName, DiagnosticsTarget, HostDebugPollData } from '../../src/background-jobs';
import { type DiagnosedHost, hostDebugMessage } from '../../src/blocks/diagnostics/host-debug-message';
import { hostDebugFailedMessage } from '../../src/blocks/diagnostics/host-debug-progress';
import { withRemedies } from '../../src/blocks/diagnostics/host-remedy-buttons';
import type { SlackMessage } from '../../src/blocks/types';
import { nextLookMs } from '../../src/domain/changes/next-look';
import { DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS } from '../../src/domain/diagnostics/diagnostics-script';
import { parseDiagnostics } from '../../src/domain/diagnostics/parse-diagnostics';
import { redactSecrets } from '../../src/domain/diagnostics/redact-secrets';
import { clusterConfig } from '../cluster/cluster-info';
import type { BackgroundProcessor, CommandDeps } from '../job-context';

export const HOST_DEBUG_POLL = 'host-debug-poll' satisfies BackgroundJobName;

const RUNNING = new Set(['Pending', 'InProgress', 'Delayed', 'Cancelling']);
/** Past SSM's own execution timeout, a command still not ended is reported rather than awaited. */
const GIVE_UP_MS = (DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS + 120) * 1000;

export async function schedulePoll(
  deps: Pick<CommandDeps, 'background' | 'config' | 'clock'>,
  data: HostDebugPollData,
): Promise<void> {
  const delayMs = nextLookMs(deps.clock.now() - data.startedAt, deps.config.pools);
  await deps.background.start(HOST_DEBUG_POLL, data, `${data.target.slot}-look-${data.attempt}`, {
    delayMs,
  });
}

/**
 * Looks at the diagnostics Run Command; once it has ended, replaces the channel message with the
 * summary and shares the full output, redacted, in its thread. Each look is its own job, so a
 * long command holds no worker, and every message is keyed so a look run twice posts once.
 */
export const hostDebugPoll: BackgroundProcessor<'host-debug-poll'> = async (job, deps) => {
  const d = job.data;
  const cluster = clusterConfig(deps, d.cluster);
  const { ssm } = deps.cloud.forCluster(cluster);
  const show = (message: SlackMessage) => postDiagnostics(deps, d.target, message, 'result');
  const result = await ssm.getCommandResult(d.commandId, d.instanceId);
  const host: DiagnosedHost = {
    name: d.host,
    managedInstanceId: d.instanceId,
    cluster: d.cluster,
    ...(d.site ? { site: d.site } : {}),
  };
  const waited = deps.clock.now() - d.startedAt;
  if (!RUNNING.has(result.status) || waited >= GIVE_UP_MS)
    await deps.stores.diagnosing.end(d.cluster, d.target.slot);
  if (RUNNING.has(result.status)) {
    if (waited < GIVE_UP_MS) {
      await schedulePoll(deps, { ...d, attempt: d.attempt + 1 });
      return { outcome: result.status };
    }
    await show(
      hostDebugFailedMessage(host, {
        commandId: d.commandId,
        status: result.status,
        waitedMinutes: Math.round(waited / 60_000),
      }),
    );
    return { outcome: 'gave up' };
  }
  if (!result.stdout.trim()) {
    await show(
      hostDebugFailedMessage(host, { commandId: d.commandId, status: result.status, stderr: result.stderr }),
    );
    return { outcome: result.status };
  }
  const diagnostics = parseDiagnostics(result.stdout);
  // In an alert's thread, a remedy clicked there reports there too.
  const thread = d.target.threadOfSlot
    ? { channel: d.target.channel, slot: d.target.threadOfSlot }
    : undefined;
  await postDiagnosticsResult(
    deps,
    d.target,
    withRemedies(hostDebugMessage(host, diagnostics, deps.clock.now()), host, diagnostics, thread),
    {
      host: d.host,
      title: `Host debug: ${d.host} (${d.instanceId}), full output`,
      output: result.stderr.trim() ? `${result.stdout}\n=== stderr ===\n${result.stderr}` : result.stdout,
    },
  );
  return {
    outcome: 'diagnosed',
    failedChecks: diagnostics.nodeadm.checks.filter((c) => !c.passed).length,
  };
};

/** The diagnostics' own message at its target: posted, then replaced in place (`stage` keys each send). */
export async function postDiagnostics(
  deps: Pick<CommandDeps, 'outbox'>,
  target: DiagnosticsTarget,
  message: SlackMessage,
  stage: 'running' | 'result',
): Promise<void> {
  await deps.outbox.send(
    {
      kind: 'post',
      channel: target.channel,
      slot: target.slot,
      ...(target.threadOfSlot ? { threadOfSlot: target.threadOfSlot } : {}),
      seq: await deps.outbox.reserveVersion(target.slot),
      ...message,
    },
    { jobId: `${target.slot}-${stage}` },
  );
}

/**
 * The summary at the target, replacing whatever it showed, and the host's full output, redacted, as a
 * file in its thread: the same for a Run Command's output and for one run by hand and uploaded.
 */
export async function postDiagnosticsResult(
  deps: Pick<CommandDeps, 'outbox' | 'clock'>,
  target: DiagnosticsTarget,
  summary: SlackMessage,
  full: { host: string; title: string; output: string },
): Promise<void> {
  await postDiagnostics(deps, target, summary, 'result');
  await deps.outbox.send(
    {
      kind: 'thread-file',
      channel: target.channel,
      threadOfSlot: target.threadOfSlot ?? target.slot,
      filename: `${full.host}-debug-${new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-')}.txt`,
      title: full.title,
      content: redactSecrets(full.output),
    },
    { jobId: `${target.slot}-file` },
  );
}
