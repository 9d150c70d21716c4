import {
  activationsWithdrawnMessage,
  activationsWithdrawnNotice,
} from '../../src/blocks/hosts/withdrawn-message';
import type { SecretCarried } from '../../src/job-data';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandDeps } from '../job-context';

/**
 * A bootstrap (or bulk codes file) Slack never took in time: delete its activations in SSM, mark the
 * hosts so their names are free again, and tell the requester once (and the channel). Safe to run twice.
 */
export async function withdrawActivations(
  deps: CommandDeps,
  carried: SecretCarried,
  outboxJobId: string,
): Promise<void> {
  const inventory = deps.stores.inventory;
  for (const a of carried.activations) {
    await deps.cloud.forCluster(clusterConfig(deps, a.cluster)).ssm.deleteActivation(a.activationId);
    const record = await inventory.get(a.cluster, a.host);
    if (record?.activationId === a.activationId && !record.managedInstanceId && !record.deregistered) {
      await inventory.put({ ...record, deregistered: true, status: 'deregistered' });
    }
  }
  const [first] = carried.activations;
  await deps.audit.append({
    at: deps.clock.now(),
    user: carried.requester,
    channel: carried.requester,
    command: `bootstrap delivery (${first?.cluster ?? 'unknown cluster'})`,
    outcome: 'activations withdrawn: Slack did not take the bootstrap in time',
    detail: carried.activations.map((a) => `${a.host} ${a.activationId}`).join(', '),
  });
  // A direct message: the reply link of the original request has expired by now.
  await deps.outbox.send(
    { kind: 'post', channel: carried.requester, ...activationsWithdrawnMessage(carried.activations) },
    { jobId: `withdrawn-${outboxJobId}` },
  );
  // The channel heard that the activation was issued; it hears that it is gone.
  const channels = new Set(carried.activations.map((a) => clusterConfig(deps, a.cluster).channel));
  for (const channel of channels) {
    await deps.outbox.send(
      { kind: 'post', channel, ...activationsWithdrawnNotice(carried.activations, carried.requester) },
      { jobId: `withdrawn-${outboxJobId}-${channel}` },
    );
  }
}
