import { section } from '../../src/blocks/elements';
import { acknowledgeAlert } from '../../src/domain/alerts/alert-acknowledge';
import { type AlertClick, clusterOfAlertKey } from '../../src/domain/alerts/alert-click';
import { type DeliveryAction, planAlertDelivery } from '../../src/domain/alerts/alert-delivery';
import { snoozeAlert } from '../../src/domain/alerts/alert-state';
import { unsnoozeFiringAlert } from '../../src/domain/alerts/alert-unsnooze';
import { hasRole } from '../../src/domain/roles';
import { alertChannels, deliverAlerts } from '../alerts/deliver-alerts';
import type { BackgroundProcessor, CommandDeps } from '../job-context';
import { diagnoseAgain } from './alert-diagnose-again';

/**
 * Acknowledges, snoozes or unsnoozes one alert, updating its message in every channel and noting it
 * in the thread; or runs its host's diagnostics again.
 */
export const alertAction: BackgroundProcessor<'alert-action'> = async (job, deps) => {
  const data = job.data;
  const clusterName = clusterOfAlertKey(data.key);
  const cluster = deps.config.clusters.find((c) => c.name === clusterName);
  if (!hasRole(data.role, 'operator')) {
    await audit(deps, data, 'refused', `needs operator, has ${data.role ?? 'no role'}`);
    return reply(
      deps,
      data,
      job.id,
      data.action === 'diagnose'
        ? 'Diagnosing a host needs the *operator* role, which you do not have.'
        : 'Acknowledging, snoozing and unsnoozing alerts needs the *operator* role, which you do not have.',
    );
  }
  if (!cluster) return reply(deps, data, job.id, `The cluster ${clusterName} is no longer configured.`);
  if (data.action === 'diagnose') {
    const answer = await diagnoseAgain(deps, cluster, data);
    await audit(deps, data, answer.ran ? 'done' : 'refused', answer.text);
    await reply(deps, data, job.id, answer.text);
    return { diagnosed: answer.ran };
  }
  const store = deps.stores.alerts;
  const now = deps.clock.now();
  let refusal: string | undefined;
  const outcome = await store.update(cluster.name, (record) => {
    refusal = undefined;
    if (data.action === 'acknowledge') {
      const acked = acknowledgeAlert(record.group, data.key, data.user, record.snoozes);
      if (!acked.ok) {
        refusal = acked.message;
        return undefined;
      }
      const { version: _version, ...rest } = record;
      return { data: { ...rest, group: acked.state }, result: acked.actions };
    }
    if (data.action === 'unsnooze') {
      const lifted = unsnoozeFiringAlert(record.group, data.key, data.user, record.snoozes, now);
      if (!lifted.ok) {
        refusal = lifted.message;
        return undefined;
      }
      const { version: _version, ...rest } = record;
      return { data: { ...rest, group: lifted.state, snoozes: lifted.snoozes }, result: lifted.actions };
    }
    const tracked = record.group?.alerts[data.key];
    if (!record.group || !tracked) {
      refusal = 'This alert is no longer firing: nothing to snooze.';
      return undefined;
    }
    const snoozes = snoozeAlert(record.snoozes, tracked.alert, data.user, data.seconds ?? 3600, now);
    const plan = planAlertDelivery({
      cluster: cluster.name,
      firing: Object.values(record.group.alerts).map((t) => t.alert),
      state: record.group,
      snoozes,
      now,
      repeatIntervalSeconds: deps.config.monitor.repeatIntervalSeconds,
    });
    const { version: _version, group: _group, ...rest } = record;
    return {
      data: { ...rest, snoozes: plan.snoozes, ...(plan.next ? { group: plan.next } : {}) },
      result: plan.actions,
    };
  });
  await audit(deps, data, outcome ? 'done' : 'refused', refusal);
  if (!outcome) return reply(deps, data, job.id, refusal ?? 'Nothing changed.');
  const actions: DeliveryAction[] = outcome.result;
  await deliverAlerts(
    deps,
    cluster.name,
    actions,
    undefined,
    await alertChannels(cluster, store),
    outcome.version,
  );
  return { actions: actions.map((a) => a.kind) };
};

/** Clicks are audited like commands: who acknowledged or snoozed what. */
async function audit(
  deps: Pick<CommandDeps, 'audit' | 'clock'>,
  data: AlertClick,
  outcome: string,
  detail?: string,
): Promise<void> {
  const what = data.action === 'snooze' ? `snooze ${(data.seconds ?? 3600) / 3600}h` : data.action;
  await deps.audit.append({
    at: deps.clock.now(),
    user: data.user,
    channel: data.channel ?? '',
    command: `alert ${what} ${data.key}`,
    outcome,
    ...(detail ? { detail } : {}),
  });
}

async function reply(
  deps: Pick<CommandDeps, 'outbox'>,
  data: AlertClick,
  jobId: string | undefined,
  text: string,
): Promise<{ refused: string }> {
  if (data.responseUrl) {
    await deps.outbox.send(
      {
        kind: 'respond',
        responseUrl: data.responseUrl,
        responseType: 'ephemeral',
        text,
        blocks: [section(text)],
      },
      { jobId: `reply-${jobId}` },
    );
  }
  return { refused: text };
}
