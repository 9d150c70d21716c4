import { groupTable, LEFT, waveLines } from '../../../src/blocks/changes/group-table';
import { newJournal, type StepRecord, type StepSpec } from '../../../src/domain/changes/journal';

const specs = (hosts: string[]): StepSpec[] =>
  hosts.flatMap((h) =>
    ['Drain', 'nodeadm upgrade 1.31 on', 'Uncordon'].map((what, i) => ({
      key: `${h}.${i}`,
      action: `a${i}`,
      title: `${what} ${h}`,
      group: h,
      skippable: true,
      skipsGroup: true,
      input: {},
    })),
  );

const set = (steps: StepRecord[], key: string, patch: Partial<StepRecord>) =>
  steps.map((s) => (s.key === key ? { ...s, ...patch } : s));

describe('the per-node table of a change message', () => {
  it('lists the nodes under way, failed or left as they were, and counts the ones done and waiting', () => {
    const hosts = Array.from({ length: 30 }, (_, i) => `edge-${String(i + 1).padStart(2, '0')}`);
    let steps = newJournal(specs(hosts));
    for (const i of [0, 1, 2]) steps = set(steps, `edge-01.${i}`, { state: 'done' });
    steps = set(steps, 'edge-02.0', { state: 'running', output: '2 evicted pods still terminating' });
    steps = set(steps, 'edge-03.0', { state: 'done' });
    steps = set(steps, 'edge-03.1', {
      state: 'failed',
      output: '`nodeadm upgrade 1.31` failed on edge-03: disk is read-only.\n```\n{"level":"fatal"}\n```',
    });
    steps = set(steps, 'edge-04.0', { state: 'skipped', output: 'skipped with Drain edge-04' });
    steps = set(steps, 'edge-04.1', { state: 'skipped', output: 'skipped with Drain edge-04' });
    steps = set(steps, 'edge-04.2', { state: 'skipped', output: 'skipped with Drain edge-04' });
    expect(groupTable(steps, 'nodes')).toEqual([
      ':arrows_counterclockwise: `edge-02` Drain edge-02: 2 evicted pods still terminating',
      ':x: `edge-03` nodeadm upgrade 1.31 on edge-03: `nodeadm upgrade 1.31` failed on edge-03: disk is read-only.',
      ':fast_forward: `edge-04` left as it is',
      '1 done · 26 waiting (nodes)',
    ]);
  });

  it('keeps a 200-node rollout to a dozen lines and says how many more are under way', () => {
    const hosts = Array.from({ length: 200 }, (_, i) => `n${i}`);
    const steps = newJournal(specs(hosts)).map((s) =>
      s.key.endsWith('.0') ? { ...s, state: 'running' as const } : s,
    );
    const lines = groupTable(steps, 'nodes');
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toBe('188 more under way (nodes)');
  });

  it('names a node going back as such', () => {
    const steps = newJournal([
      ...specs(['h1']),
      {
        key: 'back.h1',
        action: 'a',
        title: 'Cordon h1 to roll it back',
        group: 'back:h1',
        skippable: true,
        input: {},
      },
    ]).map((s) =>
      s.group === 'back:h1' ? { ...s, state: 'running' as const } : { ...s, state: 'done' as const },
    );
    expect(groupTable(steps, 'nodes')[0]).toBe(
      ':arrows_counterclockwise: `h1 (back)` Cordon h1 to roll it back',
    );
  });

  it('counts the hosts, not the closing step that runs after them, and shows that step while it runs', () => {
    const closing: StepSpec = {
      key: 'coredns.replicas',
      action: 'coredns-on-hybrid',
      title: 'CoreDNS: replicaCount 2 → 4, 2 on hybrid nodes',
      group: 'coredns',
      skippable: true,
      afterOthers: true,
      input: {},
    };
    const steps = newJournal([...specs(['h1', 'h2']), closing]);
    const hostsDone = steps.map((s) => (s.group === 'coredns' ? s : { ...s, state: 'done' as const }));
    expect(groupTable(hostsDone, 'hosts')).toEqual(['2 done (hosts)']);
    expect(
      groupTable(
        set(hostsDone, 'coredns.replicas', { state: 'running', output: 'UpdateAddon sent' }),
        'hosts',
      ),
    ).toEqual([
      ':arrows_counterclockwise: `coredns` CoreDNS: replicaCount 2 → 4, 2 on hybrid nodes: UpdateAddon sent',
      '2 done (hosts)',
    ]);
    expect(groupTable(set(hostsDone, 'coredns.replicas', { state: 'done' }), 'hosts')).toEqual([
      '2 done (hosts)',
    ]);
  });
});

describe('the per-wave lines of a change that runs in waves', () => {
  const wave = (group: string, w: number): StepSpec[] =>
    ['start', 'done'].map((k) => ({
      key: `${group}.${k}`,
      action: k,
      title: `${k} ${group}`,
      group,
      wave: w,
      skippable: true,
      skipsGroup: true,
      input: {},
    }));
  const bake: StepSpec = {
    key: 'wave-1.bake',
    action: 'bake',
    title: 'Bake wave 1',
    group: 'wave-1-bake',
    wave: 1,
    bookkeeping: true,
    skippable: true,
    input: {},
  };

  it('says per wave how many pools are done, running or left for later, and how its bake stands', () => {
    let steps = newJournal([...wave('east/pos', 0), bake, ...wave('west/pos', 2), ...wave('west/cams', 2)]);
    for (const k of ['east/pos.start', 'east/pos.done']) steps = set(steps, k, { state: 'done' });
    steps = set(steps, 'wave-1.bake', {
      state: 'running',
      output: 'baking wave 1: all nodes Ready, no alert; 12 min left',
    });
    expect(waveLines(steps, 'pools')).toEqual([
      '*Wave 1*: 1/1 pools done · baking wave 1: all nodes Ready, no alert; 12 min left',
      '*Wave 2*: 0/2 pools done',
    ]);
    steps = set(steps, 'wave-1.bake', { state: 'done' });
    steps = set(steps, 'west/pos.start', { state: 'running' });
    for (const k of ['west/cams.start', 'west/cams.done'])
      steps = set(steps, k, { state: 'skipped', output: `${LEFT}2 hosts SSM cannot reach` });
    expect(waveLines(steps, 'pools')).toEqual([
      '*Wave 1*: 1/1 pools done · baked',
      '*Wave 2*: 0/2 pools done · 1 running · 1 left for later',
    ]);
    expect(groupTable(steps, 'pools')).toContain(
      ':fast_forward: `west/cams` left for later: 2 hosts SSM cannot reach',
    );
  });

  it('has no wave lines for a change without waves', () => {
    expect(waveLines(newJournal(specs(['a', 'b'])), 'nodes')).toEqual([]);
  });
});
