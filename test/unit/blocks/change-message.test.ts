import { CHANGE_ACTIONS, changeMessage, progressLine } from '../../../src/blocks/changes/change-message';
import type { SlackBlock } from '../../../src/blocks/types';
import { newJournal, progressOf, type StepRecord, withStep } from '../../../src/domain/changes/journal';
import { deregistrationChange, deregistrationPlanned } from '../../support/change-fixture';

const planned = deregistrationPlanned;
const change = deregistrationChange;
const buttons = (blocks: SlackBlock[]) =>
  (
    blocks.find((b) => b.type === 'actions') as
      | { elements: Array<{ action_id: string; value: string }> }
      | undefined
  )?.elements ?? [];

describe('the change message', () => {
  const steps = newJournal(planned.steps);

  it('asks for approval with the plan, its diff and buttons bound to the plan hash', () => {
    const m = changeMessage(change('awaiting-approval'), steps, progressOf(steps, 1));
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('run `nodeadm uninstall` on pos-1 through SSM Run Command');
    expect(text).toContain('- node mi-1 (cluster demo, site store-12)');
    expect(buttons(m.blocks).map((b) => [b.action_id, JSON.parse(b.value)])).toEqual([
      [CHANGE_ACTIONS.approve, { id: '41', planHash: 'f'.repeat(64) }],
      [CHANGE_ACTIONS.reject, { id: '41', planHash: 'f'.repeat(64) }],
    ]);
  });

  it('when paused names the failed step and offers Retry and Abort (no Skip for a step that may not be skipped)', () => {
    let s: StepRecord[] = steps;
    s = withStep(s, { ...s[0]!, state: 'done', output: 'cordoned', startedAt: 0, endedAt: 1 });
    s = withStep(s, {
      ...s[1]!,
      state: 'failed',
      output: 'PodDisruptionBudgets keep `apps/web-1` from being evicted',
    });
    const m = changeMessage(change('paused', { approver: 'U0APPROVER' }), s, progressOf(s, 1));
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('approved by <@U0APPROVER>');
    expect(text).toContain('Paused at *Drain node mi-1*: PodDisruptionBudgets keep `apps/web-1`');
    expect(buttons(m.blocks).map((b) => b.action_id)).toEqual([CHANGE_ACTIONS.retry, CHANGE_ACTIONS.abort]);
    expect(JSON.parse(buttons(m.blocks)[0]!.value)).toEqual({ id: '41', step: 'drain' });
  });

  it('a rollout paused at a node offers Resume, Skip node, Abort and Roll back; running, Abort and Roll back', () => {
    let s: StepRecord[] = steps.map((x) => ({ ...x, skipsGroup: true, skippable: true }));
    s = withStep(s, { ...s[1]!, state: 'failed', output: 'did not come back Ready' });
    const rollout = { ...change('paused'), unit: 'nodes', canRollBack: true };
    const labels = (m: { blocks: SlackBlock[] }) =>
      buttons(m.blocks).map((b) => (b as unknown as { text: { text: string } }).text.text);
    const paused = changeMessage(rollout, s, progressOf(s, 1));
    expect(labels(paused)).toEqual(['Resume', 'Skip node', 'Abort', 'Roll back']);
    expect(JSON.stringify(paused.blocks)).toContain(
      'Resume once the cause is fixed, skip the node, roll back or abort',
    );
    const running = changeMessage({ ...rollout, state: 'applying' }, steps, progressOf(steps, 1));
    expect(labels(running)).toEqual(['Abort', 'Roll back']);
  });

  it('has no buttons once the change is over', () => {
    const done = steps.map((s) => ({ ...s, state: 'done' as const }));
    expect(buttons(changeMessage(change('done'), done, progressOf(done, 1)).blocks)).toEqual([]);
  });

  it('says how far a rollout is in one line', () => {
    expect(
      progressLine({ groups: 20, groupsDone: 7, failed: 1, running: 0, skipped: 0, etaMs: 360_000 }, 'nodes'),
    ).toBe('7/20 nodes · 1 failed · eta 6 min');
  });
});
