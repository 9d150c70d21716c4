import type { SlackCall } from '../../sim/slack/fake-slack';
import { readHost } from '../support/host-records';
import { hostsFile, movableClock } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';
import { backgroundQueue, bootstrap, registerHost } from './host-join-support';

const clock = movableClock();
let t: TestBot;
let queue: ReturnType<typeof backgroundQueue>;
beforeAll(async () => {
  t = await startTestBot({
    file: hostsFile({ monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 } }),
    clock,
  });
  queue = backgroundQueue(t);
});
afterAll(async () => {
  await queue.close();
  await t.stop();
});

const textOf = (c: SlackCall) => JSON.stringify(c.args);
const posts = (fragment: string) =>
  t.slack.calls().filter((c) => c.method === 'chat.postMessage' && textOf(c).includes(fragment));
const stored = async (host: string) =>
  (await readHost(t.inspect, host, { clock })) as Record<string, unknown>;

/** The host registers and joins while only `hosts --refresh` runs, so the refresh learns of it first. */
async function joinSeenFirstByRefresh(host: string, nodeConfig: string): Promise<string> {
  await queue.pause();
  try {
    const node = bootstrap(t, host, nodeConfig);
    await t.command('hosts --refresh --cluster demo');
    await t.waitForCall(
      (c) => c.kind === 'response_url' && new RegExp(`${host}\\* · [^\\n]* · joined`).test(textOf(c)),
      20_000,
    );
    return node;
  } finally {
    await queue.resume();
  }
}

describe('registration notices', () => {
  it('says "registered as mi-…" and "joined as node …" once each when a refresh learned of both first', async () => {
    const config = await registerHost(t, 'store12-edge-01', '--site store-12 --ip 10.80.1.11');
    const node = await joinSeenFirstByRefresh('store12-edge-01', config);

    await t.waitForCall((c) => textOf(c).includes(`store12-edge-01* registered as \`${node}\``), 20_000);
    await t.waitForCall((c) => textOf(c).includes(`joined *demo* as node \`${node}\``), 20_000);
    await queue.watchEnded('store12-edge-01', 'joined');
    // Another refresh and the monitor see the same join again: still nothing new.
    await t.command('hosts --refresh --cluster demo');
    await queue.monitorRuns(2);
    expect(posts('store12-edge-01* registered as')).toHaveLength(1);
    expect(posts(`as node \`${node}\``)).toHaveLength(1);
  }, 60_000);

  it('says "joined as node …" once for an IAM Roles Anywhere host a refresh saw first', async () => {
    const config = await registerHost(t, 'store12-edge-02', '--site store-12 --ip 10.80.1.12 --auth iam-ra');
    await joinSeenFirstByRefresh('store12-edge-02', config);

    await t.waitForCall((c) => textOf(c).includes('joined *demo* as node `store12-edge-02`'), 20_000);
    await queue.watchEnded('store12-edge-02', 'joined');
    await queue.monitorRuns(2);
    expect(posts('as node `store12-edge-02`')).toHaveLength(1);
  }, 60_000);
});

describe('IAM Roles Anywhere hosts in the inventory', () => {
  it('shows a host that joined after the watch ended as joined, and NotReady in an outage, without a refresh', async () => {
    const config = await registerHost(t, 'plant3-edge-03', '--site plant-3 --ip 10.80.2.23 --auth iam-ra');
    clock.advance(25 * 3_600_000);
    await t.waitForCall((c) => textOf(c).includes('plant3-edge-03* (demo, plant-3) has not joined'), 20_000);
    expect(await stored('plant3-edge-03')).not.toHaveProperty('node');

    t.slack.clear();
    bootstrap(t, 'plant3-edge-03', config);
    await until('plant3-edge-03 joined', async () => (await stored('plant3-edge-03')).status === 'joined');
    await t.waitForCall((c) => textOf(c).includes('joined *demo* as node `plant3-edge-03`'), 20_000);

    t.sim.control.setSiteOutage('plant-3', true);
    await until(
      'plant3-edge-03 not ready',
      async () => (await stored('plant3-edge-03')).status === 'not-ready',
    );
    t.sim.control.setSiteOutage('plant-3', false);
    await until('plant3-edge-03 joined', async () => (await stored('plant3-edge-03')).status === 'joined');
    expect(posts('as node `plant3-edge-03`')).toHaveLength(1);
  }, 60_000);
});
