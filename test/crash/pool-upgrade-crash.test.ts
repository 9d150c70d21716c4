import { PoolStore } from '../../src/adapters/redis/pool-store';
import {
  allChangesDone,
  changeCrashes,
  changesOf,
  startCrashWorld,
  stopCrashWorld,
} from '../support/change-crashes';
import {
  approveChange,
  edgeHost,
  poolNodesOf,
  poolScenario,
  registerAtHost,
  text,
} from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 at random points of a 10-node rollout, starting a new one each time. The rollout
// must complete with every node upgraded exactly once and none skipped.
const NODES = 10;
const KILLS_WANTED = 10;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    // Each upgrade lasts long enough on the simulator's clock for a kill to land while it runs,
    // however fast the host's script answers otherwise.
    poolScenario(NODES, { nodeadmUpgradeMs: 5000 } as never),
    LOCK_SECONDS,
  ));
}, 90_000);

afterAll(() => stopCrashWorld(t, workers));

const { approveRequest, killDuring, until } = changeCrashes(
  () => t,
  () => workers,
);

const poolNodes = () => poolNodesOf(t, 'tills');

it(`a ${NODES}-node rollout survives ${KILLS_WANTED}+ kill -9s of its worker: every node upgraded once, none skipped`, async () => {
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 30_000);
  }
  const names = Array.from({ length: NODES }, (_, i) => edgeHost(i + 1));
  for (const [i, name] of names.entries()) await registerAtHost(t, name, `10.80.20.${i + 11}`);
  await t.command(`pool create tills --cluster demo --profile edge@1.0.0 --hosts ${names.join(',')}`, {
    user: 'U0OPERATOR',
  });
  await approveChange(t, `Create pool tills (${NODES} hosts)`);
  await until(
    'the pool',
    async () =>
      (await poolNodes()).length === NODES && (await new PoolStore(t.inspect).get('demo', 'tills'))
        ? true
        : undefined,
    180_000,
  );
  await until(
    'the pool change to end',
    async () => {
      return (await allChangesDone(t)) ? true : undefined;
    },
    180_000,
  );
  t.sim.control.clearEffects();
  t.slack.clear();

  await t.command('pool upgrade tills --cluster demo --profile edge@1.1.0 --max-unavailable 2', {
    user: 'U0OPERATOR',
  });
  const id = await approveRequest('Roll edge@1.1.0 out to pool tills');

  const { kills, killedAt } = await killDuring(id, {
    kills: KILLS_WANTED + 2,
    maxDelayMs: 400,
    endWithinMs: 300_000,
  });

  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const report: Record<string, unknown> = { kills, killedAt: killedAt.slice(0, 12) };
  for (const name of names) {
    report[name] = effects[name]?.['nodeadm upgrade'];
    expect(effects[name]?.['nodeadm upgrade']).toBe(1);
  }
  const nodes = await poolNodes();
  expect(nodes).toHaveLength(NODES);
  for (const node of nodes) {
    expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31/);
    expect(node.spec.unschedulable ?? false).toBe(false);
  }
  const steps = await changesOf(t).steps(id);
  expect(steps.filter((s) => s.state === 'skipped')).toEqual([]);
  process.stdout.write(`rollout crash test: ${JSON.stringify(report)}\n`);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
}, 900_000);
