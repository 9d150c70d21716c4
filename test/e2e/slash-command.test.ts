import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../../src/adapters/queue/queues';
import { AuditLog } from '../../src/adapters/redis/audit-log';
import { KEY_PREFIX } from '../../src/adapters/redis/connection';
import { jobsDrained } from '../support/barriers';
import { startTestBot, type TestBot } from '../support/test-bot';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => t.slack.clear());

const responses = () => t.slack.calls().filter((c) => c.kind === 'response_url');
const textOf = (body: Record<string, unknown>) => JSON.stringify(body);

async function commandJobs(): Promise<number> {
  const q = new Queue(QUEUE_NAMES.commands, { connection: t.inspect, prefix: KEY_PREFIX });
  const counts = await q.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  await q.close();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('/hybrid through signed HTTP, real Redis and workers', () => {
  it('answers help at once with every command and the role it needs', async () => {
    const res = await t.command('help', { user: 'U0SOMEONE' });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    const text = textOf(body);
    for (const c of ['/hybrid help', '/hybrid ping', '/hybrid audit']) expect(text).toContain(c);
    expect(text).toContain('(admin)');
    expect(text).toContain('Your role: *viewer*');
  });

  it('acks ping at once and a job replies with the measured queue latency', async () => {
    const res = await t.command('ping');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('pong'));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(String(reply.args.text)).toMatch(/queue latency \d+ ms/);
  });

  it('refuses a bad signature with 401 and starts nothing', async () => {
    const before = await commandJobs();
    const res = await t.command('ping', { signWith: 'not-the-signing-secret-at-all!!' });
    expect(res.status).toBe(401);
    expect(await commandJobs()).toBe(before);
  });

  it('refuses a request older than five minutes with 401 and starts nothing', async () => {
    const before = await commandJobs();
    const res = await t.command('ping', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(await commandJobs()).toBe(before);
  });

  it('creates one job when Slack redelivers the same request', async () => {
    const before = await commandJobs();
    const triggerId = '12345.98765.redelivered';
    const first = await t.command('ping', { triggerId });
    const again = await t.command('ping', { triggerId, retryNum: 1 });
    const third = await t.command('ping', { triggerId, retryNum: 2 });
    expect([first.status, again.status, third.status]).toEqual([200, 200, 200]);
    await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('pong'));
    await jobsDrained(t.inspect);
    expect(await commandJobs()).toBe(before + 1);
    expect(responses().filter((c) => textOf(c.args).includes('pong'))).toHaveLength(1);
  });

  it('refuses a user without the role, tells them which role, and audits it', async () => {
    const res = await t.command('audit', { user: 'U0OPERATOR' });
    const text = textOf(res.json());
    expect(text).toContain('needs the *admin* role');
    const [latest] = await new AuditLog(t.inspect).list({ limit: 1 });
    expect(latest).toMatchObject({ user: 'U0OPERATOR', command: '/hybrid audit', outcome: 'refused' });
  });

  it('answers an unknown subcommand with a suggestion and the usage hint', async () => {
    const res = await t.command('pnig');
    const text = textOf(res.json());
    expect(text).toContain('Did you mean `/hybrid ping`?');
    expect(text).toContain('/hybrid help');
  });

  it('shows admins the audit trail, filtered by user', async () => {
    await t.command('ping', { user: 'U0OPERATOR' });
    await t.command('audit --user U0OPERATOR --limit 5', { user: 'U0ADMIN' });
    const reply = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('Audit trail'),
    );
    const text = textOf(reply.args);
    expect(text).toContain('<@U0OPERATOR>');
    expect(text).not.toContain('<@U0ADMIN>');
  });

  it('filters by a user mentioned as Slack sends a mention with the manifest escaping /hybrid', async () => {
    await t.command('ping', { user: 'U0OPERATOR' });
    // What `audit --user @operator` arrives as, the user picked from Slack's autocomplete.
    await t.command('audit --user <@U0OPERATOR|operator> --limit 5', { user: 'U0ADMIN' });
    const reply = await t.waitForCall(
      (c) =>
        c.kind === 'response_url' &&
        textOf(c.args).includes('Audit trail') &&
        textOf(c.args).includes('U0OPERATOR'),
    );
    expect(textOf(reply.args)).not.toContain('<@U0ADMIN>');
    // A name that matches no one stays plain text: say so rather than show an empty trail.
    await t.command('audit --user @jane.doe', { user: 'U0ADMIN' });
    const refused = await t.waitForCall(
      (c) => c.kind === 'response_url' && textOf(c.args).includes('jane.doe'),
    );
    expect(String(refused.args.text)).toContain('`@jane.doe` is not a Slack user');
  });

  it('tells the admin what is wrong with a bad --limit', async () => {
    await t.command('audit --limit 5000', { user: 'U0ADMIN' });
    const reply = await t.waitForCall((c) => c.kind === 'response_url' && textOf(c.args).includes('--limit'));
    expect(String(reply.args.text)).toContain('must be a whole number from 1 to 100');
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ redis: true, workers: true, queues: true });
  });
});

describe('the request path', () => {
  it('never waits on Slack: auth.test is asked once, not once per request', async () => {
    await t.command('ping');
    await t.command('help');
    await t.command('ping');
    await jobsDrained(t.inspect);
    expect(t.slack.calls().filter((c) => c.method === 'auth.test')).toHaveLength(0);
  });
});
