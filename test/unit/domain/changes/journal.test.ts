import fc from 'fast-check';
import {
  failedGroups,
  isComplete,
  newJournal,
  progressOf,
  runnableSteps,
  type StepRecord,
  type StepSpec,
  withStep,
} from '../../../../src/domain/changes/journal';

function spec(group: string, action: string): StepSpec {
  return {
    key: `${group}-${action}`,
    action,
    title: `${action} ${group}`,
    group,
    skippable: false,
    input: {},
  };
}

const NODE_STEPS = ['cordon', 'drain', 'upgrade', 'uncordon'];
const journalFor = (nodes: string[]) => newJournal(nodes.flatMap((n) => NODE_STEPS.map((a) => spec(n, a))));

describe('journal', () => {
  it('refuses two steps with one key', () => {
    expect(() => newJournal([spec('a', 'x'), spec('a', 'x')])).toThrow('two steps share the key a-x');
  });

  it('runs one group (node) at a time, its steps in order', () => {
    let steps = journalFor(['n1', 'n2']);
    expect(runnableSteps(steps, 1).map((s) => s.key)).toEqual(['n1-cordon']);
    steps = withStep(steps, { ...steps[0]!, state: 'running' });
    expect(runnableSteps(steps, 1)).toEqual([]);
    steps = withStep(steps, { ...steps[0]!, state: 'done' });
    expect(runnableSteps(steps, 1).map((s) => s.key)).toEqual(['n1-drain']);
  });

  it('opens up to maxParallel groups at once, in plan order', () => {
    const steps = journalFor(['n1', 'n2', 'n3']);
    expect(runnableSteps(steps, 2).map((s) => s.key)).toEqual(['n1-cordon', 'n2-cordon']);
  });

  it('starts nothing while a step has failed, so a failure never spreads to the next node', () => {
    let steps = journalFor(['n1', 'n2', 'n3']);
    steps = withStep(steps, { ...steps[0]!, state: 'failed' });
    expect(runnableSteps(steps, 3)).toEqual([]);
  });

  it('starts a group marked afterOthers only once every other group is through', () => {
    let steps = newJournal([
      spec('n1', 'upgrade'),
      spec('n2', 'upgrade'),
      { ...spec('pool', 'record'), afterOthers: true },
    ]);
    expect(runnableSteps(steps, 4).map((s) => s.key)).toEqual(['n1-upgrade', 'n2-upgrade']);
    steps = withStep(steps, { ...steps[0]!, state: 'done' });
    expect(runnableSteps(steps, 4).map((s) => s.key)).toEqual(['n2-upgrade']);
    steps = withStep(steps, { ...steps[1]!, state: 'skipped' });
    expect(runnableSteps(steps, 4).map((s) => s.key)).toEqual(['pool-record']);
  });

  it("starts a wave's groups only once every group of the waves before is through, given up or not", () => {
    let steps = newJournal([
      { ...spec('p1', 'roll'), wave: 0 },
      { ...spec('bake0', 'bake'), wave: 0.5 },
      { ...spec('p2', 'roll'), wave: 1 },
      { ...spec('p3', 'roll'), wave: 1 },
    ]);
    expect(runnableSteps(steps, 4).map((s) => s.key)).toEqual(['p1-roll']);
    steps = withStep(steps, { ...steps[0]!, state: 'done' });
    expect(runnableSteps(steps, 4).map((s) => s.key)).toEqual(['bake0-bake']);
    steps = withStep(steps, { ...steps[1]!, state: 'running' });
    expect(runnableSteps(steps, 4)).toEqual([]);
    steps = withStep(steps, { ...steps[1]!, state: 'done' });
    expect(runnableSteps(steps, 1).map((s) => s.key)).toEqual(['p2-roll']);
    // Going on past a failed pool: the wave is through once that pool is given up on.
    steps = newJournal([
      { ...spec('p1', 'roll'), wave: 0 },
      { ...spec('p1', 'await'), wave: 0 },
      { ...spec('p2', 'roll'), wave: 1 },
    ]);
    steps = withStep(steps, { ...steps[0]!, state: 'failed' });
    expect(runnableSteps(steps, 2)).toEqual([]);
    steps = withStep(steps, { ...steps[1]!, state: 'skipped' });
    expect(runnableSteps(steps, 2, { continueOnFailure: true }).map((s) => s.key)).toEqual(['p2-roll']);
  });

  it('a skipped step counts as settled', () => {
    let steps = journalFor(['n1']);
    steps = withStep(steps, { ...steps[0]!, state: 'skipped' });
    expect(runnableSteps(steps, 1).map((s) => s.key)).toEqual(['n1-drain']);
  });

  it('driven to the end in any order of completions, every step runs exactly once and never more than maxParallel groups are open', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
        (nodes, parallel, picks) => {
          let steps: StepRecord[] = journalFor(Array.from({ length: nodes }, (_, i) => `n${i}`));
          const started: string[] = [];
          let pick = 0;
          while (!isComplete(steps)) {
            for (const s of runnableSteps(steps, parallel)) {
              started.push(s.key);
              steps = withStep(steps, { ...s, state: 'running' });
            }
            const running = steps.filter((s) => s.state === 'running');
            const openGroups = new Set(steps.filter((s) => s.state === 'running').map((s) => s.group));
            expect(openGroups.size).toBeLessThanOrEqual(parallel);
            const finish = running[(picks[pick++ % picks.length] ?? 0) % running.length];
            if (!finish) throw new Error('stuck: nothing running and not complete');
            steps = withStep(steps, { ...finish, state: 'done' });
          }
          expect(started.sort()).toEqual(steps.map((s) => s.key).sort());
        },
      ),
    );
  });

  it('reports progress by node with an estimate from the nodes finished so far', () => {
    let steps = journalFor(['n1', 'n2', 'n3', 'n4']);
    for (const s of steps.filter((x) => x.group === 'n1')) {
      steps = withStep(steps, { ...s, state: 'done', startedAt: 0, endedAt: 120_000 });
    }
    const first = steps.find((s) => s.group === 'n2')!;
    steps = withStep(steps, { ...first, state: 'failed', startedAt: 120_000 });
    expect(progressOf(steps, 1)).toEqual({
      groups: 4,
      groupsDone: 1,
      failed: 1,
      running: 0,
      skipped: 0,
      etaMs: 360_000,
    });
  });

  it('does not count a closing group (a pool record after the others) as one of the nodes', () => {
    const steps = newJournal([
      spec('n1', 'upgrade'),
      spec('n2', 'upgrade'),
      { ...spec('pool', 'record'), afterOthers: true },
    ]);
    expect(progressOf(steps, 1).groups).toBe(2);
    // Nor the pool's record written first, marked as bookkeeping.
    const relabel = newJournal([{ ...spec('pool', 'record'), bookkeeping: true }, spec('n1', 'patch')]);
    expect(progressOf(relabel, 1).groups).toBe(1);
    // A change that is nothing but its closing group still shows it.
    expect(progressOf(newJournal([{ ...spec('pool', 'record'), afterOthers: true }]), 1).groups).toBe(1);
  });
});

