import { PoolStore } from '../../src/adapters/redis/pool-store';
import type { StepRecord } from '../../src/domain/changes/journal';
import { POOL_UPGRADE_KIND } from '../../src/domain/rollouts/pool-upgrade-plan';
import {
  allChangesDone,
  changeCrashes,
  changesOf,
  startCrashWorld,
  stopCrashWorld,
} from '../support/change-crashes';
import { edgeHost, poolNodesOf, poolScenario, registerAtHost, text } from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 all through a fleet rollout of 6 pools (3 waves of 2, baked between), starting a new
// one each time. Every node must be upgraded exactly once, every pool's own rollout started once,
// and no wave may start before the one before it has baked.
// The last wave's pools are the longest: the kills meant for its end have time to land.
const POOLS = [
  ['lane-1', 1],
  ['lane-2', 1],
  ['lane-3', 2],
  ['lane-4', 1],
  ['lane-5', 2],
  ['lane-6', 2],
] as const;
const NODES = POOLS.reduce((n, [, size]) => n + size, 0);
const KILLS_WANTED = 15;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    // Each upgrade lasts long enough on the simulator's clock for a kill to land while it runs, and
    // the fleet (three waves, each with a two-node pool one node at a time) runs long enough for 15
    // kills on a quick machine too: about 70 s, a kill every 3 s or so.
    poolScenario(NODES, { nodeadmUpgradeMs: 10_000, addonUpdateMs: 500 } as never),
    LOCK_SECONDS,
  ));
}, 90_000);

afterAll(() => stopCrashWorld(t, workers));

/** At each kill, the pools' own steps under way: where the kills struck inside the pools. */
const struck: string[][] = [];

async function poolStepsRunning(): Promise<string[]> {
  const rollouts = (await changesOf(t).list(1000)).filter((c) => c.kind === POOL_UPGRADE_KIND);
  const running = await Promise.all(
    rollouts.map(async (c) =>
      (await changesOf(t).steps(c.id))
        .filter((s) => s.state === 'running')
        .map((s) => `${c.target.name}:${s.key}`),
    ),
  );
  return running.flat();
}

const { approveRequest, killDuring, until } = changeCrashes(
  () => t,
  () => ({
    ...workers,
    crashAndReplace: async () => {
      struck.push(await poolStepsRunning());
      await workers.crashAndReplace();
    },
  }),
);

/** Which hosts each pool takes, in order. */
function poolHosts(): Map<string, string[]> {
  const hosts = new Map<string, string[]>();
  let next = 1;
  for (const [pool, size] of POOLS) {
    hosts.set(
      pool,
      Array.from({ length: size }, () => edgeHost(next++)),
    );
  }
  return hosts;
}

