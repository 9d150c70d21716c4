import { isComplete, newJournal, runnableSteps, withStep } from '../../../../src/domain/changes/journal';
import {
  type FleetPlan,
  fleetRollbackSteps,
  planFleetRollout,
} from '../../../../src/domain/fleets/fleet-plan';
import type { PoolUpgradePlan } from '../../../../src/domain/rollouts/pool-upgrade-plan';

const rollout = (cluster: string, pool: string, nodes: number, from = '1.0.0'): PoolUpgradePlan => ({
  cluster,
  pool,
  from: { name: 'edge', version: from, kubernetesVersion: '1.31' },
  to: { name: 'edge', version: '1.1.0', kubernetesVersion: '1.32' },
  action: 'upgrade',
  why: 'kubernetes 1.31 → 1.32',
  maxUnavailable: 1,
  nodes: Array.from({ length: nodes }, (_, i) => ({
    host: `${pool}-${i}`,
    nodeName: `mi-${pool}${i}`,
    managedInstanceId: `mi-${pool}${i}`,
    site: 'store-12',
  })),
});

const plan: FleetPlan = {
  profile: { name: 'edge', version: '1.1.0' },
  clusters: ['east', 'west'],
  by: 'by-cluster',
  waveSize: 1,
  canary: 'store-12',
  parallelPools: 2,
  bakeMs: 30 * 60_000,
  offline: 'skip',
  offlineWaitMs: 0,
  strategy: 'in-place',
  waves: [
    { name: 'canary: store-12', estimatedMs: 20 * 60_000 },
    { name: 'cluster west', estimatedMs: 40 * 60_000 },
  ],
  pools: [
    {
      wave: 0,
      sites: ['store-12'],
      estimatedMs: 20 * 60_000,
      gates: ['skew'],
      rollout: rollout('east', 'pos', 2),
    },
    {
      wave: 1,
      sites: ['store-14'],
      estimatedMs: 40 * 60_000,
      gates: ['skew'],
      rollout: rollout('west', 'pos', 4),
    },
    {
      wave: 1,
      sites: ['store-15'],
      estimatedMs: 10 * 60_000,
      gates: ['skew'],
      rollout: { ...rollout('west', 'cams', 1, '1.2.0'), window: '22:00-04:00' },
    },
  ],
  leftOut: [{ cluster: 'west', pool: 'lab', why: 'already at edge@1.1.0' }],
};

describe('a fleet rollout plan', () => {
  const planned = planFleetRollout(plan);
  const text = [...planned.summary, ...planned.diff.map((d) => d.text)].join('\n');

  it('shows the approver every wave, pool, site, node count, time, gate, downgrade and what is left out', () => {
    expect(planned.title).toBe('Roll edge@1.1.0 out to 3 pools across the fleet (7 nodes)');
    expect(text).toContain(
      '3 pools (7 nodes) in 2 clusters, 2 waves by cluster, canary store-12 first; 2 pools at once',
    );
    expect(text).toContain('wave 1 (canary: store-12): 1 pool, 2 nodes, ~20 min');
    expect(text).toContain('wave 2 (cluster west): 2 pools, 5 nodes, ~40 min');
    expect(text).toContain(
      'wave 2 · west/pos (site store-14, 4 nodes): edge@1.0.0 → edge@1.1.0; kubernetes 1.31 → 1.32, in place, 1 at a time; ~40 min',
    );
    expect(text).toContain('west/cams (site store-15, 1 node): edge@1.2.0 → edge@1.1.0 DOWNGRADE');
    expect(text).toContain('1 at a time, only inside 22:00-04:00 UTC; ~10 min');
    expect(text).toContain('DOWNGRADE: west/cams 1.2.0 → 1.1.0');
    expect(text).toContain('gates passed: skew');
    expect(text).toContain('left out · west/lab: already at edge@1.1.0');
    expect(text).toContain('bakes for 30 min');
    expect(text).toContain('about 2 h in all');
  });

  it('runs the canary wave, bakes it, then the next wave two pools at a time; no bake after the last wave', () => {
    let steps = newJournal(planned.steps);
    const keys = () => runnableSteps(steps, planned.maxParallel).map((s) => s.key);
    const finish = (key: string) => {
      const s = steps.find((x) => x.key === key);
      if (!s) throw new Error(key);
      steps = withStep(steps, { ...s, state: 'done' });
    };
    expect(keys()).toEqual(['east/pos.start']);
    finish('east/pos.start');
    finish('east/pos.done');
    expect(keys()).toEqual(['wave-1.bake']);
    finish('wave-1.bake');
    expect(keys()).toEqual(['west/pos.start', 'west/cams.start']);
    for (const k of ['west/pos.start', 'west/pos.done', 'west/cams.start', 'west/cams.done']) finish(k);
    expect(isComplete(steps)).toBe(true);
    expect(planned.steps.filter((s) => s.action === 'fleet-bake')).toHaveLength(1);
  });

  it('holds the fleet target, one rollout of a profile at a time', () => {
    expect(planned.target).toEqual({ cluster: 'east', kind: 'fleet', name: 'edge' });
  });

  it('rolls back the pools of the last wave that started, not the waves already baked', () => {
    const started = (keys: string[]) =>
      planned.steps.map((st) => ({ ...st, state: keys.includes(st.key) ? 'done' : 'pending' }));
    expect(fleetRollbackSteps(plan, started([])).map((st) => st.key)).toEqual([]);
    expect(fleetRollbackSteps(plan, started(['east/pos.start'])).map((st) => st.key)).toEqual([
      'back:east/pos',
    ]);
    const back = fleetRollbackSteps(plan, started(['east/pos.start', 'east/pos.done', 'west/pos.start']));
    expect(back.map((st) => [st.key, st.title, st.back])).toEqual([
      ['back:west/pos', 'Pool pos (cluster west) back to edge@1.0.0', true],
    ]);
  });
});
