import { buttonClick, buttonsIn, hostsFile, viewSubmission } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapAtHost,
  edgeHost,
  poolNodesOf,
  poolScenario,
  publishProfileVersion,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { until } from '../../support/until';

// A fleet of two pools at two sites: the canary site first, then the other; a site that goes dark
// before its turn leaves its pool for later instead of holding the fleet.
let t: TestBot;
const HOSTS = [1, 2, 3, 4].map(edgeHost);
const SITE = (i: number) => (i < 2 ? 'store-20' : 'store-21');

beforeAll(async () => {
  const scenario = poolScenario(4, { nodeadmUpgradeMs: 300 } as never);
  // The simulated hosts stand at the two sites too: a site outage is the simulator's.
  scenario.hosts = scenario.hosts?.map((h, i) => ({ ...h, site: SITE(i) }));
  t = await startTestBot({
    scenario,
    file: hostsFile({
      pools: { pollMinMs: 50, pollMaxMs: 250 },
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
    }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.29'],
    ['1.1.0', '1.30'],
    ['1.2.0', '1.31'],
  ]) {
    await t.command(`profile create edge --k8s ${k8s} --version ${version}`, { user: 'U0OPERATOR' });
    await t.waitForCall((c) => text(c).includes(`edge@${version}* created`), 20_000);
  }
  for (const [i, host] of HOSTS.entries()) {
    await t.command(`host register ${host} --cluster demo --site ${SITE(i)} --ip 10.80.20.${i + 11}`, {
      user: 'U0OPERATOR',
    });
    await bootstrapAtHost(t, host);
  }
  for (const [pool, hosts] of [
    ['tills', HOSTS.slice(0, 2)],
    ['kiosks', HOSTS.slice(2)],
  ] as const) {
    await t.command(`pool create ${pool} --cluster demo --profile edge@1.0.0 --hosts ${hosts.join(',')}`, {
      user: 'U0OPERATOR',
    });
    await approveChange(t, `Create pool ${pool} (2 hosts)`);
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && text(c).includes('*Done*') && text(c).includes(`Create pool ${pool}`),
      90_000,
    );
  }
}, 240_000);
afterAll(async () => {
  await t.stop();
});

const versions = async (pool: string) =>
  (await poolNodesOf(t, pool)).map((n) => /^v\d+\.\d+/.exec(n.status.nodeInfo.kubeletVersion)?.[0]);

