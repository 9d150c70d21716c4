import type { StepContext } from './change-feature';
import { noteChange } from './change-report';
import { changeJobId } from './engine';

/**
 * What a step says in its change's thread (and in the thread the change reports to, an alert's),
 * beside its output: something the people following the change must not miss. `what` keys the note,
 * so a step run again (a worker died, it waited and looked again) says it once.
 */
export function sayInThread(ctx: StepContext<unknown>, what: string, text: string): Promise<void> {
  return noteChange(ctx.deps, ctx.change, text, {
    jobId: changeJobId(ctx.change.id, ctx.step.key, what),
    outcome: `step ${ctx.step.key}: ${what}`,
    report: text,
  });
}
