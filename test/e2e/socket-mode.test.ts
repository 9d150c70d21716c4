import { freePort } from '../support/prometheus-server';
import { slashCommandBody } from '../support/slack-requests';
import { startTestBot, type TestBot } from '../support/test-bot';
import { until } from '../support/until';

let t: TestBot;
let metricsPort: number;
beforeAll(async () => {
  metricsPort = await freePort();
  t = await startTestBot({ socketMode: true, metricsPort });
  await until('the bot connected over Socket Mode', () => t.slack.socketMode.connections() > 0);
});
afterAll(async () => {
  await t.stop();
});

const payload = (text: string, user = 'U0OPERATOR') =>
  Object.fromEntries(
    new URLSearchParams(slashCommandBody({ text, user, responseUrl: t.slack.responseUrl() })),
  );

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects to Slack with the app-level token instead of listening for signed HTTP', () => {
    expect(t.slack.calls().some((c) => c.method === 'apps.connections.open')).toBe(true);
    expect(t.slack.socketMode.connections()).toBe(1);
  });

  it('acks /hybrid help over the socket with the help message', async () => {
    const ack = (await t.slack.socketMode.send('slash_commands', payload('help'))) as Record<string, unknown>;
    expect(JSON.stringify(ack)).toContain('/hybrid ping');
  });

  it('runs /hybrid ping through the job queue and replies on the response_url', async () => {
    await t.slack.socketMode.send('slash_commands', payload('ping'));
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && String(c.args.text).includes('pong'),
    );
    expect(reply.args.response_type).toBe('ephemeral');
  });

  it('counts the commands that came over the socket in its Slack request metrics', async () => {
    const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
    // help and ping, above.
    expect(scrape).toMatch(/^hybrid_bot_slack_requests_total\{kind="command",outcome="acked"\} 2$/m);
    expect(scrape).toMatch(/^hybrid_bot_slack_ack_duration_seconds_count\{kind="command"\} 2$/m);
  });
});
