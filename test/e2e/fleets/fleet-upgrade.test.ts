import type { ScenarioInput } from '../../../sim/scenario/schema';
import { ChangeStore } from '../../../src/adapters/redis/change-store';
import { buttonClick, buttonsIn, hostsFile, viewSubmission } from '../../support/hosts-support';
import {
  approveChange,
  bootstrapAtHost,
  poolNodesOf,
  poolScenario,
  publishProfileVersion,
  text,
} from '../../support/pool-support';
import { startTestBot, TEST_CLUSTERS, type TestBot } from '../../support/test-bot';
import { until } from '../../support/until';

// A fleet of three clusters, each with two pools of one host at a site of their own: the canary site
// first, then the others; a site that goes dark before its turn leaves its pool for later instead of
// holding the fleet.
let t: TestBot;
const CHANNELS = { demo: 'C0OPS', gitops: 'C0GITOPS', east: 'C0EAST' } as const;
type Cluster = keyof typeof CHANNELS;
const POOLS = [
  { cluster: 'demo', pool: 'tills', site: 'store-20' },
  { cluster: 'demo', pool: 'kiosks', site: 'store-21' },
  { cluster: 'gitops', pool: 'tills', site: 'store-30' },
  { cluster: 'gitops', pool: 'kiosks', site: 'store-31' },
  { cluster: 'east', pool: 'tills', site: 'store-40' },
  { cluster: 'east', pool: 'kiosks', site: 'store-41' },
].map((p) => ({
  ...p,
  cluster: p.cluster as Cluster,
  host: `${p.site.replace('-', '')}-edge-01`,
  ip: `10.80.${p.site.slice(-2)}.11`,
}));
const HOSTS = POOLS.map((p) => p.host);
const CANARY = POOLS[0] as (typeof POOLS)[number];
const DARK = POOLS[5] as (typeof POOLS)[number];
// The fleet's one live message, and its thread: the channel the configuration names for fleets.
const FLEET_CHANNEL = 'C0FLEET';
// Every site but the canary's in one wave, every pool of it at once.
const FLAGS = '--canary store-20 --bake 6s --wave-size 5 --parallel-pools 5';

/**
 * The demo world plus a third cluster ready for hybrid nodes (east: demo's setup in a VPC and pod
 * network of its own), and a host at each pool's site.
 */
function threeClusterScenario(): ScenarioInput {
  const scenario = poolScenario(0, { nodeadmUpgradeMs: 300 } as never);
  const demo = scenario.clusters?.find((c) => c.name === 'demo') as NonNullable<
    ScenarioInput['clusters']
  >[number];
  // Its Cilium's pod CIDR list follows its own pod network.
  const east = JSON.parse(
    JSON.stringify({ ...demo, name: 'east', vpcCidr: '10.3.0.0/16', apps: [] }).replaceAll(
      '10.85.0.0/16',
      '10.87.0.0/16',
    ),
  ) as typeof demo;
  return {
    ...scenario,
    clusters: [...(scenario.clusters ?? []), east],
    hosts: POOLS.map((p) => ({
      name: p.host,
      site: p.site,
      ip: p.ip,
      arch: 'amd64' as const,
      os: 'ubuntu-22.04',
    })),
  };
}

