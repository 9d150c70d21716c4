import type { SlackCall } from '../../../sim/slack/fake-slack';
import { AuditLog } from '../../../src/adapters/redis/audit-log';
import { SITE_LABEL } from '../../../src/domain/bot-labels';
import { monitorSweeps } from '../../support/barriers';
import { buttonClick, buttonsIn } from '../../support/hosts-support';
import { startTestBot, TEST_ACCESS, type TestBot } from '../../support/test-bot';

let t: TestBot;
// The bot's clock, moved by the test to run a snooze out.
const clock = { offset: 0, now: () => Date.now() + clock.offset };
beforeAll(async () => {
  t = await startTestBot({
    file: {
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
      // A second admin decides on importing and forgetting a cluster.
      access: { ...TEST_ACCESS, admins: ['U0ADMIN', 'U0ADMIN2'] },
    },
    clock,
  });
});
afterAll(async () => {
  await t.stop();
});

const textOf = (c: SlackCall) => JSON.stringify(c.args);
const alertPosts = () =>
  t.slack
    .calls()
    .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0ALERTS' && !c.args.thread_ts);
const topLevelPost = (channel: string, text: string) =>
  t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === channel &&
      !c.args.thread_ts &&
      textOf(c).includes(text),
  );
// The agent's alert by name: a late thread line of an earlier test's resolution must not stand in for it.
const agentResolvedInThread = () =>
  t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      Boolean(c.args.thread_ts) &&
      textOf(c).includes('Resolved: No cloud worker'),
  );
const agentNode = () => {
  const node = t.sim.control.state().nodes.find((n) => n.cluster === 'demo' && n.computeType !== 'hybrid');
  return String(node?.name);
};

/** Two sweeps of demo begun after now have finished and sent what they planned: any duplicate would be out. */
const settle = () => monitorSweeps(t.inspect, 'demo');

