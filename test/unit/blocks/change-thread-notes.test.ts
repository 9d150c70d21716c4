import {
  abortedNote,
  doneNote,
  pausedNote,
  resumedNote,
  rolledBackNote,
  unknownKindNote,
} from '../../../src/blocks/changes/change-thread-notes';

const change = {
  id: '7',
  kind: 'pool-upgrade',
  title: 'Roll edge@1.1.0 out to pool tills (3 nodes)',
  unit: 'nodes',
  requester: 'U0OPERATOR',
};
const step = (skippable: boolean, skipsGroup = false) => ({
  title: 'Drain n2',
  group: 'n2',
  skippable,
  skipsGroup,
});

describe("a change's thread notes", () => {
  it('a pause tells the requester which step failed and offers Skip only for a step that may be skipped', () => {
    expect(pausedNote(change, step(true), 'PodDisruptionBudgets keep `apps/web-1`')).toBe(
      ':warning: <@U0OPERATOR> *Drain n2* failed: PodDisruptionBudgets keep `apps/web-1`\n' +
        'The change is paused: an approver can retry the step, skip it or abort.',
    );
    expect(pausedNote(change, step(false), 'timed out')).toContain('can retry the step or abort.');
  });

  it('done names the groups that failed, if any', () => {
    expect(doneNote(change, [])).toBe(`:white_check_mark: Done: ${change.title}.`);
    expect(doneNote(change, ['n1', 'n3'])).toBe(
      `:warning: Done: ${change.title}, but 2 of the nodes failed: n1, n3. Each failure is in this thread.`,
    );
  });

  it('a skip says when the rest of the group is left as it is', () => {
    expect(resumedNote('retry', step(true), 'U0APPROVER')).toBe(
      ':repeat: Retrying *Drain n2* (<@U0APPROVER>).',
    );
    expect(resumedNote('skip', step(true, true), 'U0APPROVER')).toBe(
      ':fast_forward: Skipped *Drain n2* and the rest of n2, left as it is (<@U0APPROVER>).',
    );
  });

  it('an abort says what stays as it is and what was let go of', () => {
    expect(abortedNote('U0APPROVER', 'Node n2 stays cordoned.', 'Released 1 host.')).toBe(
      ':octagonal_sign: Aborted by <@U0APPROVER>: no further step runs. Node n2 stays cordoned.\nReleased 1 host.',
    );
    expect(abortedNote('U0APPROVER', undefined, '')).toBe(
      ':octagonal_sign: Aborted by <@U0APPROVER>: no further step runs.',
    );
  });

  it('a roll-back ends with what its last step did, as a sentence', () => {
    expect(rolledBackNote(change, 'every node runs edge@1.0.0')).toBe(
      `:leftwards_arrow_with_hook: Rolled back: ${change.title}. Every node runs edge@1.0.0.`,
    );
  });

  it('a change of a kind this bot does not know says how to get out', () => {
    expect(unknownKindNote(change)).toContain(
      'Deploy a version of the bot that knows it, or abort the change.',
    );
  });
});
