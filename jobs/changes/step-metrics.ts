import type { Job } from 'bullmq';
import { asBotError } from '../../src/errors';
import type { CommandDeps } from '../job-context';
import { StepLeavesGroup, StepWaiting } from './change-feature';

/**
 * Times one run of a step and counts how it ended: done, waiting (it looks again later), skipped
 * (it left its group), retry (a transient failure, tried again) or failed (the change pauses, or
 * its group gives up).
 */
export function stepTimer(deps: Pick<CommandDeps, 'metrics'>, kind: string, action: string) {
  const started = performance.now();
  const observe = (outcome: string) =>
    deps.metrics.changeStep(kind, action, outcome, (performance.now() - started) / 1000);
  return {
    done: () => observe('done'),
    failed: (err: unknown, job: Pick<Job, 'attemptsMade' | 'opts'>) => {
      if (err instanceof StepWaiting) return observe('waiting');
      if (err instanceof StepLeavesGroup) return observe('skipped');
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      observe(asBotError(err).retryable && !lastTry ? 'retry' : 'failed');
    },
  };
}
