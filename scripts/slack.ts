import { createHmac, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type DemoSession, NO_DEMO, runningSession } from './lib/demo-session';
import { exitQuietlyWhenReaderCloses } from './lib/quiet-pipe';
import { findButton, renderBlocks } from './lib/render-blocks';

/**
 * `npm run slack -- [--as USER] [--channel C] '/hybrid …'` or `--click LABEL`: acts as Slack towards
 * the demo bot (signed requests) and prints what the bot answered, Block Kit rendered as text.
 * `npm run slack -- --channel C0OPS [--last N] [--watch]`: what the bot posted in a channel.
 * `--json` prints what Slack received as JSON instead.
 */
type Obj = Record<string, unknown>;
type Session = DemoSession;
interface Call {
  kind: string;
  method: string;
  args: Obj;
  at: number;
  status: number;
}

async function main(): Promise<void> {
  exitQuietlyWhenReaderCloses();
  const { values, positionals } = parseArgs({
    options: {
      as: { type: 'string', default: 'U0OPERATOR' },
      channel: { type: 'string', default: 'C0OPS' },
      click: { type: 'string' },
      wait: { type: 'string', default: '3' },
      last: { type: 'string', default: '10' },
      watch: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const session = (await runningSession()) ?? fail(NO_DEMO);
  json = values.json;
  if (!values.click && positionals.length === 0) {
    await showChannel(session, values.channel, Number(values.last), values.watch);
    return;
  }
  const since = Date.now();
  let response: Response;
  if (values.click) {
    response = await click(session, values.click, values.as, values.channel);
  } else {
    const text = positionals.join(' ').trim();
    if (!text.startsWith('/hybrid')) fail("Give a slash command, e.g. npm run slack -- '/hybrid ping'");
    const body = new URLSearchParams({
      team_id: 'T0SIM',
      channel_id: values.channel,
      user_id: values.as,
      command: '/hybrid',
      text: text.replace(/^\/hybrid\s*/, ''),
      response_url: responseUrl(session),
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    }).toString();
    response = await signedPost(session, body);
  }
  const ackBody = await response.text();
  if (response.status !== 200) fail(`The bot answered HTTP ${response.status}: ${ackBody}`);
  if (ackBody) {
    const ack = JSON.parse(ackBody) as Obj;
    print('ack (only you see this)', ack.blocks as Obj[], String(ack.text ?? ''));
  }
  for (const call of await waitForAnswers(session, since, Number(values.wait) * 1000)) printCall(call);
}

let json = false;

function printCall(call: Call): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ kind: call.kind, method: call.method, args: call.args }, null, 2)}\n`,
    );
    return;
  }
  const view = call.args.view as Obj | undefined;
  if (view && call.method !== 'views.publish') {
    printForm(call.method, view);
    return;
  }
  const where =
    call.kind === 'response_url'
      ? call.args.response_type === 'in_channel'
        ? 'reply in the channel'
        : 'reply (only you see this)'
      : `${call.method} ${String(call.args.channel ?? call.args.user_id ?? '')}`;
  print(where, (call.args.blocks ?? view?.blocks) as Obj[], String(call.args.text ?? ''));
}

/** A modal, as its fields: this terminal cannot fill one in, so say what to do instead. */
function printForm(method: string, view: Obj): void {
  const title = String((view.title as Obj | undefined)?.text ?? 'form');
  const submit = String((view.submit as Obj | undefined)?.text ?? 'Submit');
  print(`${method}: a form opened in Slack, "${title}"`, view.blocks as Obj[], '');
  process.stdout.write(
    `[${submit}]\nnpm run slack cannot fill in forms: give the command its flags instead (\`/hybrid help\`), or add --json to see the form as Slack received it.\n\n`,
  );
}

/** What the bot posted (or updated) in a channel, oldest first; with watch, new posts as they come. */
async function showChannel(session: Session, channel: string, last: number, watch: boolean): Promise<void> {
  const inChannel = (c: Call) =>
    c.kind === 'api' &&
    c.status === 200 &&
    (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
    c.args.channel === channel;
  let seen = 0;
  const posts = (await fetchCalls(session)).filter(inChannel);
  if (posts.length === 0 && !watch) process.stdout.write(`Nothing posted in ${channel} yet.\n`);
  for (const call of posts.slice(-Math.max(1, last))) printCall(call);
  seen = posts.length;
  while (watch) {
    await new Promise((r) => setTimeout(r, 500));
    const now = (await fetchCalls(session)).filter(inChannel);
    for (const call of now.slice(seen)) printCall(call);
    seen = now.length;
  }
}

/** A response_url on the simulated Slack, as Slack hands one out with each command or click. */
function responseUrl(session: Session): string {
  return `${session.slackUrl}/response/T0SIM/${Date.now()}/${randomBytes(8).toString('hex')}`;
}

function sign(secret: string, body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`,
  };
}

function signedPost(session: { botUrl: string; signingSecret: string }, body: string): Promise<Response> {
  return fetch(`${session.botUrl}/slack/events`, {
    method: 'POST',
    headers: sign(session.signingSecret, body),
    body,
  });
}

/** Clicks the newest button with this label in a message the bot sent. */
async function click(session: Session, label: string, user: string, channel: string): Promise<Response> {
  const calls = (await fetchCalls(session)).reverse();
  for (const call of calls) {
    const blocks = (call.args.blocks ?? (call.args.view as Obj | undefined)?.blocks) as Obj[] | undefined;
    const found = findButton(blocks, label);
    if (!found) continue;
    const payload = {
      type: 'block_actions',
      team: { id: 'T0SIM', domain: 'sim' },
      user: { id: user, username: user, team_id: 'T0SIM' },
      api_app_id: 'A0HYBRID',
      trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
      channel: { id: String(call.args.channel ?? channel) },
      container: {
        type: 'message',
        message_ts: String(call.args.ts ?? ''),
        channel_id: String(call.args.channel ?? channel),
      },
      message: { ts: String(call.args.ts ?? ''), text: call.args.text, blocks },
      response_url: responseUrl(session),
      actions: [{ ...found.button, block_id: found.block_id, action_ts: `${Date.now() / 1000}` }],
    };
    return signedPost(session, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }
  return fail(`No button labelled "${label}" in the bot's messages.`);
}

async function fetchCalls(session: { simUrl: string }): Promise<Call[]> {
  const res = await fetch(`${session.simUrl.replace(/\/$/, '')}/_sim/slack/calls`);
  const body = (await res.json()) as { calls?: Call[] } | Call[];
  return Array.isArray(body) ? body : (body.calls ?? []);
}

/** Collects what the bot sends until it has been quiet for a moment (or the wait runs out). */
async function waitForAnswers(session: { simUrl: string }, since: number, waitMs: number): Promise<Call[]> {
  const deadline = Date.now() + waitMs;
  let seen = 0;
  let quietSince = Date.now();
  let answers: Call[] = [];
  while (Date.now() < deadline) {
    answers = (await fetchCalls(session)).filter(
      (c) => c.at >= since && c.status === 200 && c.method !== 'usergroups.users.list',
    );
    if (answers.length !== seen) {
      seen = answers.length;
      quietSince = Date.now();
    } else if (seen > 0 && Date.now() - quietSince > 700) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return answers;
}

function print(where: string, blocks: Obj[] | undefined, text: string): void {
  process.stdout.write(`--- ${where}\n${renderBlocks(blocks, text)}\n\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  // The demo stopped between two requests, or answered something unexpected: one line, no stack trace.
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  fail(cause === 'ECONNREFUSED' ? NO_DEMO : `npm run slack failed: ${(err as Error).message}`);
});
