import { bulkRegister } from '../../../jobs/hosts/bulk-register';
import type { CommandDeps } from '../../../jobs/job-context';
import type { CommandJobData, OutboundMessage } from '../../../src/job-data';
import { jobOf, startHostJobs } from './host-jobs-harness';

// A bulk registration's job may run again after a worker died part way (BullMQ retries it, or
// takes it over). The retry resumes from the per-request record: no second activation for a host,
// no second secrets file, no false "nothing was registered", no delivered activation deleted.
let h: Awaited<ReturnType<typeof startHostJobs>>;
beforeAll(async () => {
  h = await startHostJobs();
});
afterAll(async () => {
  await h.close();
});

const CSV = [
  'store12-edge-01,store-12,10.80.1.11',
  'store12-edge-02,store-12,10.80.1.12',
  'plant3-edge-01,plant-3,10.80.2.21',
].join('\n');

function bulkJob(requestId: string) {
  const data: CommandJobData = {
    request: { requestId, user: 'U0OPERATOR', channel: 'U0OPERATOR', receivedAt: Date.now() },
    command: 'host register-bulk',
    positionals: {},
    options: { cluster: 'demo', csv: CSV },
  };
  return jobOf(data as unknown as Record<string, unknown>, `cmd-${requestId}`);
}

const created = () =>
  Object.entries(h.sim.control.effects()).map(([host, e]) => [
    host,
    e.CreateActivation ?? 0,
    e.DeleteActivation ?? 0,
  ]);
const files = () => h.sent.filter((m) => m.kind === 'file');
const nothingRegistered = () => h.sent.some((m) => 'text' in m && m.text.includes('Nothing was registered'));

beforeEach(() => {
  h.sim.control.clearEffects();
  h.sent.length = 0;
});

it('run again after it finished (the worker died before BullMQ recorded it): nothing is done twice', async () => {
  await bulkRegister(bulkJob('bulk-a'), h.deps());
  await bulkRegister(bulkJob('bulk-a'), h.deps());
  expect(created()).toEqual([
    ['plant3-edge-01', 1, 0],
    ['store12-edge-01', 1, 0],
    ['store12-edge-02', 1, 0],
  ]);
  expect(files()).toHaveLength(1);
  expect(nothingRegistered()).toBe(false);
  for (const host of ['store12-edge-01', 'store12-edge-02', 'plant3-edge-01']) {
    expect((await h.deps().stores.inventory.get('demo', host))?.status).toBe('activation-pending');
  }
});

it('run again after it stopped before the secrets file: the activations it made are reused, the file goes once', async () => {
  // Three other hosts, so the inventory from the first test does not get in the way.
  const csv = ['plant3-edge-02,plant-3,10.80.2.22', 'plant3-edge-03,plant-3,10.80.2.23,ssm,arm64'].join('\n');
  const job = bulkJob('bulk-b');
  (job.data as CommandJobData<'host register-bulk'>).options.csv = csv;
  let failFile = true;
  const base = h.deps();
  const crashing: CommandDeps = {
    ...base,
    outbox: {
      reserveVersion: async () => 0,
      send: async (m: OutboundMessage, opts?: { jobId?: string }) => {
        if (m.kind === 'file' && failFile) {
          failFile = false;
          throw new Error('worker died');
        }
        return base.outbox.send(m, opts);
      },
    },
  };
  await expect(bulkRegister(job, crashing)).rejects.toThrow('worker died');
  expect(files()).toHaveLength(0);
  await bulkRegister(job, crashing);
  expect(created()).toEqual([
    ['plant3-edge-02', 1, 0],
    ['plant3-edge-03', 1, 0],
  ]);
  expect(files()).toHaveLength(1);
  const file = files()[0] as Extract<OutboundMessage, { kind: 'file' }>;
  const live = h.sim.control.state().activations.map((a: { activationId: string }) => a.activationId);
  // The file carries the activations that exist: the ones the first try made.
  for (const id of file.content.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? []) expect(live).toContain(id);
  expect(nothingRegistered()).toBe(false);
});
