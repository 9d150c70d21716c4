import type { AlertDiagnoseData, BackgroundJobName } from '../../src/background-jobs';
import { type DiagnosedHost, hostUnreachableMessage } from '../../src/blocks/diagnostics/host-debug-message';
import type { PingStatus } from '../../src/cloud-ports';
import type { ClusterConfig } from '../../src/config/schema';
import { isReachable } from '../../src/domain/diagnostics/host-reachability';
import { clusterConfig } from '../cluster/cluster-info';
import { postDiagnostics } from '../diagnostics/debug-poll';
import { startDiagnostics } from '../diagnostics/start-diagnostics';
import type { BackgroundProcessor, CommandDeps } from '../job-context';

export const ALERT_DIAGNOSE = 'alert-diagnose' satisfies BackgroundJobName;

export type AlertDiagnoseOutcome =
  | { outcome: 'sent'; commandId: string }
  | { outcome: 'unreachable' | 'not an SSM host' | 'not in SSM' };

/** The diagnostics an alert decided on: its own job, so a failed SSM call is retried, not lost. */
export const alertDiagnose: BackgroundProcessor<'alert-diagnose'> = async (job, deps) =>
  diagnoseHost(deps, clusterConfig(deps, job.data.cluster), job.data);

/**
 * Runs the diagnostics of an alert's host into the alert's thread: a Run Command when SSM has the
 * agent Online, else one message from SSM alone saying the host itself is unreachable.
 */
export async function diagnoseHost(
  deps: CommandDeps,
  cluster: ClusterConfig,
  d: Pick<AlertDiagnoseData, 'host' | 'key' | 'target'>,
): Promise<AlertDiagnoseOutcome> {
  const record = await deps.stores.inventory.get(cluster.name, d.host);
  const instanceId = record?.managedInstanceId;
  if (!record || record.deregistered || record.auth !== 'ssm' || !instanceId) {
    return { outcome: 'not an SSM host' };
  }
  const [instance] = await deps.cloud
    .forCluster(cluster)
    .ssm.describeInstances({ instanceIds: [instanceId] });
  if (!instance) return { outcome: 'not in SSM' };
  const host: DiagnosedHost = {
    name: record.name,
    managedInstanceId: instanceId,
    cluster: cluster.name,
    ...(record.site ? { site: record.site } : {}),
  };
  const ping = instance.pingStatus as PingStatus;
  if (!isReachable(ping)) {
    const message = hostUnreachableMessage({
      ...host,
      pingStatus: ping,
      ...(instance.lastPingAt !== undefined ? { lastPingAt: instance.lastPingAt } : {}),
    });
    await postDiagnostics(deps, d.target, message, 'result');
    return { outcome: 'unreachable' };
  }
  const { commandId } = await startDiagnostics(deps, { cluster, host, key: d.key, target: d.target });
  return { outcome: 'sent', commandId };
}
