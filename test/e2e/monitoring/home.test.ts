import { monitorSweeps } from '../../support/barriers';
import { postSigned } from '../../support/slack-requests';
import { SIGNING_SECRET, startTestBot, TEST_CLUSTERS, type TestBot } from '../../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({
    file: {
      clusters: TEST_CLUSTERS,
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
    },
  });
});
afterAll(async () => {
  await t.stop();
});

let opened = 0;
async function openHome(user: string): Promise<string> {
  t.slack.clear();
  opened += 1;
  const event = {
    type: 'event_callback',
    team_id: 'T0SIM',
    api_app_id: 'A0HYBRID',
    event_id: `EvHome${opened}`,
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
  const call = await t.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === user);
  return JSON.stringify(call.args.view);
}

describe('App Home: the fleet at a glance', () => {
  it('shows each cluster with agent availability, hybrid nodes Ready and firing alerts', async () => {
    t.sim.control.addHybridNodes('demo', { count: 4 });
    const view = await openHome('U0HOME1');
    expect(view).toContain('*demo* · us-west-2');
    expect(view).toMatch(/\*demo\*[^"]*agent nodes 1\/1 Ready[^"]*hybrid 4\/4 Ready[^"]*no alerts firing/);
    // legacy has no worker that can host the agent: the monitor alerts on it.
    await t.waitForCall((c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes('legacy'));
    const again = await openHome('U0HOME2');
    expect(again).toMatch(
      /\*legacy\*[^"]*no cloud worker of t3.xlarge size or more for the agent[^"]*:rotating_light: \d+ firing/,
    );
    expect(again).toContain('2 clusters · :rotating_light:');
  });

  it('shows a cluster it cannot read as unknown', async () => {
    t.sim.control.setFault({ service: 'eks', errorRate: 1 });
    try {
      // A sweep that began after the fault has recorded what it could not read.
      await monitorSweeps(t.inspect, 'demo', 1);
      const view = await openHome('U0HOME3');
      expect(view).toMatch(/\*demo\*[^"]*state unknown/);
    } finally {
      t.sim.control.clearFaults();
    }
  });

  it('counts a snoozed alert among those firing and says how many are snoozed', async () => {
    const key = 'legacy/agent-node-unavailable';
    // legacy's alert fires since the first test.
    const click = await t.interaction({
      type: 'block_actions',
      team: { id: 'T0SIM', domain: 'sim' },
      user: { id: 'U0OPERATOR', username: 'U0OPERATOR', team_id: 'T0SIM' },
      api_app_id: 'A0HYBRID',
      token: 'deprecated',
      trigger_id: '9.9.9',
      channel: { id: 'C0ALERTS', name: 'alerts' },
      response_url: t.slack.responseUrl(),
      actions: [
        {
          type: 'button',
          action_id: 'alert_snooze_4h',
          block_id: 'alert-0',
          value: key,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    expect(click.status).toBe(200);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && JSON.stringify(c.args).includes('snoozed until'),
    );
    const view = await openHome('U0HOME4');
    expect(view).toMatch(/\*legacy\*[^"]*:(rotating_light|zzz): \d+ firing · 1 snoozed/);
    expect(view).toMatch(/2 clusters · :(rotating_light|zzz): \d+ alerts? firing · 1 snoozed/);
  });
});