beforeAll(async () => {
  const [demo] = hostsFile().clusters as Record<string, unknown>[];
  t = await startTestBot({
    scenario: threeClusterScenario(),
    file: hostsFile({
      clusters: [
        demo,
        { ...TEST_CLUSTERS[0], name: 'gitops', channel: CHANNELS.gitops },
        { ...TEST_CLUSTERS[0], name: 'east', channel: CHANNELS.east },
      ],
      fleets: { channel: FLEET_CHANNEL },
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
  for (const p of POOLS) {
    await t.command(`host register ${p.host} --cluster ${p.cluster} --site ${p.site} --ip ${p.ip}`, {
      user: 'U0OPERATOR',
    });
    await bootstrapAtHost(t, p.host);
  }
  // The six pools are made at once: each cluster's in its own channel.
  await Promise.all(
    POOLS.map(async (p) => {
      await t.command(`pool create ${p.pool} --cluster ${p.cluster} --profile edge@1.0.0 --hosts ${p.host}`, {
        user: 'U0OPERATOR',
      });
      await approveChange(t, `Create pool ${p.pool} (1 host)`, CHANNELS[p.cluster]);
    }),
  );
  for (const p of POOLS)
    await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.channel === CHANNELS[p.cluster] &&
        text(c).includes('*Done*') &&
        text(c).includes(`Create pool ${p.pool}`),
      90_000,
    );
}, 240_000);
afterAll(async () => {
  await t.stop();
});

const versionOf = async (p: { cluster: string; pool: string }) =>
  (await poolNodesOf(t, p.pool, p.cluster)).map(
    (n) => /^v\d+\.\d+/.exec(n.status.nodeInfo.kubeletVersion)?.[0],
  );
/**
 * Waits until the fleet's canary wave bakes, as its journal says: the message shows it later (its
 * redraws are paced), and a fault meant for the bake must land while the bake still has time to see it.
 */
const canaryBaking = (fleet: string | undefined) =>
  until('the canary wave baking', async () =>
    (await new ChangeStore(t.inspect).steps(fleet ?? '')).some(
      (s) => s.key === 'wave-1.bake' && s.state === 'running',
    )
      ? true
      : undefined,
  );
/** Each pool's nodes' Kubernetes minors, in POOLS' order. */
const versions = async (pools = POOLS) => Promise.all(pools.map(versionOf));
const all = (v: string, n = POOLS.length) => Array.from({ length: n }, () => [v]);

describe('/hybrid fleet upgrade', () => {
  it('refuses a fleet while the channel configured for fleets is unknown to Slack or the bot is not in it, saying what to do', async () => {
    const refusal = async (says: string) => {
      t.slack.clear();
      await t.command(`fleet upgrade --profile edge@1.1.0 ${FLAGS}`, { user: 'U0ADMIN' });
      return t.waitForCall((c) => c.kind === 'response_url' && text(c).includes(says), 20_000);
    };
    await refusal('fleets.channel in the configuration is C0FLEET, a channel Slack does not show the bot');
    t.slack.setChannel(FLEET_CHANNEL, { name: 'fleet-ops', botIsMember: false });
    const invite = await refusal('the bot is not in #fleet-ops (C0FLEET)');
    expect(text(invite)).toContain('Invite it with `/invite @hybrid-bot` in that channel');
    // Nothing was asked for, anywhere.
    expect(t.slack.calls().filter((c) => text(c).includes('across the fleet'))).toEqual([]);
    // Invited: the fleets that follow go there.
    t.slack.setChannel(FLEET_CHANNEL, { name: 'fleet-ops', botIsMember: true });
  }, 60_000);

  it('bakes the canary wave: an alert about its node pauses the fleet before wave 2, naming it; Retry once it resolves goes on', async () => {
    t.slack.clear();
    await t.command(`fleet upgrade --profile edge@1.1.0 ${FLAGS}`, { user: 'U0ADMIN' });
    const request = await approveChange(
      t,
      'Roll edge@1.1.0 out to 6 pools across the fleet (6 nodes)',
      FLEET_CHANNEL,
    );
    const fleet = /Change (\d+)/.exec(text(request))?.[1];
    await canaryBaking(fleet);
    expect(await versionOf(CANARY)).toEqual(['v1.30']);
    // The canary's host breaks while its wave bakes.
    t.sim.control.setHostFaults(CANARY.host, { faults: ['kubelet-crashloop'] });
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        text(c).includes('fires during the bake of wave 1 (canary: store-20)'),
      60_000,
    );
    expect(text(paused)).toContain('NotReady');
    expect(text(paused)).toContain('(cluster demo)');
    expect(await versions(POOLS.slice(1))).toEqual(all('v1.29', 5));
    const message = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.channel === FLEET_CHANNEL &&
        text(c).includes(`Change ${fleet}:`) &&
        text(c).includes('change_retry'),
      30_000,
    );
    expect(text(message)).toContain('*Wave 1*: 1/1 pools done · bake stopped');
    expect(text(message)).toContain('*Wave 2*: 0/5 pools done');
    t.sim.control.setHostFaults(CANARY.host, { faults: [] });
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
      (c) => text(c).includes('Done: Roll edge@1.1.0 out to 6 pools across the fleet'),
      120_000,
    );
    expect(await versions()).toEqual(all('v1.30'));
  }, 240_000);

  it('plans the canary site first; a pool whose site went dark is left for later and listed; the rest ends at the target', async () => {
    t.slack.clear();
    await t.command(`fleet upgrade --profile edge@1.2.0 ${FLAGS}`, { user: 'U0ADMIN' });
    const request = await approveChange(
      t,
      'Roll edge@1.2.0 out to 6 pools across the fleet (6 nodes)',
      FLEET_CHANNEL,
    );
    const plan = text(request);
    expect(plan).toContain('6 pools (6 nodes) in 3 clusters, 2 waves by site, canary store-20 first');
    expect(plan).toContain('wave 1 (canary: store-20): 1 pool, 1 node');
    expect(plan).toContain(
      'wave 2 (sites store-21, store-30, store-31, store-40, store-41): 5 pools, 5 nodes',
    );
    expect(plan).toContain('demo/tills (site store-20, 1 node): edge@1.1.0 → edge@1.2.0');
    expect(plan).toContain('east/kiosks (site store-41, 1 node): edge@1.1.0 → edge@1.2.0');
    // A site goes dark while the canary bakes (earlier, its CoreDNS replica down would hold the canary's drain).
    await canaryBaking(/Change (\d+)/.exec(plan)?.[1]);
    t.sim.control.setSiteOutage(DARK.site, true);
    await t.waitForCall(
      (c) => text(c).includes('Done: Roll edge@1.2.0 out to 6 pools across the fleet'),
      120_000,
    );
    const done = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.channel === FLEET_CHANNEL &&
        text(c).includes('Roll edge@1.2.0 out to 6 pools across the fleet (6 nodes): done'),
      30_000,
    );
    expect(text(done)).toContain('1 skipped');
    const left = await t.waitForCall((c) => text(c).includes('east/kiosks is left for later'), 10_000);
    expect(left.args.channel).toBe(FLEET_CHANNEL);
    expect(text(left)).toContain(`1 host SSM cannot reach (${DARK.host})`);
    expect(text(left)).toContain('/hybrid pool upgrade kiosks --cluster east --profile edge@1.2.0');
    expect(await versions(POOLS.slice(0, 5))).toEqual(all('v1.31', 5));
    t.sim.control.setSiteOutage(DARK.site, false);
    expect(await versionOf(DARK)).toEqual(['v1.30']);
    // Each pool's own rollout ran as a change approved with the fleet, in its cluster's channel; the
    // fleet's own message and notes stayed in the fleets channel.
    for (const channel of Object.values(CHANNELS))
      await t.waitForCall(
        (c) => c.args.channel === channel && text(c).includes('Approved with change'),
        30_000,
      );
    const fleetPosts = t.slack
      .calls()
      .filter((c) => c.method.startsWith('chat.') && text(c).includes('across the fleet'));
    expect(new Set(fleetPosts.map((c) => c.args.channel))).toEqual(new Set([FLEET_CHANNEL]));
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
    expect(text(refusal)).toContain('gitops/kiosks: on edge@1.2.0, newer than edge@1.1.0');
    expect(text(refusal)).toContain('east/kiosks: already at edge@1.1.0');
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
    // 1.2.1: kubelet settings alone over 1.2.0, so the canary can go back; east/kiosks (1.1.0,
    // Kubernetes 1.30) and the others wait in wave 2.
    await publishProfileVersion(t, {
      name: 'edge',
      version: '1.2.1',
      k8s: '1.31',
      kubelet: 'config:\n  maxPods: 150\n',
    });
    t.slack.clear();
    t.sim.control.clearEffects();
    await t.command(`fleet upgrade --profile edge@1.2.1 ${FLAGS}`, { user: 'U0ADMIN' });
    const request = await approveChange(
      t,
      'Roll edge@1.2.1 out to 6 pools across the fleet (6 nodes)',
      FLEET_CHANNEL,
    );
    expect(text(request)).toContain('Roll back (while it runs or paused) takes the pools of the last wave');
    await canaryBaking(/Change (\d+)/.exec(text(request))?.[1]);
    t.sim.control.setHostFaults(CANARY.host, { faults: ['kubelet-crashloop'] });
    const paused = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        text(c).includes('fires during the bake of wave 1') &&
        text(c).includes('change_roll_back'),
      60_000,
    );
    t.sim.control.setHostFaults(CANARY.host, { faults: [] });
    await until('the canary node Ready again', async () =>
      (await poolNodesOf(t, CANARY.pool, CANARY.cluster)).every((n) =>
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
        c.method === 'chat.postMessage' && text(c).includes('Rolled back: Roll edge@1.2.1 out to 6 pools'),
      120_000,
    );
    expect(text(done)).toContain('back at edge@1.2.0');
    const effects = t.sim.control.effects() as Record<string, Record<string, number>>;
    // Forward and back on the canary's host; nothing on the next wave's.
    expect(HOSTS.map((h) => effects[h]?.['nodeadm init'] ?? 0)).toEqual([2, 0, 0, 0, 0, 0]);
    expect(await versions(POOLS.slice(1, 5))).toEqual(all('v1.31', 4));
    expect(await versionOf(DARK)).toEqual(['v1.30']);
    t.slack.clear();
    await t.command('pools --cluster demo');
    const list = await t.waitForCall((c) => c.kind === 'response_url', 20_000);
    expect(text(list)).toContain('edge@1.2.0');
  }, 240_000);
});
