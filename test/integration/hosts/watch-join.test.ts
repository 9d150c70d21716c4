import { bootstrapFor } from '../../../jobs/hosts/host-credentials';
import { registerOne } from '../../../jobs/hosts/register-one';
import { JOIN_WATCH_MS, watchRegistration } from '../../../jobs/hosts/watch-registration';
import { candidateHosts } from '../../../jobs/pools/pool-facts';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import type { HostRegistration } from '../../../src/domain/host-registration';
import { poolHostProblems } from '../../../src/domain/pools/pool-eligibility';
import { starterProfile } from '../../../src/domain/profiles/starter-profile';
import { secretsIn } from '../../support/hosts-support';
import { until } from '../../support/until';
import { jobOf, type StartedJob, startHostJobs } from './host-jobs-harness';

let h: Awaited<ReturnType<typeof startHostJobs>>;
beforeAll(async () => {
  h = await startHostJobs();
});
afterAll(async () => {
  await h.close();
});

const host: HostRegistration = {
  name: 'store12-edge-02',
  cluster: 'demo',
  site: 'store-12',
  ip: '10.80.1.12',
  arch: 'amd64',
  auth: 'ssm',
  kubernetesVersion: '1.31',
  join: true,
};
const texts = () => h.sent.map((m) => ('text' in m ? m.text : ''));

/** Runs the last watch job scheduled, as the background worker would. */
async function runLastWatch(): Promise<{ outcome: string; job: StartedJob }> {
  const job = h.started.at(-1);
  if (!job) throw new Error('no watch scheduled');
  const result = (await watchRegistration(jobOf(job.data, job.jobId), h.deps())) as { outcome: string };
  return { outcome: result.outcome, job };
}

async function commandEnds(commandId: string, instanceId: string): Promise<void> {
  const result = await until('nodeadm to finish', async () => {
    const r = await h.clients.forCluster(h.cluster).ssm.getCommandResult(commandId, instanceId);
    return ['Pending', 'InProgress', 'Delayed'].includes(r.status) ? undefined : r;
  });
  expect(result).toMatchObject({ status: 'Success' });
}

describe('watching an SSM host registered without --join', () => {
  it('ends once SSM shows the managed instance: no watch for a node, a pool joins it later', async () => {
    const alone: HostRegistration = { ...host, name: 'store12-edge-01', ip: '10.80.1.11', join: undefined };
    await registerOne(h.deps(), alone, { user: 'U0OPERATOR' }, 'register-only-1');
    const secrets = secretsIn(
      JSON.stringify(h.sent.find((m) => JSON.stringify(m).includes('Bootstrap store12-edge-01'))),
    );
    expect((await runLastWatch()).outcome).toBe('waiting');
    const { managedInstanceId } = h.sim.control.bootstrapHost(alone.name, secrets);
    const scheduled = h.started.length;
    expect((await runLastWatch()).outcome).toBe('registered');
    expect(h.started.length).toBe(scheduled);
    expect(texts()).toContainEqual(
      expect.stringContaining(
        `registered as \`${managedInstanceId}\` in *demo* (store-12). It can go into a pool`,
      ),
    );
    expect(await new HostInventory(h.redis).get('demo', alone.name)).toMatchObject({ status: 'registered' });
  }, 30_000);
});

