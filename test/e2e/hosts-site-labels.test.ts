import type { SlackCall } from '../../sim/slack/fake-slack';
import { SITE_LABEL } from '../../src/domain/bot-labels';
import { hostsFile } from '../support/hosts-support';
import { startTestBot, type TestBot } from '../support/test-bot';
import { backgroundQueue, bootstrap, readNode, registerHost } from './host-join-support';

let t: TestBot;
let queue: ReturnType<typeof backgroundQueue>;
beforeAll(async () => {
  t = await startTestBot({
    file: hostsFile({ monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 } }),
  });
  // Hybrid nodes the bot did not register: no site label, so they count under "unknown".
  t.sim.control.addHybridNodes('demo', { count: 3, sites: ['plant-9'] });
  queue = backgroundQueue(t);
});
afterAll(async () => {
  await queue.close();
  await t.stop();
});

const textOf = (c: SlackCall) => JSON.stringify(c.args);
const nodes: Record<string, string> = {};

describe('the site of a host reaches its node', () => {
  it('hands out a NodeConfig whose kubelet flags label the node with its site, for SSM and IAM Roles Anywhere', async () => {
    const ssm = await registerHost(t, 'store12-edge-01', '--site store-12 --ip 10.80.1.11');
    const iamRa = await registerHost(t, 'store12-edge-03', '--site store-12 --ip 10.80.1.13 --auth iam-ra');
    for (const config of [ssm, iamRa]) expect(config).toContain(`--node-labels=${SITE_LABEL}=store-12`);

    nodes.ssm = bootstrap(t, 'store12-edge-01', ssm);
    nodes.iamRa = bootstrap(t, 'store12-edge-03', iamRa);
    expect(nodes.ssm).toMatch(/^mi-/);
    for (const name of [nodes.ssm, nodes.iamRa]) {
      expect((await readNode(t, name))?.labels[SITE_LABEL]).toBe('store-12');
    }
  }, 60_000);

  it('labels a node that joined without the label when a reconcile finds it', async () => {
    const config = await registerHost(t, 'store12-edge-02', '--site store-12 --ip 10.80.1.12');
    // As a host bootstrapped with a NodeConfig from before the bot labelled nodes would join.
    const unlabelled = config.replace(/\n {2}kubelet:\n(?: {4}.*\n?)*/, '\n');
    expect(unlabelled).not.toContain('--node-labels');
    await queue.pause();
    try {
      nodes.late = bootstrap(t, 'store12-edge-02', unlabelled);
      expect((await readNode(t, nodes.late))?.labels[SITE_LABEL]).toBeUndefined();
      t.slack.clear();
      await t.command('hosts --refresh --cluster demo');
      await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('Edge hosts'), 20_000);
      expect((await readNode(t, nodes.late))?.labels[SITE_LABEL]).toBe('store-12');
    } finally {
      await queue.resume();
    }
  }, 120_000);

  it('groups the hosts under their site in status --details', async () => {
    t.slack.clear();
    await t.command('status demo --details', { user: 'U0VIEWER' });
    const details = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('By site'));
    expect(textOf(details)).toContain('store-12: 3/3 Ready');
    expect(textOf(details)).toContain('unknown: 3/3 Ready');
  });

  it('gives one site alert, naming the site, when the whole site goes down', async () => {
    const alertPosts = () =>
      t.slack
        .calls()
        .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0ALERTS' && !c.args.thread_ts);
    t.slack.clear();
    t.sim.control.setSiteOutage('store-12', true);
    const alert = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && textOf(c).includes('Site store-12 is down on demo'),
      20_000,
    );
    expect(textOf(alert)).toContain('3 of 3 hybrid nodes NotReady');
    await queue.monitorRuns(3);
    expect(alertPosts()).toHaveLength(1);
    expect(t.slack.calls().map(textOf).join('\n')).not.toContain('is NotReady on demo');
    t.sim.control.setSiteOutage('store-12', false);
  }, 60_000);
});

describe('alerts and status name hosts, and never make a site of nodes whose site is unknown', () => {
  it('gives each NotReady node of unknown site its own alert, and names a host by its host name and mi- ID', async () => {
    // The site outage above is over first.
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'), 20_000);
    const unknown = t.sim.control
      .state()
      .hosts.filter((h) => h.site === 'plant-9')
      .map((h) => String(h.nodeName));
    const down = [...unknown.slice(0, 2), nodes.ssm as string];
    t.slack.clear();
    try {
      for (const node of down) t.sim.control.setNodeReady(node, false, 'demo');
      const summaries = [
        ...unknown.slice(0, 2).map((n) => `Hybrid node ${n} (site unknown) is NotReady on demo.`),
        `Hybrid node store12-edge-01 (${nodes.ssm}) (site store-12) is NotReady on demo.`,
      ];
      await t.waitForCall(
        (c) =>
          c.args.channel === 'C0ALERTS' &&
          !c.args.thread_ts &&
          summaries.every((s) => String(c.args.text).includes(s)),
        20_000,
      );
      await queue.monitorRuns(2);
      expect(t.slack.calls().map(textOf).join('\n')).not.toContain('Site unknown');

      await t.command('status demo', { user: 'U0VIEWER' });
      const status = await t.waitForCall(
        (c) => c.kind === 'response_url' && textOf(c).includes('Status: demo'),
      );
      expect(textOf(status)).toContain(`store12-edge-01 (${nodes.ssm})`);
    } finally {
      for (const node of down) t.sim.control.setNodeReady(node, true, 'demo');
    }
  }, 60_000);
});
