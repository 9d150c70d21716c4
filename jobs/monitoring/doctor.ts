import { doctorMessage } from '../../src/blocks/monitoring/doctor-message';
import { runDoctor } from '../../src/domain/doctor';
import { BotError } from '../../src/errors';
import { replyTo } from '../../src/ports';
import { gatherClusterFacts } from '../cluster/cluster-facts';
import { clusterConfig } from '../cluster/cluster-info';
import type { CommandProcessor } from '../job-context';
import { doctorHosts } from './doctor-hosts';

/** `/hybrid doctor <cluster>`: gathers the cluster's facts and posts the checklist where it was asked. */
export function doctorCommand(): CommandProcessor<'doctor'> {
  return async (job, deps) => {
    const cluster = clusterConfig(deps, job.data.positionals.cluster ?? '');
    if (job.data.options.hosts === true) return doctorHosts(job, deps, cluster);
    const facts = await gatherClusterFacts(cluster, deps).catch((err: unknown) => {
      if (err instanceof BotError) {
        throw new BotError(err.code, `Could not read ${cluster.name}: ${err.userMessage}`, {
          cause: err,
          retryable: err.retryable,
        });
      }
      throw err;
    });
    const items = runDoctor(facts);
    await deps.outbox.send(
      replyTo(job.data.request, doctorMessage(cluster.name, items, deps.clock.now()), 'in_channel'),
      { jobId: `reply-${job.id}` },
    );
    return { results: items.map((i) => `${i.id}:${i.result}`) };
  };
}
