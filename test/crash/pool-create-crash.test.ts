import { kubeGet } from '../sim/kube-reader';
import { changeCrashes, startCrashWorld, stopCrashWorld } from '../support/change-crashes';
import { edgeHost, poolScenario, registerAtHost, text } from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 at random points of a 20-host pool creation, starting a new one each time. The
// change must end done, and the simulator must have seen each host join exactly once.
const HOSTS = 20;
const KILLS_WANTED = 10;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    poolScenario(HOSTS, { nodeadmInstallMs: 300, nodeadmInitMs: 300 } as never),
    LOCK_SECONDS,
  ));
}, 90_000);

afterAll(() => stopCrashWorld(t, workers));

const { approveRequest, killDuring } = changeCrashes(
  () => t,
  () => workers,
);

it(`a ${HOSTS}-host pool survives ${KILLS_WANTED}+ kill -9s of its worker: every host joins exactly once`, async () => {
  await t.command('profile create edge-standard --k8s 1.31', { user: 'U0OPERATOR' });
  await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 30_000);
  const names = Array.from({ length: HOSTS }, (_, i) => edgeHost(i + 1));
  for (const [i, name] of names.entries()) await registerAtHost(t, name, `10.80.20.${i + 11}`);
  t.sim.control.clearEffects();

  await t.command(`pool create tills --cluster demo --profile edge-standard --hosts ${names.join(',')}`, {
    user: 'U0OPERATOR',
  });
  const id = await approveRequest(`Create pool tills (${HOSTS} hosts)`);

  const { kills, killedAt } = await killDuring(id, {
    kills: KILLS_WANTED + 2,
    maxDelayMs: 400,
    endWithinMs: 240_000,
  });

  const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
  const report: Record<string, unknown> = { kills, killedAt: killedAt.slice(0, 12) };
  for (const name of names) {
    const host = effects[name] ?? {};
    report[name] = host;
    expect(host['nodeadm install']).toBe(1);
    expect(host['nodeadm init']).toBe(1);
  }
  const nodes = await kubeGet(
    t.sim,
    'demo',
    `/api/v1/nodes?labelSelector=${encodeURIComponent('hybrid-bot.io/pool=tills')}`,
  );
  expect(nodes.items).toHaveLength(HOSTS);
  process.stdout.write(`pool crash test: ${JSON.stringify(report)}\n`);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
}, 900_000);
