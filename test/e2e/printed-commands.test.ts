import { decodeSlackEntities } from '../../sim/console/mrkdwn';
import { hostsFile } from '../support/hosts-support';
import { approveChange, edgeHost, poolScenario, registerAtHost, text } from '../support/pool-support';
import { postSigned, slashCommandBody } from '../support/slack-requests';
import { SIGNING_SECRET, startTestBot, type TestBot } from '../support/test-bot';

// Every `/hybrid …` the bot prints — in replies, channel posts, direct messages, help and the Home
// tab — must run as printed. The main flows run once on one world (both demo clusters reporting to
// the same channel, so the channel decides nothing); every command the fake Slack saw printed is then
// run, its placeholders filled with this world's names, and none may answer that it does not know
// the cluster, the command or an option.

let t: TestBot;
/** What the bot answered in acks (help, usage), which the fake Slack never sees. */
const acks: string[] = [];
const POOL = 'pos';
const [H1, H2, H3, H4] = [1, 2, 3, 4].map(edgeHost) as [string, string, string, string];

beforeAll(async () => {
  t = await startTestBot({
    scenario: poolScenario(4, { nodeadmInstallMs: 100, nodeadmInitMs: 100 } as never),
    file: hostsFile({ pools: { pollMinMs: 50, pollMaxMs: 250 } }),
  });
}, 60_000);
afterAll(async () => {
  await t.stop();
});

