import { registerOne } from '../../../jobs/hosts/register-one';
import { WATCH_REGISTRATION } from '../../../jobs/hosts/watch-registration';
import type { HostRegistration } from '../../../src/domain/host-registration';
import type { BackgroundQueue } from '../../../src/ports';
import { startHostJobs } from './host-jobs-harness';

let h: Awaited<ReturnType<typeof startHostJobs>>;
beforeAll(async () => {
  h = await startHostJobs();
});
afterAll(async () => {
  await h.close();
});

const host: HostRegistration = {
  name: 'store12-edge-03',
  cluster: 'demo',
  site: 'store-12',
  ip: '10.80.1.13',
  arch: 'amd64',
  auth: 'ssm',
  kubernetesVersion: '1.31',
};

it('a registration whose worker died before its watch started is watched on the retry, with one activation', async () => {
  const healthy = h.deps();
  // The worker dies as it schedules the watch: the bootstrap went out, the watch did not start.
  let dies = true;
  const dying = {
    ...healthy,
    background: {
      start: async (...args: Parameters<BackgroundQueue['start']>) => {
        if (dies) throw new Error('worker killed');
        return healthy.background.start(...args);
      },
    },
  };
  await expect(registerOne(dying, host, { user: 'U0OPERATOR' }, 'retry-1')).rejects.toThrow('worker killed');
  dies = false;
  const retried = await registerOne(dying, host, { user: 'U0OPERATOR' }, 'retry-1');

  const watches = h.started.filter((j) => j.name === WATCH_REGISTRATION && j.data.host === host.name);
  expect(watches.length).toBeGreaterThan(0);
  expect(new Set(watches.map((w) => w.jobId)).size).toBe(1);
  const bootstraps = h.sent.filter((m) => JSON.stringify(m).includes(`Bootstrap ${host.name}`));
  expect(new Set(bootstraps.map((m) => JSON.stringify(m))).size).toBe(1);
  expect(bootstraps[0] && JSON.stringify(bootstraps[0])).toContain(String(retried.activationId));
  const activations = await h.clients.forCluster(h.cluster).ssm.describeActivations({
    defaultInstanceName: host.name,
  });
  expect(activations.map((a) => a.activationId)).toEqual([retried.activationId]);
  const audited = await healthy.audit.list({ user: 'U0OPERATOR', limit: 100 });
  expect(audited.filter((e) => e.command.includes(host.name))).toHaveLength(1);
});
