import { buttonClick, hostsFile, registerForm, viewSubmission } from '../support/hosts-support';
import { startRedisServer } from '../support/redis-server';
import { postSigned } from '../support/slack-requests';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

// Forms and clicks are accepted (deduped, audited, enqueued) in one Redis call before Slack gets
// its ack: when Redis cannot take them, the person is told at once and nothing is lost silently.
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ file: hostsFile() });
});
afterAll(async () => {
  await t.stop();
});

const text = (c: { args: Record<string, unknown> }) => JSON.stringify(c.args);
const form = registerForm();

it('a form submitted while Redis is down stays open with the reason; submitted again once it is back, it registers the host', async () => {
  const { port } = t.redis;
  await t.redis.kill();
  const refused = await t.interaction(viewSubmission('U0OPERATOR', 'host_register', form));
  const body = (refused.body ? refused.json() : {}) as {
    response_action: string;
    errors: Record<string, string>;
  };
  if (!body.response_action) throw new Error(`status ${refused.status}: ${refused.body}`);
  expect(body.response_action).toBe('errors');
  expect(Object.values(body.errors).join()).toContain('cannot reach its job queue (Redis)');
  expect(Object.values(body.errors).join()).toContain('Your entries are still here');

  // A click while Redis is down: acked, and the clicker is told nothing was started.
  const responseUrl = t.slack.responseUrl();
  const button = {
    action_id: 'change_approve',
    value: JSON.stringify({ id: '1', planHash: 'x' }),
    text: { type: 'plain_text', text: 'Approve' },
  };
  await t.interaction(buttonClick('U0APPROVER', button as never, { messageTs: '1.2', responseUrl }));
  await t.waitForCall(
    (c) =>
      c.kind === 'response_url' &&
      responseUrl.endsWith(c.method) &&
      text(c).includes('cannot reach its job queue'),
  );

  // An event Slack sends while Redis is down is answered 500, so Slack delivers it again.
  const homeOpened = JSON.stringify({
    type: 'event_callback',
    team_id: 'T0SIM',
    api_app_id: 'A0HYBRID',
    event_id: 'Ev0HOMEDOWN',
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: 'U0HOMER', channel: 'D0HOME', tab: 'home', event_ts: '1.1' },
  });
  const sendHomeOpened = (retryNum?: number) =>
    postSigned(t.url, homeOpened, 'application/json', { secret: SIGNING_SECRET, retryNum });
  expect((await sendHomeOpened()).status).toBe(500);

  const restarted = await startRedisServer({ port });
  t.redis.stop = restarted.stop;
  await until(
    'the bot to become ready again',
    async () =>
      (await fetch(`${t.url}/readyz`).then(
        (r) => r.status,
        () => 0,
      )) === 200,
    { timeoutMs: 30_000, intervalMs: 100 },
  );
  const accepted = await t.interaction(viewSubmission('U0OPERATOR', 'host_register', form));
  expect(accepted.body).toBe('');
  await t.waitForCall(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === 'U0OPERATOR' &&
      text(c).includes('Bootstrap plant3-edge-02'),
    30_000,
  );

  // Slack's redelivery of the refused event is taken, and the Home tab is published.
  expect((await sendHomeOpened(1)).status).toBe(200);
  await t.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === 'U0HOMER', 30_000);
}, 90_000);
