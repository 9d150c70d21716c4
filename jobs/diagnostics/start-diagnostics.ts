import type { DiagnosticsTarget } from '../../src/background-jobs';
import type { DiagnosedHost } from '../../src/blocks/diagnostics/host-debug-message';
import { hostDebugRunningMessage } from '../../src/blocks/diagnostics/host-debug-progress';
import type { ClusterConfig } from '../../src/config/schema';
import {
  DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
  diagnosticsScript,
} from '../../src/domain/diagnostics/diagnostics-script';
import type { CommandDeps } from '../job-context';
import { postDiagnostics, schedulePoll } from './debug-poll';

/** How long diagnostics count as running when their result never comes (a lost job). */
export const DIAGNOSTICS_IN_FLIGHT_MS = (DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS + 180) * 1000;

/** Names the diagnostics in SSM's command history (at most 100 characters, as SSM allows). */
export const diagnosticsComment = (key: string) => `hybrid-bot diagnostics ${key}`.slice(0, 100);

/**
 * Runs the read-only diagnostics on an Online SSM host once per `key` (a request, an incident): a
 * job run again after a crash finds the command by its comment rather than sending another. Posts
 * "Diagnosing…" at the target, and has a background job look at the command until it ends.
 */
export async function startDiagnostics(
  deps: CommandDeps,
  o: { cluster: ClusterConfig; host: DiagnosedHost; key: string; target: DiagnosticsTarget },
): Promise<{ commandId: string }> {
  const { ssm } = deps.cloud.forCluster(o.cluster);
  const comment = diagnosticsComment(o.key);
  const instanceId = o.host.managedInstanceId;
  const commandId =
    (await ssm.findCommand(instanceId, comment)) ??
    (await ssm.sendShellCommand(
      [instanceId],
      [diagnosticsScript()],
      DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
      comment,
    ));
  const startedAt = deps.clock.now();
  // Counted as running until its result is posted (or SSM's own timeout is long past).
  await deps.stores.diagnosing.begin(
    o.cluster.name,
    o.target.slot,
    o.host.name,
    startedAt + DIAGNOSTICS_IN_FLIGHT_MS,
  );
  await postDiagnostics(
    deps,
    o.target,
    hostDebugRunningMessage(o.host, {
      ...(o.target.requester ? { requester: o.target.requester } : {}),
      commandId,
      limitSeconds: DIAGNOSTICS_EXECUTION_TIMEOUT_SECONDS,
      startedAt,
    }),
    'running',
  );
  await schedulePoll(deps, {
    cluster: o.cluster.name,
    host: o.host.name,
    ...(o.host.site ? { site: o.host.site } : {}),
    instanceId,
    commandId,
    target: o.target,
    startedAt,
    attempt: 0,
  });
  return { commandId };
}