function click(actionId: string, value: string, user = 'U0OPERATOR') {
  return t.interaction({
    type: 'block_actions',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: user, username: user, team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random()}`,
    channel: { id: 'C0ALERTS', name: 'alerts' },
    response_url: t.slack.responseUrl(),
    actions: [
      { type: 'button', action_id: actionId, block_id: 'alert-0', value, action_ts: `${Date.now() / 1000}` },
    ],
  });
}

describe('alert notifications', () => {
  it('posts one message when the agent node goes NotReady and updates that message to resolved', async () => {
    t.slack.clear();
    t.sim.control.setNodeReady(agentNode(), false, 'demo');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0ALERTS' &&
        textOf(c).includes('No cloud worker'),
    );
    await settle();
    expect(alertPosts()).toHaveLength(1);

    t.sim.control.setNodeReady(agentNode(), true, 'demo');
    const resolved = await t.waitForCall(
      (c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'),
    );
    const thread = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && Boolean(c.args.thread_ts) && textOf(c).includes('Resolved:'),
    );
    expect(resolved.args.ts).toBe(thread.args.thread_ts);
    await settle();
    expect(alertPosts()).toHaveLength(1);
  });

  it('gives one site alert, not one per node, when 500 hybrid nodes of a site go down', async () => {
    t.sim.control.addHybridNodes('demo', { count: 500, sites: ['store-99'], siteLabel: SITE_LABEL });
    t.sim.control.addHybridNodes('demo', { count: 20, sites: ['plant-7'], siteLabel: SITE_LABEL });
    await settle();
    t.slack.clear();
    t.sim.control.setSiteOutage('store-99', true);
    await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && textOf(c).includes('Site store-99 is down'),
    );
    await settle();
    const posts = alertPosts();
    expect(posts).toHaveLength(1);
    expect(textOf(posts[0] as SlackCall)).toContain('500 of 500 hybrid nodes NotReady');
    expect(textOf(posts[0] as SlackCall)).not.toContain('is NotReady on demo');

    t.sim.control.setSiteOutage('store-99', false);
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'));
  });

  it('says unknown and raises no node alerts while the Kubernetes API is down', async () => {
    await settle();
    t.slack.clear();
    t.sim.control.setFault({ service: 'kubernetes', errorRate: 1 });
    t.sim.control.setSiteOutage('plant-7', true);
    try {
      await t.waitForCall(
        (c) => c.method === 'chat.postMessage' && textOf(c).includes('State of demo unknown'),
      );
      await settle();
      const all = t.slack.calls().map(textOf).join('\n');
      expect(all).not.toMatch(/NotReady|Site plant-7|No cloud worker/);
      expect(alertPosts()).toHaveLength(1);
    } finally {
      t.sim.control.clearFaults();
      t.sim.control.setSiteOutage('plant-7', false);
    }
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'));
  });

  it('records who acknowledged, and a snooze keeps a returning alert quiet', async () => {
    await settle();
    t.slack.clear();
    t.sim.control.setNodeReady(agentNode(), false, 'demo');
    await t.waitForCall((c) => c.method === 'chat.postMessage' && textOf(c).includes('No cloud worker'));
    const key = 'demo/agent-node-unavailable';

    expect((await click('alert_ack', key)).status).toBe(200);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && textOf(c).includes('acknowledged by <@U0OPERATOR>'),
    );
    await t.waitForCall(
      (c) => Boolean(c.args.thread_ts) && textOf(c).includes('Acknowledged by <@U0OPERATOR>'),
    );

    expect((await click('alert_snooze_1h', key)).status).toBe(200);
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('snoozed until'));
    await t.waitForCall((c) => Boolean(c.args.thread_ts) && textOf(c).includes('Snoozed by <@U0OPERATOR>'));

    // Recovers, then fails again within the hour: the snooze holds, nothing is posted.
    t.sim.control.setNodeReady(agentNode(), true, 'demo');
    await agentResolvedInThread();
    t.slack.clear();
    t.sim.control.setNodeReady(agentNode(), false, 'demo');
    await settle();
    expect(alertPosts()).toHaveLength(0);

    const audit = (await new AuditLog(t.inspect).list({ limit: 20 })).map((e) => JSON.stringify(e));
    expect(audit.some((e) => e.includes('"command":"alert snooze 1h demo/agent-node-unavailable"'))).toBe(
      true,
    );
    expect(audit.some((e) => e.includes('"command":"alert acknowledge demo/agent-node-unavailable"'))).toBe(
      true,
    );

    // A viewer may not snooze.
    await click('alert_snooze_4h', key, 'U0VIEWER');
    await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('needs the *operator* role'));

    // The snooze runs out (the bot's clock an hour on): the alert is posted again.
    clock.offset += 61 * 60_000;
    await topLevelPost('C0ALERTS', 'No cloud worker');
    expect(alertPosts()).toHaveLength(1);
    t.sim.control.setNodeReady(agentNode(), true, 'demo');
    await agentResolvedInThread();
  });

  it('a snooze covers the nodes of its incident: a node down later re-posts the alert, Unsnooze lifts it', async () => {
    t.sim.control.addHybridNodes('demo', { count: 3, sites: ['store-31'], siteLabel: SITE_LABEL });
    // A node that joined without a site label: its site is unknown.
    t.sim.control.addHybridNodes('demo', { count: 1, sites: ['plant-31'] });
    const nodesOf = (site: string) =>
      t.sim.control
        .state()
        .hosts.filter((h) => h.site === site)
        .map((h) => String(h.nodeName));
    const [loner] = nodesOf('plant-31');
    t.slack.clear();
    t.sim.control.setSiteOutage('store-31', true);
    await topLevelPost('C0ALERTS', 'Site store-31 is down on demo');
    expect((await click('alert_snooze_1h', 'demo/site-down/store-31')).status).toBe(200);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && textOf(c).includes('1 alert firing on demo · 1 snoozed'),
    );
    const site = await t.waitForCall(
      (c) => c.method === 'chat.update' && textOf(c).includes('alert_unsnooze'),
    );

    // Another node goes down while the site is snoozed: the channel hears of it at once.
    t.slack.clear();
    t.sim.control.setNodeReady(String(loner), false, 'demo');
    const again = await topLevelPost(
      'C0ALERTS',
      `New: Hybrid node ${loner} (site unknown) is NotReady on demo`,
    );
    expect(String(again.args.text)).toMatch(/^2 alerts firing on demo · 1 snoozed/);
    expect(textOf(again)).not.toContain('Site unknown');
    const old = await t.waitForCall(
      (c) => c.method === 'chat.update' && textOf(c).includes('Posted again below'),
    );
    expect(old.args.ts).toBe(site.args.ts);

    await t.command('alerts demo', { user: 'U0VIEWER' });
    await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('2 firing · 1 snoozed'));

    // Unsnooze lifts the site's snooze at once, on the message posted again.
    expect((await click('alert_unsnooze', 'demo/site-down/store-31')).status).toBe(200);
    const lifted = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.ts === again.result?.ts &&
        String(c.args.text).startsWith('2 alerts firing on demo\n'),
    );
    expect(textOf(lifted)).not.toContain('snoozed until');
    await t.waitForCall((c) => Boolean(c.args.thread_ts) && textOf(c).includes('Unsnoozed by <@U0OPERATOR>'));

    t.sim.control.setSiteOutage('store-31', false);
    t.sim.control.setNodeReady(String(loner), true, 'demo');
    await t.waitForCall((c) => c.method === 'chat.update' && textOf(c).includes('Resolved on demo'));
  });

  it('lists firing alerts and subscribes another channel', async () => {
    t.slack.clear();
    const refused = await t.command('alerts subscribe demo', { user: 'U0VIEWER', channel: 'C0OTHER' });
    expect(JSON.stringify(refused.json())).toContain('needs the *operator* role');
    await t.command('alerts subscribe demo', { user: 'U0OPERATOR', channel: 'C0OTHER' });
    await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('subscribed <#C0OTHER>'));
    t.sim.control.setNodeReady(agentNode(), false, 'demo');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0OTHER' &&
        textOf(c).includes('No cloud worker'),
    );
    await t.command('alerts', { user: 'U0VIEWER' });
    const list = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c).includes('1 firing'));
    expect(textOf(list)).toContain('<#C0ALERTS>, <#C0OTHER>');
    t.sim.control.setNodeReady(agentNode(), true, 'demo');
    await agentResolvedInThread();
  });
});

describe('a cluster forgotten while its alerts fire', () => {
  /** The change's message in gitops' channel, once it reads `state`; approved by a second admin when asked. */
  const changeMessage = (title: string, state: string) =>
    t.waitForCall(
      (c) =>
        (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
        c.args.channel === 'C0GITOPS' &&
        String(c.args.text).includes(`${title}: ${state}`),
      20_000,
    );
  async function approve(title: string) {
    const asked = await changeMessage(title, 'waiting for approval');
    const [button] = buttonsIn(asked.args);
    await t.interaction(
      buttonClick('U0ADMIN2', button as never, {
        messageTs: '1700000001.000400',
        responseUrl: t.slack.responseUrl(),
      }),
    );
    await changeMessage(title, 'done');
    return asked;
  }
  const gitopsAgent = () => {
    const node = t.sim.control
      .state()
      .nodes.find((n) => n.cluster === 'gitops' && n.computeType !== 'hybrid');
    return String(node?.name);
  };
  const gitopsAlertPosts = () =>
    t.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0GITOPS' && !c.args.thread_ts)
      .filter((c) => textOf(c).includes('firing on gitops'));

  it('leaves its alert message saying it is no longer watched, and posts nothing more for it', async () => {
    t.slack.clear();
    await t.command('cluster import gitops --region us-west-2 --channel <#C0GITOPS|gitops-ops>', {
      user: 'U0ADMIN',
    });
    await approve('Import cluster gitops');
    t.sim.control.setNodeReady(gitopsAgent(), false, 'gitops');
    await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0GITOPS' &&
        !c.args.thread_ts &&
        textOf(c).includes('No cloud worker'),
    );

    await t.command('cluster forget gitops', { user: 'U0ADMIN' });
    const plan = await approve('Forget cluster gitops');
    // The approver knew what would be left unwatched.
    expect(textOf(plan)).toMatch(
      /\d+ alerts? firing there now: the alert message is marked as no longer watched/,
    );
    const closed = await t.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.channel === 'C0GITOPS' &&
        textOf(c).includes('No longer watched: gitops'),
    );
    expect(textOf(closed)).toContain('No cloud worker');
    expect(textOf(closed)).not.toContain('"type":"actions"');
    await t.waitForCall(
      (c) =>
        Boolean(c.args.thread_ts) &&
        c.args.channel === 'C0GITOPS' &&
        textOf(c).includes('Closed: cluster gitops is no longer managed by the bot'),
    );

    // Its cause clears, yet nobody watches: no "Resolved", no new message, as demo's sweeps go on.
    t.sim.control.setNodeReady(gitopsAgent(), true, 'gitops');
    await monitorSweeps(t.inspect, 'demo', 3);
    expect(gitopsAlertPosts()).toHaveLength(1);
    expect(t.slack.calls().some((c) => textOf(c).includes('Resolved on gitops'))).toBe(false);
  });
});
