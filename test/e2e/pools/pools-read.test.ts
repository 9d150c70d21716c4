import { Redis } from 'ioredis';
import type { SlackCall } from '../../../sim/slack/fake-slack';
import { createCloudClients } from '../../../src/adapters/aws/cloud-clients';
import { AlertStore } from '../../../src/adapters/redis/alert-store';
import { ClusterStatusStore } from '../../../src/adapters/redis/cluster-status-store';
import { type NewPool, PoolStore } from '../../../src/adapters/redis/pool-store';
import { POOL_LABEL, SITE_LABEL } from '../../../src/domain/bot-labels';
import { poolNodeAnnotations } from '../../../src/domain/pools/pool-annotations';
import { monitorSweeps } from '../../support/barriers';
import { readHost } from '../../support/host-records';
import { hostsFile, IAM_RA_CLUSTER, movableClock } from '../../support/hosts-support';
import { postSigned } from '../../support/slack-requests';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../../support/test-bot';
import { until } from '../../support/until';
import { bootstrap, readNode, registerHost } from '../host-join-support';

// The pool is put in place as the pool changes leave it (pool-rebuild.test.ts goes through
// `pool create` itself): the record and members in Redis, nodes joined with the pool's labels and
// taint through their NodeConfig, the pool's definition annotated on each node through the
// Kubernetes API. That keeps this file fast and lets it make drift at will.

const GRACE_SECONDS = 600;
const clock = movableClock();
let t: TestBot;
let redis: Redis;
let pools: PoolStore;
const cloud = () =>
  createCloudClients({
    endpoint: t.sim.awsEndpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    env: { AWS_ENDPOINT_URL: t.sim.awsEndpoint },
  });
const kube = () => cloud().forCluster({ ...IAM_RA_CLUSTER, region: 'us-west-2' }).kube;

const tills: NewPool = {
  cluster: 'demo',
  name: 'tills',
  profile: { name: 'edge-standard', version: '1.0.0' },
  arch: 'amd64',
  labels: { 'example.com/tier': 'pos' },
  taints: ['dedicated=pos:NoSchedule'],
  maxParallel: 5,
  createdBy: 'U0OPERATOR',
  createdAt: 1_796_000_000_000,
};
const HOSTS = ['store12-edge-01', 'store12-edge-02', 'store12-edge-03'];
const nodes: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestBot({
    clock,
    file: hostsFile({
      monitor: { intervalSeconds: 1, gracePeriodSeconds: GRACE_SECONDS, repeatIntervalSeconds: 3600 },
    }),
  });
  redis = new Redis(t.redis.url);
  pools = new PoolStore(redis);
}, 60_000);
afterAll(async () => {
  redis.disconnect();
  await t.stop();
});

const textOf = (c: SlackCall) => JSON.stringify(c.args);

/** Sends a command and returns the reply to it (the first response after the command). */
async function ask(command: string, user = 'U0VIEWER'): Promise<string> {
  const from = t.slack.calls().length;
  expect((await t.command(command, { user })).status).toBe(200);
  const reply = await t.waitForCall(
    (c) => c.kind === 'response_url' && t.slack.calls().indexOf(c) >= from,
    20_000,
  );
  return textOf(reply);
}

