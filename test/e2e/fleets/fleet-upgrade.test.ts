import { hostsFile } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapAtHost,
  edgeHost,
  poolNodesOf,
  poolScenario,
  text,
} from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';

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
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
  for (const [version, k8s] of [
    ['1.0.0', '1.30'],
    ['1.1.0', '1.31'],
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
  it('plans the canary site first; a pool whose site went dark is left for later and listed; the rest ends at the target', async () => {
    t.slack.clear();
    await t.command('fleet upgrade --profile edge@1.1.0 --canary store-20 --bake 0', { user: 'U0ADMIN' });
    const request = await approveChange(t, 'Roll edge@1.1.0 out to 2 pools across the fleet (4 nodes)');
    const plan = text(request);
    expect(plan).toContain('wave 1 (canary: store-20): 1 pool, 2 nodes');
    expect(plan).toContain('wave 2 (site store-21): 1 pool, 2 nodes');
    expect(plan).toContain('demo/tills (site store-20, 2 nodes): edge@1.0.0 → edge@1.1.0');
    // The second site goes dark while the canary rolls.
    t.sim.control.setSiteOutage('store-21', true);
    await t.waitForCall(
      (c) => text(c).includes('Done: Roll edge@1.1.0 out to 2 pools across the fleet'),
      120_000,
    );
    const done = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' && text(c).includes('out to 2 pools across the fleet (4 nodes): done'),
      10_000,
    );
    expect(text(done)).toContain('1 skipped');
    const left = await t.waitForCall((c) => text(c).includes('demo/kiosks is left for later'), 10_000);
    expect(text(left)).toContain('2 hosts SSM cannot reach');
    expect(text(left)).toContain('/hybrid pool upgrade kiosks --cluster demo --profile edge@1.1.0');
    expect(await versions('tills')).toEqual(['v1.31', 'v1.31']);
    t.sim.control.setSiteOutage('store-21', false);
    expect(await versions('kiosks')).toEqual(['v1.30', 'v1.30']);
    // The pool's own rollout ran as a change approved with the fleet, in the cluster's channel.
    await t.waitForCall((c) => text(c).includes('Approved with change'), 30_000);
  }, 180_000);

  it('lists fleet rollouts and refuses one with nothing to move, saying why', async () => {
    await t.command('fleets', { user: 'U0VIEWER' });
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('Fleet rollouts'), 20_000);
    await t.command('fleet upgrade --profile edge@1.0.0', { user: 'U0ADMIN' });
    const refusal = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('No pool can move to edge@1.0.0'),
      20_000,
    );
    expect(text(refusal)).toContain('newer than edge@1.0.0');
  }, 60_000);
});