it('counts nodes, not steps: a node with two skipped steps is one skipped node; rolling back, the nodes going back', () => {
  let steps = newJournal([
    spec('n1', 'drain'),
    spec('n1', 'upgrade'),
    spec('n2', 'drain'),
    spec('n2', 'upgrade'),
  ]);
  steps = steps.map((s) =>
    s.group === 'n1' ? { ...s, state: 'done' as const } : { ...s, state: 'skipped' as const },
  );
  expect(progressOf(steps, 1)).toMatchObject({ groups: 2, groupsDone: 2, skipped: 1, failed: 0 });
  const back = newJournal([...steps, { ...spec('back:n1', 'upgrade'), back: true }]).map((s, i) =>
    i < steps.length ? { ...s, state: steps[i]!.state } : s,
  );
  expect(progressOf(back, 1)).toMatchObject({ groups: 1, groupsDone: 0 });
});

describe('going on past a failed group', () => {
  const specs = ['h1', 'h2', 'h3'].flatMap((g) =>
    ['install', 'init'].map((a) => ({
      key: `${g}.${a}`,
      action: a,
      title: `${a} ${g}`,
      group: g,
      skippable: false,
      input: {},
    })),
  );

  it('starts other groups while one is given up on, and is complete when all others are done', () => {
    let steps = newJournal(specs);
    steps = withStep(steps, { ...steps[0]!, state: 'failed', output: 'nodeadm install failed' });
    steps = withStep(steps, { ...steps[1]!, state: 'skipped' });
    expect(runnableSteps(steps, 1)).toEqual([]);
    expect(runnableSteps(steps, 1, { continueOnFailure: true }).map((s) => s.key)).toEqual(['h2.install']);
    for (const i of [2, 3, 4, 5]) steps = withStep(steps, { ...steps[i]!, state: 'done' });
    expect(isComplete(steps)).toBe(false);
    expect(isComplete(steps, { continueOnFailure: true })).toBe(true);
    expect(failedGroups(steps)).toEqual([{ group: 'h1', output: 'nodeadm install failed' }]);
  });
});