/** Joins a host with the NodeConfig a pool gives: its labels and taint on top of the host's own. */
async function joinAsPoolNode(host: string, ip: string): Promise<string> {
  const config = await registerHost(t, host, `--site store-12 --ip ${ip}`);
  const withPool = config.replace(
    /^(\s*- )(["']?)--node-labels=([^"'\n]*)\2$/m,
    (_m, dash: string, q: string, labels: string) =>
      `${dash}${q}--node-labels=${labels},${POOL_LABEL}=tills,example.com/tier=pos${q}\n${dash}${q}--register-with-taints=dedicated=pos:NoSchedule${q}`,
  );
  expect(withPool).toContain('--register-with-taints=dedicated=pos:NoSchedule');
  return bootstrap(t, host, withPool);
}

async function hostKnowsNode(host: string): Promise<void> {
  await until(
    `${host} to know its node`,
    async () => (await readHost(redis, host)).node !== undefined,
    30_000,
  );
}

const alertPosts = () =>
  t.slack
    .calls()
    .filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0ALERTS' &&
        !c.args.thread_ts &&
        textOf(c).includes('Pool tills'),
    );

let opened = 0;
async function openHome(user: string): Promise<string> {
  opened += 1;
  const from = t.slack.calls().length;
  const event = {
    type: 'event_callback',
    team_id: 'T0SIM',
    api_app_id: 'A0HYBRID',
    event_id: `EvPoolHome${opened}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user,
      channel: 'D0HOME',
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
  };
  await postSigned(t.url, JSON.stringify(event), 'application/json', { secret: SIGNING_SECRET });
  const call = await t.waitForCall(
    (c) => c.method === 'views.publish' && c.args.user_id === user && t.slack.calls().indexOf(c) >= from,
  );
  return JSON.stringify(call.args.view);
}

describe('reading pools from Slack', () => {
  it('sets up: a profile, three hosts joined as the pool tills, and the pool as the create change records it', async () => {
    expect(await ask('profile create edge-standard --k8s 1.31', 'U0OPERATOR')).toContain(
      'edge-standard@1.0.0* created',
    );
    for (const [i, host] of HOSTS.entries()) nodes[host] = await joinAsPoolNode(host, `10.80.1.${11 + i}`);
    for (const host of HOSTS) await hostKnowsNode(host);
    expect(await pools.create(tills)).toBe(true);
    for (const host of HOSTS) {
      await pools.addMember('demo', 'tills', host, { at: clock.now(), what: 'joined by change c-test' });
      await kube().patchNodeAnnotations(nodes[host] as string, poolNodeAnnotations(tills));
    }
    const node = await readNode(t, nodes[HOSTS[0] as string] as string);
    expect(node?.labels).toEqual(
      expect.objectContaining({ [POOL_LABEL]: 'tills', [SITE_LABEL]: 'store-12' }),
    );
    expect(node?.taints).toEqual([{ key: 'dedicated', value: 'pos', effect: 'NoSchedule' }]);
  }, 120_000);

  it('lists the pool with its profile, hosts, Ready nodes and no drift; a newer profile shows as an update', async () => {
    const list = await ask('pools');
    expect(list).toContain('*tills* · demo · edge-standard@1.0.0 · 3 hosts · nodes 3/3 Ready · no drift');
    expect(list).not.toContain('updates available');

    // A version that says something new (the same content would not be saved).
    expect(
      await ask(
        'profile create edge-standard --k8s 1.31 --version 1.1.0 --os appliance --image registry.example.com/edge-os:7',
        'U0OPERATOR',
      ),
    ).toContain('edge-standard@1.1.0* created');
    expect(await ask('pools --cluster demo')).toContain('updates available (1.1.0)');
    expect(await ask('pools --cluster legacy')).toContain('No pools on legacy yet');
    expect(await ask('pools --cluster nowhere')).toContain('No cluster named `nowhere` is configured');
  }, 60_000);

  it("shows each host's node, Ready, kubelet version, labels and taints, and last change", async () => {
    const show = await ask('pool show tills');
    for (const host of HOSTS) {
      expect(show).toContain(`*${host}* · node ${nodes[host]} · Ready · kubelet v1.31`);
    }
    expect(show).toContain('labels match · taints match · last change');
    expect(show).toContain('joined by change c-test');
    expect(show).toContain('No drift: every node runs what the pool wants.');
    // Its one button is Upgrade, for this pool (test/e2e/rollouts/pool-upgrade-modal.test.ts presses it).
    expect(show.match(/"type":"button"/g)).toHaveLength(1);
    expect(show).toContain('"action_id":"pool_upgrade"');
  }, 30_000);

  it('asks which cluster when two clusters have a pool of that name, and names an unknown pool', async () => {
    await pools.create({ ...tills, cluster: 'legacy' });
    expect(await ask('pool show tills')).toContain(
      'Pool tills is in demo and legacy: add --cluster demo or --cluster legacy.',
    );
    expect(await ask('pool show tills --cluster demo')).toContain('3 hosts · nodes 3/3 Ready');
    expect(await ask('pool show kiosks --cluster demo')).toContain(
      'No pool `kiosks` in demo: see `/hybrid pools --cluster demo`.',
    );
    expect(await ask('pool show kiosks')).toContain('No pool `kiosks` on any cluster: see `/hybrid pools`.');
    await pools.deleteEmpty('legacy', 'tills');
  }, 30_000);

  it('shows drift in pool show, status and the Home tab, and alerts once per pool after the grace period', async () => {
    const drifted = nodes[HOSTS[1] as string] as string;
    await kube().patchNodeLabels(drifted, { 'example.com/tier': 'kiosk' });
    const words = `node ${drifted}: labels example.com/tier different`;

    const show = await ask('pool show tills --cluster demo');
    expect(show).toContain('*labels differ*');
    expect(show).toContain(words);
    expect(await ask('pools')).toContain(':warning: *1 drift*');
    const status = await ask('status demo');
    expect(status).toContain(`:warning: pool *tills* on demo: 1 drift (${words})`);
    // The Home tab shows what the monitor last saw (opens within 10 s share one publish): wait for it.
    // A sweep that began before the patch may store an older reading first: wait for this drift's words.
    await until(
      `the status of demo to name ${words}`,
      async () => JSON.stringify(await new ClusterStatusStore(redis).read(['demo'])).includes(words),
      60_000,
    );
    expect(await openHome('U0HOME')).toContain(`:warning: pool *tills* on demo: 1 drift (${words})`);

    // Within the grace period nothing is posted; past it, one alert for the pool.
    await until(
      'the monitor to note the drift',
      async () => (await new AlertStore(redis).read('demo')).poolDriftSince !== undefined,
    );
    expect(alertPosts()).toHaveLength(0);
    clock.advance((GRACE_SECONDS + 1) * 1000);
    const alert = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && textOf(c).includes('Pool tills on demo has drifted'),
      20_000,
    );
    expect(textOf(alert)).toContain(words);
    await monitorSweeps(redis, 'demo', 2);
    expect(alertPosts()).toHaveLength(1);

    // Put right, the alert resolves and status no longer mentions the pool.
    await kube().patchNodeLabels(drifted, { 'example.com/tier': 'pos' });
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'), 20_000);
    expect(await ask('status demo')).not.toContain(':warning: pool');
    expect(alertPosts()).toHaveLength(1);
  }, 120_000);

  it('rebuilds the pool from its nodes after Redis is wiped', async () => {
    await redis.flushall();
    expect(await ask('pools')).toContain('No pools yet');
    const refreshed = await ask('hosts --refresh --cluster demo', 'U0OPERATOR');
    expect(refreshed).toContain('store12-edge-01');
    const notice = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && textOf(c).includes('was rebuilt from its nodes'),
      20_000,
    );
    expect(textOf(notice)).toContain('3 hosts, profile edge-standard@1.0.0');

    const rebuilt = await pools.get('demo', 'tills');
    expect(rebuilt).toEqual({ ...tills, hosts: [...HOSTS].sort() });
    const list = await ask('pools');
    // The profile went with Redis: the pool is back, its Kubernetes version unchecked until it is imported again.
    expect(list).toContain('*tills* · demo · edge-standard@1.0.0 · 3 hosts · nodes 3/3 Ready · no drift');
    const show = await ask('pool show tills');
    expect(show).toContain('rebuilt from the cluster');
    expect(show).toContain('labels: example.com/tier=pos · taints: dedicated=pos:NoSchedule');
  }, 120_000);

  it('says once which nodes claim a pool whose definition is nowhere, and makes no pool of them', async () => {
    const before = new Set(t.sim.control.state().nodes.map((n) => n.name));
    t.sim.control.addHybridNodes('demo', { count: 1, sites: ['plant-9'] });
    const ghost =
      t.sim.control.state().nodes.find((n) => n.cluster === 'demo' && !before.has(n.name))?.name ?? '';
    await kube().patchNodeLabels(ghost, { [POOL_LABEL]: 'ghost' });
    for (let i = 0; i < 2; i++) await ask('hosts --refresh --cluster demo', 'U0OPERATOR');
    const notices = () =>
      t.slack.calls().filter((c) => c.method === 'chat.postMessage' && textOf(c).includes('pool *ghost*'));
    await until('a notice', async () => notices().length > 0);
    expect(textOf(notices()[0] as SlackCall)).toContain(
      `Nodes ${ghost} on demo carry the label of pool *ghost*`,
    );
    expect(notices()).toHaveLength(1);
    expect(await pools.get('demo', 'ghost')).toBeUndefined();
  }, 60_000);
});