describe('/hybrid fleet upgrade', () => {
  it('bakes the canary wave: an alert about its node pauses the fleet before wave 2, naming it; Retry once it resolves goes on', async () => {
    t.slack.clear();
    await t.command('fleet upgrade --profile edge@1.1.0 --canary store-20 --bake 6s', { user: 'U0ADMIN' });
    const request = await approveChange(t, 'Roll edge@1.1.0 out to 2 pools across the fleet (4 nodes)');
    const fleet = /Change (\d+)/.exec(text(request))?.[1];
    await until('the canary pool at 1.30', async () =>
      (await versions('tills')).every((v) => v === 'v1.30') ? true : undefined,
    );
    // The canary's first host breaks while its wave bakes.
    t.sim.control.setHostFaults(HOSTS[0] as string, { faults: ['kubelet-crashloop'] });
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes('fires during the bake of wave 1 (canary: store-20)'),
      60_000,
    );
    expect(text(paused)).toContain('NotReady');
    expect(await versions('kiosks')).toEqual(['v1.29', 'v1.29']);
    const message = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes(`Change ${fleet}:`) &&
        text(c).includes('change_retry'),
      30_000,
    );
    expect(text(message)).toContain('*Wave 1*: 1/1 pools done · bake stopped');
    expect(text(message)).toContain('*Wave 2*: 0/1 pools done');
    t.sim.control.setHostFaults(HOSTS[0] as string, { faults: [] });
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Resolved on demo'), 60_000);
    const retry = buttonsIn(message.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_retry',
    );
    await t.interaction(
      buttonClick('U0APPROVER', retry as never, {
        messageTs: '1700000001.000300',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await t.waitForCall(
      (c) => text(c).includes('Done: Roll edge@1.1.0 out to 2 pools across the fleet'),
      120_000,
    );
    expect(await versions('kiosks')).toEqual(['v1.30', 'v1.30']);
  }, 240_000);

  it('plans the canary site first; a pool whose site went dark is left for later and listed; the rest ends at the target', async () => {
    t.slack.clear();
    await t.command('fleet upgrade --profile edge@1.2.0 --canary store-20 --bake 6s', { user: 'U0ADMIN' });
    const request = await approveChange(t, 'Roll edge@1.2.0 out to 2 pools across the fleet (4 nodes)');
    const plan = text(request);
    expect(plan).toContain('wave 1 (canary: store-20): 1 pool, 2 nodes');
    expect(plan).toContain('wave 2 (site store-21): 1 pool, 2 nodes');
    expect(plan).toContain('demo/tills (site store-20, 2 nodes): edge@1.1.0 → edge@1.2.0');
    // The second site goes dark while the canary bakes (earlier, its CoreDNS replica down would hold the canary's drain).
    await until('the canary pool at 1.31', async () =>
      (await versions('tills')).every((v) => v === 'v1.31') ? true : undefined,
    );
    t.sim.control.setSiteOutage('store-21', true);
    await t.waitForCall(
      (c) => text(c).includes('Done: Roll edge@1.2.0 out to 2 pools across the fleet'),
      120_000,
    );
    const done = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('Roll edge@1.2.0 out to 2 pools across the fleet (4 nodes): done'),
      10_000,
    );
    expect(text(done)).toContain('1 skipped');
    const left = await t.waitForCall((c) => text(c).includes('demo/kiosks is left for later'), 10_000);
    expect(text(left)).toContain('2 hosts SSM cannot reach');
    expect(text(left)).toContain('/hybrid pool upgrade kiosks --cluster demo --profile edge@1.2.0');
    expect(await versions('tills')).toEqual(['v1.31', 'v1.31']);
    t.sim.control.setSiteOutage('store-21', false);
    expect(await versions('kiosks')).toEqual(['v1.30', 'v1.30']);
    // The pool's own rollout ran as a change approved with the fleet, in the cluster's channel.
    await t.waitForCall((c) => text(c).includes('Approved with change'), 30_000);
  }, 180_000);

  it('lists fleet rollouts and refuses one with nothing to move, saying why', async () => {
    await t.command('fleets', { user: 'U0VIEWER' });
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('Fleet rollouts'), 20_000);
    await t.command('fleet upgrade --profile edge@1.1.0', { user: 'U0ADMIN' });
    const refusal = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('No pool can move to edge@1.1.0'),
      20_000,
    );
    expect(text(refusal)).toContain('demo/tills: on edge@1.2.0, newer than edge@1.1.0');
    expect(text(refusal)).toContain('demo/kiosks: already at edge@1.1.0');
  }, 60_000);

  it('opens a form when typed alone; the form makes the request the flags make, wrong fields named under themselves', async () => {
    t.slack.clear();
    await t.command('fleet upgrade', { user: 'U0ADMIN' });
    const opened = await t.waitForCall((c) => c.method === 'views.open', 20_000);
    expect(text(opened)).toContain('edge@1.2.0 · Kubernetes 1.31');
    const values = {
      target: { selected: 'edge@1.1.0' },
      waves: { selected: 'by-site' },
      wave_size: '1',
      parallel_pools: '2',
      max_unavailable: '1',
      bake: 'soon',
      offline: { selected: 'skip' },
      strategy: { selected: 'in-place' },
    };
    const wrong = await t.interaction(viewSubmission('U0ADMIN', 'fleet_upgrade', values));
    expect(wrong.body).toContain('soon is not a duration');
    const accepted = await t.interaction(
      viewSubmission('U0ADMIN', 'fleet_upgrade', { ...values, bake: '0' }),
    );
    expect(accepted.status).toBe(200);
    const answer = await t.waitForCall((c) => text(c).includes('No pool can move to edge@1.1.0'), 20_000);
    expect(answer.args.channel).toBe('U0ADMIN');
  }, 60_000);

  it('rolls back the last wave while paused: its pool goes back to the version it ran, the next wave never starts', async () => {
    // 1.2.1: kubelet settings alone over 1.2.0, so tills can go back; kiosks (1.1.0, Kubernetes 1.30) waits in wave 2.
    await publishProfileVersion(t, {
      name: 'edge',
      version: '1.2.1',
      k8s: '1.31',
      kubelet: 'config:\n  maxPods: 150\n',
    });
    t.slack.clear();
    t.sim.control.clearEffects();
    await t.command('fleet upgrade --profile edge@1.2.1 --canary store-20 --bake 6s', { user: 'U0ADMIN' });
    const request = await approveChange(t, 'Roll edge@1.2.1 out to 2 pools across the fleet (4 nodes)');
    expect(text(request)).toContain('Roll back (while it runs or paused) takes the pools of the last wave');
    await until('the canary pool to take the new settings', async () => {
      const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
      return HOSTS.slice(0, 2).every((h) => effects[h]?.['nodeadm init'] === 1) ? true : undefined;
    });
    t.sim.control.setHostFaults(HOSTS[0] as string, { faults: ['kubelet-crashloop'] });
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('fires during the bake of wave 1') &&
        text(c).includes('change_roll_back'),
      60_000,
    );
    t.sim.control.setHostFaults(HOSTS[0] as string, { faults: [] });
    await until('the canary node Ready again', async () =>
      (await poolNodesOf(t, 'tills')).every((n) =>
        n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
      )
        ? true
        : undefined,
    );
    const rollBack = buttonsIn(paused.args).find(
      (b) => (b as { action_id: string }).action_id === 'change_roll_back',
    );
    await t.interaction(
      buttonClick('U0APPROVER', rollBack as never, { messageTs: '1', responseUrl: t.slack.responseUrl() }),
    );
    const done = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && text(c).includes('Rolled back: Roll edge@1.2.1 out to 2 pools'),
      120_000,
    );
    expect(text(done)).toContain('back at edge@1.2.0');
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    // Forward and back on the canary's hosts; nothing on the next wave's.
    expect(HOSTS.map((h) => effects[h]?.['nodeadm init'] ?? 0)).toEqual([2, 2, 0, 0]);
    expect(await versions('kiosks')).toEqual(['v1.30', 'v1.30']);
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('edge@1.2.0');
  }, 240_000);
});
