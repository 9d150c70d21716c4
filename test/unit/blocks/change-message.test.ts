import { CHANGE_ACTIONS, changeMessage, progressLine } from '../../../src/blocks/changes/change-message';
import type { SlackBlock } from '../../../src/blocks/types';
import { newJournal, progressOf, type StepRecord, withStep } from '../../../src/domain/changes/journal';
import { planPoolLabel } from '../../../src/domain/pools/pool-label-plan';
import { planPoolRemove } from '../../../src/domain/pools/pool-remove-plan';
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
      'Once the cause is fixed, press *Resume*; or *Skip node*, *Abort* or *Roll back*.',
    );
    const running = changeMessage({ ...rollout, state: 'applying' }, steps, progressOf(steps, 1));
    expect(labels(running)).toEqual(['Abort', 'Roll back']);
  });

  it('names, when paused, exactly the buttons it shows, and gives no eta while nothing moves', () => {
    let s: StepRecord[] = steps;
    s = withStep(s, { ...s[0]!, state: 'done', startedAt: 0, endedAt: 60_000 });
    s = withStep(s, { ...s[1]!, state: 'failed', output: 'timed out' });
    const paused = changeMessage(change('paused'), s, { ...progressOf(s, 1), etaMs: 300_000 });
    const text = JSON.stringify(paused.blocks);
    expect(text).toContain('Once the cause is fixed, press *Retry step*; or *Abort*.');
    expect(text).not.toMatch(/Retry it|Resume/);
    expect(text).not.toMatch(/\beta \d/);
    const progress = { groups: 3, groupsDone: 1, failed: 0, running: 1, skipped: 0, etaMs: 120_000 };
    expect(progressLine(progress, 'nodes', 'applying')).toBe('1/3 nodes · 1 running · eta 2 min');
    expect(progressLine(progress, 'nodes', 'paused')).toBe('1/3 nodes · 1 running');
  });

  it('counts the change\'s nodes, not its bookkeeping, and says "1 host" of one', () => {
    const relabel = planPoolLabel({
      cluster: 'demo',
      pool: 'pos',
      from: { labels: {}, taints: [] },
      to: { labels: { tier: 'pos' }, taints: [] },
      hosts: ['pos-1', 'pos-2'].map((name) => ({ name, auth: 'ssm' as const, nodeName: `mi-${name}` })),
    });
    const done = newJournal(relabel.steps).map((x) => ({ ...x, state: 'done' as const }));
    expect(relabel.title).toBe('Relabel pool pos (2 nodes)');
    expect(progressLine(progressOf(done, 5), relabel.unit)).toBe('2/2 nodes');
    const deleting = planPoolRemove({
      cluster: 'demo',
      pool: 'pos',
      hosts: [{ name: 'pos-1', auth: 'ssm', managedInstanceId: 'mi-1', nodeName: 'mi-1' }],
      deletePool: true,
    });
    const waiting = newJournal(deleting.steps);
    expect(deleting.title).toBe('Delete pool pos (1 host)');
    expect(progressLine(progressOf(waiting, 1), deleting.unit)).toBe('0/1 host');
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
