import { clusterExportMessage, clustersMessage } from '../../src/blocks/clusters/clusters-message';
import { replyTo } from '../../src/ports';
import type { CommandProcessor } from '../job-context';
import { registeredCluster } from './cluster-lookup';

/** `/hybrid clusters`: the file's clusters and the imported ones, with region and channels. */
export const clustersList: CommandProcessor<'clusters'> = async (job, deps) => {
  const list = deps.stores.clusters.list();
  await deps.outbox.send(replyTo(job.data.request, clustersMessage(list)), { jobId: `reply-${job.id}` });
  return { clusters: list.length };
};

/** `/hybrid cluster export <name>`: the entry for the configuration file, as YAML. */
export const clusterExport: CommandProcessor<'cluster export'> = async (job, deps) => {
  const found = registeredCluster(deps, (job.data.positionals.name ?? '').trim());
  await deps.outbox.send(replyTo(job.data.request, clusterExportMessage(found)), {
    jobId: `reply-${job.id}`,
  });
  return { cluster: found.cluster.name, source: found.source };
};
