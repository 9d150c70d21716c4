import { buttonClick, buttonsIn, hostsFile } from '../e2e/hosts-support';
import { edgeHost, poolScenario, registerAtHost, text } from '../e2e/pools/pool-support';
import { kubeGet } from '../sim/kube-reader';
import { changeCrashes } from '../support/change-crashes';
import { startTestBot, type TestBot } from '../support/test-bot';
import { startWorkerFleet, workerEnv } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 at random points of a 20-host pool creation, starting a new one each time. The
// change must end done, and the simulator must have seen each host join exactly once.
const HOSTS = 20;
const KILLS_WANTED = 10;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(HOSTS, { nodeadmInstallMs: 300, nodeadmInitMs: 300 } as never),
    file: hostsFile({ pools: { pollMinMs: 100, pollMaxMs: 400 } }),
    mode: 'web',
  });
  workers = await startWorkerFleet(workerEnv(t.config, t.sim.awsEndpoint, LOCK_SECONDS));
}, 90_000);

afterAll(async () => {
  await workers?.stop();
  await t.stop();
});

const { killDuring } = changeCrashes(
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
  const request = await t.waitForCall(
    (c) => c.method === 'chat.postMessage' && text(c).includes(`Create pool tills (${HOSTS} hosts)`),
    60_000,
  );
  const [approve] = buttonsIn(request.args);
  const { id } = JSON.parse(String((approve as { value: string }).value)) as { id: string };
  await t.interaction(
    buttonClick('U0APPROVER', approve as never, { messageTs: '1.1', responseUrl: t.slack.responseUrl() }),
  );

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
