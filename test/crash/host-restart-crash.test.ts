import { changeCrashes, changesOf, startCrashWorld, stopCrashWorld } from '../support/change-crashes';
import { edgeHost, poolScenario, registerAtHost } from '../support/pool-support';
import type { TestBot } from '../support/test-bot';
import type { startWorkerFleet } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 while a kubelet restart is under way, starting a new one each time. The restart's
// Run Command must still be sent once, and the change end done with the node Ready.
const HOST = edgeHost(1);
const KILLS_WANTED = 4;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  ({ t, workers } = await startCrashWorld(
    // Long enough for kills to land in both steps: the Run Command stays Pending, then InProgress,
    // 2 s each; the restarted kubelet reports its node Ready 15 s later, which outlasts the
    // restart step even when kills there delay its end.
    poolScenario(1, { commandStepMs: 2000 }),
    LOCK_SECONDS,
    { nodeReadyDelayMs: 15_000 },
  ));
}, 90_000);

afterAll(() => stopCrashWorld(t, workers));

const { approveRequest, killDuring, until } = changeCrashes(
  () => t,
  () => workers,
);

const effect = (action: string) =>
  (t.sim.control.effects() as Record<string, Record<string, number>>)[HOST]?.[action] ?? 0;

it(`a kubelet restart survives ${KILLS_WANTED - 1}+ kill -9s of its worker across the restart and the wait for Ready: one Run Command, done, node Ready`, async () => {
  // An SSM host's node is named after its managed instance.
  const node = await registerAtHost(t, HOST, '10.80.20.11', '--join');
  const ready = () => t.sim.control.state().nodes.find((n) => n.name === node)?.ready;
  // Its kubelet crash-loops from the start: the node never gets Ready on its own.
  t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
  await until('the node NotReady', async () => (ready() === false ? true : undefined), 30_000);
  t.sim.control.clearEffects();

  await t.command(`host restart ${HOST} kubelet`, { user: 'U0OPERATOR' });
  const id = await approveRequest(`Restart kubelet on host ${HOST}`);
  const { kills, killedAt } = await killDuring(id, {
    kills: KILLS_WANTED,
    maxDelayMs: 400,
    endWithinMs: 120_000,
    spread: true,
  });

  process.stdout.write(`host restart crash test: ${JSON.stringify({ kills, killedAt })}\n`);
  expect(effect('SendCommand AWS-RunShellScript: set -e; systemctl restart kubelet')).toBe(1);
  expect(effect('systemctl restart kubelet')).toBe(1);
  expect((await changesOf(t).get(id))?.state).toBe('done');
  expect(ready()).toBe(true);
  // Kills landed in both steps (the last one may find the change already done).
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED - 1);
  expect(new Set(killedAt)).toEqual(new Set(['restart', 'ready']));
}, 300_000);
