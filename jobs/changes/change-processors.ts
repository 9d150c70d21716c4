import type { ChangeJobName } from '../../src/change-jobs';
import type { BackgroundProcessors } from '../job-context';
import { act } from './change-actions';
import { advance } from './change-advance';
import { decide, expire } from './change-approval';
import type { ChangeFeatures } from './change-feature';
import { showChange } from './change-report';
import { runStep } from './change-step-run';

/** The engine's jobs, by name; the features it runs come from the composition root. */
export function changeProcessors(features: ChangeFeatures): Pick<BackgroundProcessors, ChangeJobName> {
  return {
    'change-decide': decide,
    'change-act': act(features),
    'change-advance': advance(features),
    'change-step': runStep(features),
    'change-expire': expire,
    'change-show': async (job, deps) => ({
      outcome: (await showChange(deps, job.data.id)) ? 'shown' : 'unknown',
    }),
  };
}
