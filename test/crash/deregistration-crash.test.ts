import { changesOf } from '../support/change-crashes';
import { readHost } from '../support/host-records';
import { buttonClick, buttonsIn, hostsFile, nodeConfigIn, secretsIn } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until as untilShared } from '../support/until';
import { startWorkerFleet, workerEnv } from '../support/worker-process';

// The bot's web side runs here; its jobs run in real `hybrid-bot worker` processes that the test
// kills with -9 while deregistrations are under way, starting a new one each time. Every change
// must still end done, and the simulator must have seen each side effect exactly once.
const HOSTS = [
  { name: 'store12-edge-01', site: 'store-12', ip: '10.80.1.11' },
  { name: 'store12-edge-02', site: 'store-12', ip: '10.80.1.12' },
  { name: 'store12-edge-03', site: 'store-12', ip: '10.80.1.13' },
  { name: 'plant3-edge-01', site: 'plant-3', ip: '10.80.2.21' },
  { name: 'plant3-edge-02', site: 'plant-3', ip: '10.80.2.22' },
  { name: 'plant3-edge-03', site: 'plant-3', ip: '10.80.2.23', arch: 'arm64' },
];
const KILLS_PER_CHANGE = 7;
const KILLS_WANTED = 12;
const LOCK_SECONDS = 2;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  t = await startTestBot({ file: hostsFile(), mode: 'web' });
  workers = await startWorkerFleet(workerEnv(t.config, t.sim.awsEndpoint, LOCK_SECONDS));
}, 90_000);

afterAll(async () => {
  await workers?.stop();
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);

async function registerAndJoin(h: (typeof HOSTS)[number]): Promise<string> {
  const arch = 'arch' in h ? ` --arch ${h.arch}` : '';
  await t.command(`host register ${h.name} --cluster demo --site ${h.site} --ip ${h.ip}${arch} --join`);
  const secret = await t.waitForCall(
    (c) => c.kind === 'response_url' && text(c).includes(`Bootstrap ${h.name}`),
    30_000,
  );
  const body = text(secret);

  const { managedInstanceId } = t.sim.control.bootstrapHost(h.name, {
    ...secretsIn(body),
    nodeConfig: nodeConfigIn(body) ?? '',
    kubernetesVersion: '1.31',
  });
  await t
    .waitForCall((c) => text(c).includes(`${h.name}* registered as`), 30_000)
    .catch((e) => {
      throw new Error(
        `${String(e).slice(0, 200)}\nSLACK: ${t.slack
          .calls()
          .map((c) => `${c.method} ${text(c).slice(0, 150)}`)
          .join('\n')}\nLOG: ${workers.log.slice(-15).join('\n').slice(0, 3000)}`,
      );
    });
  return managedInstanceId ?? '';
}

/** Waits for the store to show `what`; on a timeout, says what the workers logged last. */
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number) =>
  untilShared(what, probe, { timeoutMs, detail: () => workers.log.slice(-20).join('\n') });

const changeState = async (id: string) => (await changesOf(t).get(id))?.state ?? '';
async function runningStep(id: string): Promise<string | undefined> {
  return (await changesOf(t).steps(id)).find((s) => s.state === 'running')?.key;
}

it(`deregistrations survive ${KILLS_WANTED}+ kill -9s of their worker mid-step, each side effect exactly once`, async () => {
  const instances = new Map<string, string>();
  for (const h of HOSTS) instances.set(h.name, await registerAndJoin(h));
  t.sim.control.clearEffects();

  let kills = 0;
  const killedAt: string[] = [];
  for (const h of HOSTS) {
    await t.command(`host deregister ${h.name}`);
    const request = await t
      .waitForCall(
        (c) => c.method === 'chat.postMessage' && text(c).includes(`Deregister host ${h.name}`),
        30_000,
      )
      .catch((e) => {
        const said = t.slack
          .calls()
          .filter((c) => c.kind === 'response_url' || c.method === 'chat.postMessage')
          .slice(-6);
        throw new Error(
          `${String(e).slice(0, 80)}\nSAID: ${said.map((c) => text(c).slice(0, 300)).join('\n')}\nLOG: ${workers.log
            .filter((l) => /"level":(40|50)/.test(l))
            .slice(-8)
            .join('\n')}`,
        );
      });
    const [approve] = buttonsIn(request.args);
    const { id } = JSON.parse(String((approve as { value: string }).value)) as { id: string };
    await t.interaction(
      buttonClick('U0APPROVER', approve as never, { messageTs: '1.1', responseUrl: t.slack.responseUrl() }),
    );
    const seen = new Set<string>();
    for (let k = 0; k < KILLS_PER_CHANGE; k++) {
      // A kill point: a step under way that was not killed before; none once the change is over.
      const point = await until(
        'a step to kill',
        async () => {
          if ((await changeState(id)) === 'done') return 'done';
          const step = await runningStep(id);
          return step && !seen.has(step) ? step : undefined;
        },
        60_000,
      ).catch(async (e) => {
        const steps = await changesOf(t).steps(id);
        throw new Error(
          `${String(e).slice(0, 60)} state=${await changeState(id)} steps=${steps
            .map((x) => {
              return `${x.key}:${x.state}:${x.attempts}:${x.output ?? ''}`;
            })
            .join(' | ')}`,
        );
      });
      if (point === 'done') break;
      seen.add(point);
      // Somewhere inside the step, or between its act and its record.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 150)));
      await workers.crashAndReplace();
      kills++;
      killedAt.push(`${h.name}:${point}`);
    }
    await until(
      'the change to end',
      async () => ((await changeState(id)) === 'done' ? true : undefined),
      90_000,
    );
  }

  const effects = t.sim.control.effects();
  const report: Record<string, unknown> = { kills, killedAt };
  for (const h of HOSTS) {
    const host = effects[h.name] ?? {};
    const node = effects[`demo/${instances.get(h.name)}`] ?? {};
    report[h.name] = { ...host, ...node };
    expect(host['nodeadm uninstall']).toBe(1);
    expect(host['SendCommand AWS-RunShellScript: set -e; nodeadm uninstall']).toBe(1);
    expect(host.DeregisterManagedInstance ?? 0).toBe(0);
    expect(node.cordoned).toBe(1);
    expect(node['node deleted']).toBe(1);
    const record = await readHost(t.inspect, h.name);
    expect(record.status).toBe('deregistered');
  }
  // The figures quoted in the change's notes: kills, where, and what the simulator counted.
  process.stdout.write(`crash test: ${JSON.stringify(report)}\n`);
  expect(kills).toBeGreaterThanOrEqual(KILLS_WANTED);
}, 600_000);
