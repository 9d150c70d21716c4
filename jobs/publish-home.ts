import type { Job } from 'bullmq';
import { type HomeCluster, homeView } from '../src/blocks/home-view';
import { COMMANDS } from '../src/domain/commands';
import type { Clock, Outbox } from '../src/ports';

export interface HomeJobData {
  user: string;
}

/** Publishes a user's App Home tab when they open it. */
export function publishHome(deps: { outbox: Outbox; clock: Clock; clusters: HomeCluster[] }) {
  return async (job: Job<HomeJobData>): Promise<void> => {
    await deps.outbox.send(
      { kind: 'home', user: job.data.user, view: homeView(deps.clusters, COMMANDS, deps.clock.now()) },
      { jobId: `home-${job.id}` },
    );
  };
}