it(`a fleet of ${POOLS.length} pools survives ${KILLS_WANTED}+ kill -9s of its worker: each node upgraded once, no pool started twice, no wave before the last baked`, async () => {
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 30_000);
  }
  const hosts = poolHosts();
  const names = [...hosts.values()].flat();
  for (const [i, name] of names.entries()) await registerAtHost(t, name, `10.80.20.${i + 11}`);
  // One pool after another: each create scales the cluster's coredns add-on.
  const pools = new PoolStore(t.inspect);
  for (const [pool, members] of hosts) {
    await t.command(`pool create ${pool} --cluster demo --profile edge@1.0.0 --hosts ${members.join(',')}`, {
      user: 'U0OPERATOR',
    });
    await approveRequest(`Create pool ${pool} (${members.length} host${members.length === 1 ? '' : 's'})`);
    await until(
      `pool ${pool}`,
      async () =>
        (await poolNodesOf(t, pool)).length === members.length &&
        (await pools.get('demo', pool)) &&
        (await allChangesDone(t))
          ? true
          : undefined,
      120_000,
    );
  }
  t.sim.control.clearEffects();
  t.slack.clear();

  await t.command(
    'fleet upgrade --profile edge@1.1.0 --waves by-pool --wave-size 2 --parallel-pools 2 --bake 2s',
    {
      user: 'U0ADMIN',
    },
  );
  const id = await approveRequest(
    `Roll edge@1.1.0 out to ${POOLS.length} pools across the fleet (${NODES} nodes)`,
  );

  struck.length = 0;
  // Twice the kills wanted, spread over the fleet's steps: the first 15 come by the middle of wave
  // 2 whatever the machine's pace, and the rest strike the later waves for as long as they run.
  const { kills, killedAt } = await killDuring(id, {
    kills: 2 * KILLS_WANTED,
    maxDelayMs: 800,
    endWithinMs: 300_000,
    spread: true,
  });

  // Each node upgraded exactly once.
  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const upgrades = Object.fromEntries(names.map((n) => [n, effects[n]?.['nodeadm upgrade'] ?? 0]));
  expect(upgrades).toEqual(Object.fromEntries(names.map((n) => [n, 1])));

  // Each pool's own rollout started once, and ended at the target.
  const changes = await changesOf(t).list(1000);
  const rollouts = changes.filter((c) => c.kind === POOL_UPGRADE_KIND);
  const perPool = Object.fromEntries(
    POOLS.map(([pool]) => [pool, rollouts.filter((c) => c.target.name === pool).map((c) => c.state)]),
  );
  expect(perPool).toEqual(Object.fromEntries(POOLS.map(([pool]) => [pool, ['done']])));
  for (const [pool, members] of hosts) {
    expect((await pools.get('demo', pool))?.profile).toEqual({ name: 'edge', version: '1.1.0' });
    const nodes = await poolNodesOf(t, pool);
    expect(nodes).toHaveLength(members.length);
    for (const node of nodes) {
      expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
      expect(node.spec.unschedulable ?? false).toBe(false);
    }
  }
  const fleet = await changesOf(t).get(id);
  expect(fleet?.state).toBe('done');
  const journal = await changesOf(t).steps(id);
  expect(journal.filter((s) => s.state !== 'done')).toEqual([]);

  // No pool of a wave started before the wave before it had baked: neither the fleet's step that
  // starts it nor the first step of the pool's own rollout.
  const bakes = journal.filter((s) => s.action === 'fleet-bake');
  expect(bakes).toHaveLength(2);
  const bakeEnd = (wave: number) => bakes.find((b) => b.input.wave === wave)?.endedAt ?? Infinity;
  const order: Record<string, unknown> = {};
  for (const start of journal.filter((s) => s.action === 'fleet-pool-start')) {
    const wave = (start.wave ?? 0) / 2;
    const pool = String(start.input.pool);
    const child = rollouts.find((c) => c.target.name === pool);
    expect(child?.parent?.id).toBe(id);
    const first = Math.min(...(await changesOf(t).steps(child?.id ?? '')).map(startedAt));
    const awaited = journal.find((s) => s.action === 'fleet-pool-await' && s.input.pool === pool);
    order[pool] = {
      wave: wave + 1,
      started: startedAt(start),
      firstPoolStep: first,
      // How long after the pool's change ended the fleet saw it (told at once, or at its next look).
      seenAfterMs: (awaited?.endedAt ?? 0) - (child?.updatedAt ?? 0),
    };
    if (wave === 0) continue;
    const baked = bakeEnd(wave - 1);
    expect(startedAt(start)).toBeGreaterThanOrEqual(baked);
    expect(first).toBeGreaterThanOrEqual(baked);
  }
  for (const [w, bake] of bakes.entries()) {
    // A bake lasts its time, and begins only once every pool of its wave is at the target.
    expect((bake.endedAt ?? 0) - startedAt(bake)).toBeGreaterThanOrEqual(2000);
    const wavePools = journal.filter((s) => s.action === 'fleet-pool-await' && s.wave === 2 * w);
    for (const p of wavePools) expect(startedAt(bake)).toBeGreaterThanOrEqual(p.endedAt ?? Infinity);
  }
  process.stdout.write(`fleet crash test: ${JSON.stringify({ kills, killedAt, struck, order })}\n`);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
  // Kills struck while a node's nodeadm upgrade ran.
  expect(struck.flat().filter((s) => s.endsWith('.upgrade')).length).toBeGreaterThan(0);
}, 900_000);

const startedAt = (s: StepRecord) => s.startedAt ?? Infinity;
