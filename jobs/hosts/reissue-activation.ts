import type { BackgroundJobName } from '../../src/background-jobs';
import { section } from '../../src/blocks/elements';
import {
  activationExpiredMessage,
  activationReissuedNotice,
} from '../../src/blocks/hosts/registration-notices';
import { clusterConfig } from '../cluster/cluster-info';
import type { BackgroundProcessor } from '../job-context';
import { deleteUnused } from './host-credentials';
import { registerOne } from './register-one';
import { expiredSlot } from './watch-registration';

export const REISSUE_ACTIVATION = 'host-reissue' satisfies BackgroundJobName;

/** The expiry message's button: a fresh activation for the same host, to the original requester only. */
export const reissueActivation: BackgroundProcessor<'host-reissue'> = async (job, deps) => {
  const data = job.data;
  const inventory = deps.stores.inventory;
  const record = await inventory.get(data.cluster, data.host);
  const tellClicker = async (text: string) => {
    if (data.responseUrl) {
      await deps.outbox.send({
        kind: 'respond',
        responseUrl: data.responseUrl,
        text,
        blocks: [section(text)],
      });
    }
  };
  if (!record || record.deregistered || record.managedInstanceId || record.node || record.auth !== 'ssm') {
    await tellClicker(`Host ${data.host} needs no new activation (it is registered, removed, or unknown).`);
    return { outcome: 'not needed' };
  }
  const cluster = clusterConfig(deps, data.cluster);
  const requester = record.requestedBy ?? data.clickedBy;
  const previous = record.activationId;
  // The old activation can no longer register anything useful; remove it so only the new one is live.
  await deleteUnused(deps, cluster, record);
  const registration = {
    name: record.name,
    cluster: record.cluster,
    site: record.site,
    ip: record.ip ?? '',
    arch: record.arch ?? 'amd64',
    auth: 'ssm' as const,
    kubernetesVersion: (await deps.cloud.forCluster(cluster).eks.describeCluster(cluster.name)).version,
    // The new bootstrap takes the same step the host was registered for.
    ...(record.join ? { join: true } : {}),
  };
  const to =
    requester === data.clickedBy ? { user: requester, responseUrl: data.responseUrl } : { user: requester };
  const issued = await registerOne(deps, registration, to, `reissue-${data.clickId}`);
  // Only an activation that ran out unused has an expiry message to update; a used one never expired.
  await deps.outbox.send(
    record.status === 'left-pool'
      ? { kind: 'post', channel: cluster.channel, ...activationReissuedNotice(record, data.clickedBy) }
      : {
          kind: 'post',
          channel: cluster.channel,
          slot: expiredSlot(data.cluster, data.host, previous),
          ...activationExpiredMessage(record, data.clickedBy),
        },
  );
  return { outcome: 'reissued', activationId: issued.activationId };
};
