import { HostInventory } from '../../src/adapters/redis/inventory';
import { hostsFile, viewSubmission } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';
import { startWorkerFleet, workerEnv } from '../support/worker-process';

// A bulk registration of 50 hosts whose worker process is killed with -9 again and again while it
// issues activations; a new worker takes the job over each time. In the end every host has exactly
// one live activation, the requester got one secrets file naming exactly those, and none was lost.
const HOSTS = Array.from({ length: 50 }, (_, i) => ({
  name: `bulk-edge-${String(i + 1).padStart(2, '0')}`,
  ip: `10.80.3.${i + 10}`,
}));
const KILLS = 4;

let t: TestBot;
let workers: Awaited<ReturnType<typeof startWorkerFleet>>;

beforeAll(async () => {
  t = await startTestBot({ file: hostsFile(), mode: 'web' });
  workers = await startWorkerFleet(workerEnv(t.config, t.sim.awsEndpoint, 2));
}, 90_000);

afterAll(async () => {
  await workers?.stop();
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const created = (host: string) => t.sim.control.effects()[host]?.CreateActivation ?? 0;

it(`a bulk registration of ${HOSTS.length} hosts survives ${KILLS} kill -9s of its worker: one live activation and one file`, async () => {
  const csv = HOSTS.map((h) => `${h.name},store-12,${h.ip}`).join('\n');
  const submitted = await t.interaction(
    viewSubmission('U0OPERATOR', 'host_register_bulk', { cluster: { selected: 'demo' }, csv, k8s: '' }),
  );
  expect(submitted.body).toBe('');
  const killedAfter: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    // Somewhere while activations are being created (ten a second, paced), never the same moment twice.
    await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 1500)));
    killedAfter.push(HOSTS.filter((h) => created(h.name) > 0).length);
    await workers.crashAndReplace();
  }
  await t.waitForCall((c) => c.method === 'files.completeUploadExternal', 120_000);
  const inventory = new HostInventory(t.inspect);
  let recorded = 0;
  await until(
    `${HOSTS.length} hosts recorded`,
    async () => {
      recorded = (await inventory.list('demo')).length;
      return recorded >= HOSTS.length;
    },
    { timeoutMs: 60_000, intervalMs: 100, detail: () => `hosts recorded: ${recorded}` },
  );

  const effects = t.sim.control.effects();
  const live = t.sim.control.state().activations as Array<{
    activationId: string;
    defaultInstanceName?: string;
  }>;
  const uploads = t.slack.calls().filter((c) => c.method === 'files.completeUploadExternal');
  const twice = HOSTS.filter((h) => (effects[h.name]?.CreateActivation ?? 0) > 1).map((h) => h.name);
  for (const h of HOSTS) {
    const e = effects[h.name] ?? {};
    // A worker killed while SSM was answering leaves an activation whose code nobody has: the
    // retry deletes it before making the one it delivers, so each host keeps exactly one.
    expect((e.CreateActivation ?? 0) - (e.DeleteActivation ?? 0)).toBe(1);
    expect(live.filter((a) => a.defaultInstanceName === h.name)).toHaveLength(1);
  }
  expect(uploads).toHaveLength(1);
  expect(t.slack.calls().filter((c) => text(c).includes('Nothing was registered'))).toHaveLength(0);
  process.stdout.write(
    `bulk crash test: ${JSON.stringify({ hosts: HOSTS.length, kills: KILLS, killedAfter, createdTwice: twice, files: uploads.length })}\n`,
  );
}, 300_000);
