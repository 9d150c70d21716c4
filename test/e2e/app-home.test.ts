import { postSigned } from '../support/slack-requests';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});

function homeOpened(user: string): string {
  return JSON.stringify({
    token: 'deprecated',
    team_id: 'T0SIM',
    api_app_id: 'A0HYBRID',
    type: 'event_callback',
    event_id: `Ev${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user,
      channel: 'D0HOME',
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
  });
}

describe('App Home', () => {
  it('publishes the Home tab with the configured clusters when a user opens it', async () => {
    const res = await postSigned(t.url, homeOpened('U0VIEWER'), 'application/json', {
      secret: SIGNING_SECRET,
    });
    expect(res.status).toBe(200);
    const call = await t.waitForCall((c) => c.method === 'views.publish');
    expect(call.args.user_id).toBe('U0VIEWER');
    const view = JSON.stringify(call.args.view);
    expect(view).toContain('*demo* · us-west-2');
    expect(view).toContain('home_refresh');
  });

  it('refreshes the Home tab when its Refresh button is clicked', async () => {
    t.slack.clear();
    const res = await t.interaction({
      type: 'block_actions',
      team: { id: 'T0SIM', domain: 'sim' },
      user: { id: 'U0CLICKER', username: 'clicker', team_id: 'T0SIM' },
      api_app_id: 'A0HYBRID',
      token: 'deprecated',
      trigger_id: '1.2.3',
      view: { id: 'V0HOME', type: 'home' },
      actions: [
        { type: 'button', action_id: 'home_refresh', block_id: 'b1', action_ts: `${Date.now() / 1000}` },
      ],
    });
    expect(res.status).toBe(200);
    const call = await t.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === 'U0CLICKER');
    expect(JSON.stringify(call.args.view)).toContain('Refresh');
  });
});
