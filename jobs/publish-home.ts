import { homeView } from '../src/blocks/home-view';
import { COMMANDS } from '../src/domain/commands';
import type { BackgroundProcessor } from './job-context';

export interface HomeJobData {
  user: string;
}

/** Publishes a user's App Home tab when they open it. */
export const publishHome: BackgroundProcessor = async (job, deps) => {
  const { user } = job.data as HomeJobData;
  await deps.outbox.send(
    { kind: 'home', user, view: homeView(deps.config.clusters, COMMANDS, deps.clock.now()) },
    { jobId: `home-${job.id}` },
  );
};
