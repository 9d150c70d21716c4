import { unknownKindNote } from '../../src/blocks/changes/change-thread-notes';
import type { ChangeRecord } from '../../src/domain/changes/change';
import type { CommandDeps } from '../job-context';
import { ReportedFailure } from '../reported-failure';
import type { ChangeFeature, ChangeFeatures } from './change-feature';
import { noteChange, showChange } from './change-report';
import { changeJobId } from './engine';

/**
 * The feature that runs a change. A change of a kind this bot does not know (written by another
 * version of the bot) is said in its thread, once, and goes no further until a version that knows
 * it runs or someone aborts it.
 */
export async function featureOf(
  deps: CommandDeps,
  features: ChangeFeatures,
  change: ChangeRecord,
): Promise<ChangeFeature> {
  const feature = features.get(change.kind);
  if (feature) return feature;
  // Its message first (it may never have been posted), so the note lands in its thread.
  await showChange(deps, change.id);
  await noteChange(deps, change, unknownKindNote(change), {
    jobId: changeJobId(change.id, 'unknown-kind'),
    outcome: 'unknown kind',
  });
  throw new ReportedFailure(`change ${change.id} is of unknown kind ${change.kind}`);
}
