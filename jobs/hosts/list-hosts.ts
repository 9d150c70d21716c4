import { hostFactsSection } from '../../src/blocks/hosts/host-facts-section';
import {
  hostDetailMessage,
  type InventoryFilter,
  inventoryMessage,
} from '../../src/blocks/hosts/inventory-message';
import { HOST_STATUSES, type HostStatus } from '../../src/domain/host-status';
import { BotError, ErrorCode } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { clusterConfig } from '../cluster/cluster-info';
import { hostAndCluster } from '../command-cluster';
import type { BackgroundProcessor, CommandDeps, CommandProcessor } from '../job-context';
import { reconcileCluster } from './reconcile-inventory';

async function filtered(deps: CommandDeps, filter: InventoryFilter) {
  const hosts = await deps.stores.inventory.list(filter.cluster);
  return hosts.filter(
    (h) => (!filter.site || h.site === filter.site) && (!filter.status || h.status === filter.status),
  );
}

/** `/hybrid hosts [--cluster c] [--site s] [--status s] [--refresh] [--page n]` */
export const listHosts: CommandProcessor<'hosts'> = async (job, deps) => {
  const o = job.data.options;
  const filter: InventoryFilter = { cluster: o.cluster, site: o.site, status: o.status };
  if (filter.status && !HOST_STATUSES.includes(filter.status as HostStatus)) {
    throw new BotError(
      ErrorCode.Validation,
      `Status "${filter.status}" is unknown: use one of ${HOST_STATUSES.join(', ')}.`,
    );
  }
  const page = o.page === undefined ? 1 : Number(o.page);
  if (!Number.isInteger(page) || page < 1)
    throw new BotError(ErrorCode.Validation, '`--page` must be a whole number from 1.');
  if (filter.cluster) clusterConfig(deps, filter.cluster);
  if (o.refresh === true) {
    const clusters = filter.cluster ? [clusterConfig(deps, filter.cluster)] : deps.config.clusters;
    for (const c of clusters) await reconcileCluster(deps, c);
  }
  const hosts = await filtered(deps, filter);
  await deps.outbox.send(replyTo(job.data.request, inventoryMessage(hosts, filter, page)), {
    jobId: `reply-${job.id}`,
  });
  return { hosts: hosts.length };
};

/** The Next/Previous page buttons: the same list, replacing the message the button is on. */
export const hostsPage: BackgroundProcessor<'hosts-page'> = async (job, deps) => {
  const { filter, page, responseUrl } = job.data;
  const hosts = await filtered(deps, filter);
  await deps.outbox.send({
    kind: 'respond',
    responseUrl,
    replaceOriginal: true,
    ...inventoryMessage(hosts, filter, page),
  });
};

/** `/hybrid host show <name> [--cluster c]` */
export const showHost: CommandProcessor<'host show'> = async (job, deps) => {
  const name = job.data.positionals.name ?? '';
  const { host } = await hostAndCluster(deps, job.data, name, { withDeregistered: true });
  const message = hostDetailMessage(host);
  if (host.auth === 'ssm' && host.managedInstanceId && !host.deregistered) {
    const facts = await deps.stores.hostFacts.get(host.cluster, host.managedInstanceId);
    message.blocks = [...(message.blocks ?? []), hostFactsSection(host.cluster, facts, deps.clock.now())];
  }
  await deps.outbox.send(replyTo(job.data.request, message), { jobId: `reply-${job.id}` });
  return { host: name };
};