/** A slash command as Slack sends it, with a response_url of its own: its answers are told apart. */
async function run(line: string, user = 'U0ADMIN'): Promise<string> {
  const responseUrl = t.slack.responseUrl();
  const earlier = new Set(t.slack.calls());
  const res = await postSigned(
    t.url,
    slashCommandBody({ text: line, user, responseUrl }),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
  const path = new URL(responseUrl).pathname;
  const acked = res.body.trim();
  if (acked.startsWith('{')) {
    const quick = JSON.parse(acked) as { text?: string };
    if (quick.text) {
      acks.push(acked);
      return acked;
    }
  }
  // Otherwise an answer on the command's own response_url, or a form it opened.
  const call = await t.waitForCall(
    (c) => (c.kind === 'response_url' && c.method === path) || (c.method === 'views.open' && !earlier.has(c)),
    30_000,
  );
  return text(call);
}

/** Every `/hybrid …` the bot printed: in acks, messages, replies, views and files. */
function printedCommands(): string[] {
  const found = new Set<string>();
  // Read as the user reads it: Slack's client shows `&lt;pool&gt;` as `<pool>`.
  for (const sent of [...acks, ...t.slack.calls().map((c) => JSON.stringify(c.args))]) {
    const all = decodeSlackEntities(sent);
    // A command ends where its code span or sentence does; a failure quotes the user's own, not a suggestion.
    for (const m of all.matchAll(
      /(?<!:x: `|not a )\/hybrid ([^`"\\*_]+?)(?=`|"|\\n|\\"|[.,;:)](?:\s|$|")| \(|$| for | to | lists| rebuilds| says| shows)/g,
    )) {
      found.add(`/hybrid ${(m[1] ?? '').trim()}`);
    }
  }
  return [...found];
}

/** This world's names for the placeholders a printed command may hold. */
function filled(line: string, world: { change: string }): string {
  const words = line.replace(/^\/hybrid /, '');
  const verb = words.split(' ').slice(0, 2).join(' ');
  const names: Record<string, string> = {
    cluster: 'demo',
    pool: verb === 'pool create' ? 'kiosks' : POOL,
    name: verb.startsWith('host ') ? H3 : verb.startsWith('profile ') ? 'edge-standard' : 'kiosks',
    profile: 'edge-standard',
    from: 'edge-standard@1.0.0',
    to: 'edge-standard@1.0.0',
    id: world.change,
    host: H3,
  };
  return (
    words
      // The synopsis marks --cluster optional because it is found when unambiguous; this world is
      // ambiguous by design (both clusters report to one channel), so the help's --cluster is filled.
      .replace(/\[--cluster …\]/g, '--cluster demo')
      // Other optional parts are left out, as a reader trying the command would.
      .replace(/\s*\[[^\]]*\]/g, '')
      .replace(/<([a-z-]+)>/g, (_, k: string) => names[k] ?? k)
      .replace(/--hosts …/g, `--hosts ${H3}`)
      .replace(/ …/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** What no printed command may answer: it does not know the cluster, the command or an option. */
const BROKEN =
  /add --cluster|Say which cluster|Usage:|is not a \/hybrid command|is not expected here|needs <|is not an option|needs a value|is not configured|No (pool|host) `/;

describe('every command the bot prints', () => {
  let change = '';

  it('is printed as the main flows run', async () => {
    await run('help');
    await run('hosts');
    await run('profile create edge-standard --k8s 1.31', 'U0OPERATOR');
    await t.waitForCall((c) => text(c).includes('edge-standard') && text(c).includes('1.0.0'), 20_000);
    for (const [i, h] of [H1, H2, H3, H4].entries()) await registerAtHost(t, h, `10.80.20.${i + 11}`);
    expect(await run('hosts --page 5')).toContain(
      'There is no page 5: there is only 1 page; this is page 1.',
    );
    await run(`pool create ${POOL} --cluster demo --profile edge-standard --hosts ${H1},${H2}`, 'U0OPERATOR');
    const request = await approveChange(t, `Create pool ${POOL}`);
    change = /Change (\w+)/.exec(text(request))?.[1] ?? '';
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('2/2 hosts'), 60_000);
    for (const line of [
      `pool show ${POOL}`,
      'pools',
      `pool label ${POOL}`,
      `pool upgrade ${POOL}`,
      'pool show kiosks',
      `pool add kiosks --hosts ${H3}`,
      'host show nowhere-01',
      `host show ${H1}`,
      'status',
      'status demo',
      'doctor demo',
      'alerts',
      'changes',
      `change show ${change}`,
      'profiles',
      'profile show edge-standard',
      'frobnicate',
      'pool',
    ]) {
      await run(line);
    }
    // A relabel counts the pool's nodes, not its pool-record step.
    await run(`pool label ${POOL} --labels example.com/tier=pos`, 'U0OPERATOR');
    await approveChange(t, `Relabel pool ${POOL} (2 nodes)`);
    const relabelled = await t.waitForCall(
      (c) => c.method === 'chat.update' && /Relabel pool pos[^"]*: done/.test(text(c)),
      60_000,
    );
    expect(text(relabelled)).toContain('*Progress:* 2/2 nodes');
    // As the registration notice suggests it, without --cluster: the pool is in one cluster only.
    await run(`pool add ${POOL} --hosts ${H3}`, 'U0OPERATOR');
    await approveChange(t, `Add 1 host to pool ${POOL}`);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && /Add 1 host to pool pos: done/.test(text(c)),
      60_000,
    );
    // The diagnostics flows print their own commands: the summary's remedies, the facts report.
    t.sim.control.setHostFaults(H1, { faults: ['kubelet-crashloop'] });
    await run(`host debug ${H1} --cluster demo`, 'U0OPERATOR');
    await t.waitForCall(
      (c) =>
        (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
        text(c).includes(`Host debug: ${H1}`) &&
        !text(c).includes('Diagnosing') &&
        text(c).includes('kubelet'),
      60_000,
    );
    t.sim.control.setHostFaults(H1, { faults: [] });
    await run('doctor demo --hosts');
    await t.waitForCall((c) => c.kind === 'response_url' && text(c).includes('Host facts for demo'), 60_000);
    await run(`host deregister ${H4}`, 'U0OPERATOR');
    await approveChange(t, `Deregister host ${H4}`);
    await t.waitForCall(
      (c) => c.method === 'chat.update' && /Deregister host[^"]*done/.test(text(c)),
      60_000,
    );
    await openHome('U0OPERATOR');
    expect(printedCommands().length).toBeGreaterThan(20);
  }, 240_000);

  it("runs as printed, its placeholders filled with this world's names", async () => {
    const broken: string[] = [];
    const lines = [...new Set(printedCommands().map((l) => filled(l, { change })))];
    for (const line of lines) {
      const answer = await run(line);
      if (BROKEN.test(answer))
        broken.push(`/hybrid ${line}\n  → ${BROKEN.exec(answer)?.[0]}: ${answer.slice(0, 300)}`);
    }
    expect(broken).toEqual([]);
  }, 240_000);
});

async function openHome(user: string) {
  const event = {
    type: 'event_callback',
    team_id: 'T0SIM',
    api_app_id: 'A0HYBRID',
    event_id: 'EvPrintedHome',
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
  await t.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === user);
}