describe('watching an SSM host registered with --join, from registration to its node', () => {
  it('records "joined" and tells the channel once, when nodeadm init brings up the node', async () => {
    await registerOne(h.deps(), host, { user: 'U0OPERATOR' }, 'join-1');
    const secrets = secretsIn(
      JSON.stringify(h.sent.find((m) => JSON.stringify(m).includes(`Bootstrap ${host.name}`))),
    );
    expect((await runLastWatch()).outcome).toBe('waiting');

    const { managedInstanceId } = h.sim.control.bootstrapHost(host.name, secrets);
    const registered = await runLastWatch();
    expect(registered.outcome).toBe('registered');
    expect(texts()).toContainEqual(expect.stringContaining(`registered as \`${managedInstanceId}\``));

    // Registered but no node yet: the watch goes on, bounded by a day from now.
    const joinWatch = h.started.at(-1);
    expect(joinWatch?.data).toMatchObject({ instanceId: managedInstanceId });
    expect(joinWatch?.data.watchUntil).toBe(h.clock.now() + JOIN_WATCH_MS);
    expect((await runLastWatch()).outcome).toBe('waiting for the node');

    // The operator runs the bootstrap over SSM Run Command: nodeadm install, then init.
    const { commands } = bootstrapFor(h.cluster, host, {
      activation: secrets,
      expiresAt: h.clock.now(),
    });
    const ssm = h.clients.forCluster(h.cluster).ssm;
    const commandId = await ssm.sendShellCommand([String(managedInstanceId)], commands, 600);
    await commandEnds(commandId, String(managedInstanceId));

    const before = h.sent.length;
    expect((await runLastWatch()).outcome).toBe('joined');
    const joined = h.sent.slice(before);
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({
      kind: 'post',
      channel: 'C0OPS',
      text: expect.stringContaining(`Host *${host.name}* joined *demo* as node \`${managedInstanceId}\``),
    });
    const record = await new HostInventory(h.redis).get('demo', host.name);
    expect(record?.node?.name).toBe(managedInstanceId);
    expect(['joined', 'not-ready']).toContain(record?.status);
  }, 60_000);

  it('stops watching for the node a day after the registration', async () => {
    const watch = h.started.at(-1);
    if (!watch) throw new Error('no watch');
    await new HostInventory(h.redis).put({
      name: 'store12-edge-04',
      cluster: 'demo',
      site: 'store-12',
      auth: 'ssm',
      activationId: 'a-never-joins',
      managedInstanceId: 'mi-0000000000000dead',
      deregistered: false,
      status: 'registered',
    });
    const data = {
      cluster: 'demo',
      host: 'store12-edge-04',
      activationId: 'a-never-joins',
      requester: 'U0OPERATOR',
      instanceId: 'mi-0000000000000dead',
      watchUntil: h.clock.now() + 1000,
      attempt: 3,
    };
    const scheduled = h.started.length;
    expect(await watchRegistration(jobOf(data), h.deps())).toEqual({ outcome: 'waiting for the node' });
    expect(h.started.length).toBe(scheduled + 1);
    h.clock.at += 2000;
    expect(await watchRegistration(jobOf(data), h.deps())).toEqual({ outcome: 'not joined' });
    expect(h.started.length).toBe(scheduled + 1);
  });
});

describe('a host whose bootstrap ran moments ago, before the watch looked', () => {
  const fresh: HostRegistration = { ...host, name: 'plant3-edge-01', site: 'plant-3', ip: '10.80.2.21' };
  let instanceId = '';

  it('is Online in SSM to a pool plan: SSM is asked before "has not registered" is said', async () => {
    await registerOne(h.deps(), { ...fresh, join: undefined }, { user: 'U0OPERATOR' }, 'fresh-1');
    const secrets = secretsIn(
      JSON.stringify(h.sent.find((m) => JSON.stringify(m).includes(`Bootstrap ${fresh.name}`))),
    );
    instanceId = String(h.sim.control.bootstrapHost(fresh.name, secrets).managedInstanceId);
    // The watch has not run since: the inventory alone would say the host never registered.
    const [candidate] = await candidateHosts(h.deps(), h.cluster, [fresh.name]);
    expect(candidate).toMatchObject({ managedInstanceId: instanceId, ping: 'Online' });
    const profile = starterProfile('edge', { kubernetesVersions: ['1.31'] });
    const problems = poolHostProblems(fresh.name, {
      cluster: 'demo',
      pool: 'tills',
      arch: 'amd64',
      inventory: candidate ? [candidate] : [],
      profile,
    });
    expect(problems.join('\n')).not.toContain('has not registered');
    expect(await new HostInventory(h.redis).get('demo', fresh.name)).toMatchObject({
      managedInstanceId: instanceId,
      status: 'registered',
    });
  }, 30_000);

  it('never has its activation called expired once it registered, even after its instance went', async () => {
    const watch = h.started.filter((j) => j.data.host === fresh.name).at(-1);
    if (!watch) throw new Error('no watch');
    // Registered, then deregistered (it left a pool); its record as a leaving step leaves it.
    await h.clients.forCluster(h.cluster).ssm.deregisterManagedInstance(instanceId);
    const inventory = new HostInventory(h.redis);
    const record = await inventory.get('demo', fresh.name);
    if (!record) throw new Error('no record');
    const { managedInstanceId: _id, ...rest } = record;
    await inventory.put({ ...rest, status: 'registered' });
    h.clock.at = Number(watch.data.watchUntil) + 1000;
    const before = h.sent.length;
    const result = (await watchRegistration(jobOf(watch.data, watch.jobId), h.deps())) as { outcome: string };
    expect(result.outcome).not.toBe('expired');
    expect(h.sent.slice(before).map((m) => JSON.stringify(m))).not.toContainEqual(
      expect.stringContaining('expired before the host registered'),
    );
  }, 30_000);
});
