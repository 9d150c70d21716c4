import type { SlackCall } from '../../../sim/slack/fake-slack';
import { monitorSweeps } from '../../support/barriers';
import { readHost } from '../../support/host-records';
import { buttonsIn, hostsFile } from '../../support/hosts-support';
import { approveChange } from '../../support/pool-support';
import { startTestBot, type TestBot } from '../../support/test-bot';
import { until } from '../../support/until';
import { joinAtHost } from '../host-join-support';

// One bot for the file: two SSM hosts joined at store-12 (so one of them NotReady is a node alert,
// both a site alert), a monitor sweeping every second with no grace period.
let t: TestBot;
const HOST = 'store12-edge-01';
const OTHER = 'store12-edge-02';
let instanceId: string;

beforeAll(async () => {
  t = await startTestBot({
    file: hostsFile({
      pools: { pollMinMs: 100, pollMaxMs: 400 },
      monitor: { intervalSeconds: 1, gracePeriodSeconds: 0, repeatIntervalSeconds: 3600 },
    }),
  });
  await joinAtHost(t, HOST, '--site store-12 --ip 10.80.1.11');
  await joinAtHost(t, OTHER, '--site store-12 --ip 10.80.1.12');
  instanceId = await until('the inventory to know both hosts joined', async () => {
    const [h, o] = await Promise.all([readHost(t.inspect, HOST), readHost(t.inspect, OTHER)]);
    return h.status === 'joined' && o.status === 'joined' ? h.managedInstanceId : undefined;
  });
}, 90_000);
afterAll(async () => {
  await t.stop();
});

const text = (c: SlackCall) => JSON.stringify(c.args);
/** Diagnostics Run Commands sent to the store-12 hosts since the effects were last cleared. */
const sendCommands = (hosts = [HOST, OTHER]) =>
  hosts
    .flatMap((h) =>
      Object.entries((t.sim.control.effects() as Record<string, Record<string, number>>)[h] ?? {}),
    )
    .filter(([verb]) => verb.startsWith('SendCommand') && verb.includes('hybrid-bot: nodeadm-debug'))
    .reduce((n, [, count]) => n + count, 0);
const inAlerts = (c: SlackCall) =>
  (c.args.channel === 'C0ALERTS' || c.args.channel_id === 'C0ALERTS') && c.kind !== 'response_url';
const alertPost = (match: string) =>
  t.waitForCall(
    (c) => c.method === 'chat.postMessage' && inAlerts(c) && !c.args.thread_ts && text(c).includes(match),
    30_000,
  );
/**
 * The diagnostics' summary: the "Diagnosing…" message in the alert's thread, replaced (or posted
 * as is when the command ended before "Diagnosing…" went out: the outbox sends only the newest).
 */
const summary = () =>
  t.waitForCall(
    (c) =>
      (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
      inAlerts(c) &&
      text(c).includes(`Host debug: ${HOST}`) &&
      !text(c).includes('Diagnosing'),
    30_000,
  );
const diagnosingPosts = () =>
  t.slack
    .calls()
    .filter((c) => c.method === 'chat.postMessage' && inAlerts(c) && text(c).includes(`Host debug: ${HOST}`));

function click(value: string, user = 'U0OPERATOR', actionTs = `${Date.now() / 1000}`) {
  return t.interaction({
    type: 'block_actions',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: user, username: user, team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `trigger-${actionTs}`,
    channel: { id: 'C0ALERTS', name: 'alerts' },
    response_url: t.slack.responseUrl(),
    actions: [
      { type: 'button', action_id: 'alert_diagnose', block_id: 'alert-0', value, action_ts: actionTs },
    ],
  });
}

/** What the simulator counted on the host since the effects were last cleared. */
const hostEffect = (action: string, host = HOST) =>
  (t.sim.control.effects() as Record<string, Record<string, number>>)[host]?.[action] ?? 0;

/** A click on a button of a message in the alert's thread, as Slack sends it (block_actions). */
function clickInThread(
  user: string,
  button: { action_id: string; value?: string; text: { text: string } },
  message: { ts: string; threadTs: string },
) {
  const actionTs = `${Date.now() / 1000}`;
  return t.interaction({
    type: 'block_actions',
    team: { id: 'T0SIM', domain: 'sim' },
    user: { id: user, username: user, team_id: 'T0SIM' },
    api_app_id: 'A0HYBRID',
    token: 'deprecated',
    trigger_id: `trigger-${actionTs}`,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: 'C0ALERTS',
      is_ephemeral: false,
      thread_ts: message.threadTs,
    },
    channel: { id: 'C0ALERTS', name: 'hybrid-alerts' },
    message: { type: 'message', ts: message.ts, thread_ts: message.threadTs, text: '' },
    response_url: t.slack.responseUrl(),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: `remedies-${HOST}`,
        text: { type: 'plain_text', text: button.text.text },
        value: button.value,
        action_ts: actionTs,
      },
    ],
  });
}

describe('a remedy from the alert’s thread', () => {
  it('NotReady → one alert → one diagnostics run naming the kubelet → Restart kubelet in the thread, approved by another → node Ready, the alert resolved, the result in its thread; one restart Run Command', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
    const alert = await alertPost(`${HOST} (${instanceId})`);
    const alertTs = String(alert.result?.ts);
    const inThread = (c: SlackCall, match: string) =>
      c.method === 'chat.postMessage' &&
      inAlerts(c) &&
      c.args.thread_ts === alertTs &&
      text(c).includes(match);

    const done = await summary();
    expect(text(done)).toContain('kubelet (activating)');
    const restart = buttonsIn(done.args).find((b) => b.action_id === 'host_restart_kubelet');
    if (!restart) throw new Error(`no Restart kubelet under the diagnostics: ${text(done).slice(0, 500)}`);
    const summaryTs = String(done.method === 'chat.update' ? done.args.ts : done.result?.ts);
    expect((await clickInThread('U0OPERATOR', restart, { ts: summaryTs, threadTs: alertTs })).status).toBe(
      200,
    );

    // The thread hears that the remedy waits for an approver, and where; the request stays in the ops channel.
    const asked = await t.waitForCall((c) => inThread(c, `Restart kubelet on host ${HOST}`), 30_000);
    expect(text(asked)).toContain('<@U0OPERATOR> asked to');
    expect(text(asked)).toContain('waits for an approver');
    expect(text(asked)).toContain('<#C0OPS>');
    const request = await approveChange(t, `Restart kubelet on host ${HOST}`);
    expect(text(request)).toContain('<@U0OPERATOR>');

    const result = await t.waitForCall(
      (c) => inThread(c, `kubelet restarted on ${HOST}; node ${instanceId} Ready again`),
      60_000,
    );
    expect(text(result)).toContain(':white_check_mark:');
    const resolved = await t.waitForCall(
      (c) => c.method === 'chat.update' && inAlerts(c) && text(c).includes('Resolved on demo'),
      30_000,
    );
    expect(resolved.args.ts).toBe(alertTs);

    await monitorSweeps(t.inspect, 'demo', 2);
    expect(sendCommands()).toBe(1);
    expect(hostEffect('SendCommand AWS-RunShellScript: set -e; systemctl restart kubelet')).toBe(1);
    expect(hostEffect('systemctl restart kubelet')).toBe(1);
    expect(t.slack.calls().filter((c) => inThread(c, 'asked to'))).toHaveLength(1);
    expect(t.slack.calls().filter((c) => inThread(c, 'kubelet restarted on'))).toHaveLength(1);
    expect(
      t.slack.calls().filter((c) => c.method === 'chat.postMessage' && inAlerts(c) && !c.args.thread_ts),
    ).toHaveLength(1);
  }, 120_000);
});

describe('alert enrichment with host diagnostics', () => {
  let alertKey: string;
  let alertTs: unknown;

  it('diagnoses a crash-looping host once for its alert: one Run Command however many sweeps, the summary and the full output in the alert’s thread', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop'] });
    const alert = await alertPost(`${HOST} (${instanceId})`);
    expect(text(alert)).toContain('NotReady');
    expect(text(alert)).toContain('Diagnose again');
    alertTs = alert.result?.ts;
    alertKey = `demo/node-not-ready/${instanceId}`;

    const running = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && inAlerts(c) && text(c).includes(`Host debug: ${HOST}`),
      30_000,
    );
    expect(running.args.thread_ts).toBe(alertTs);
    const done = await summary();
    // The summary says why: the kubelet is not running, and nodeadm's node check failed.
    expect(text(done)).toContain('kubelet (activating)');
    expect(text(done)).toContain(':x:');
    const file = await t.waitForCall(
      (c) => c.method === 'files.completeUploadExternal' && c.args.channel_id === 'C0ALERTS',
      30_000,
    );
    expect(file.args.thread_ts).toBe(alertTs);

    await monitorSweeps(t.inspect, 'demo', 3);
    expect(sendCommands()).toBe(1);
    expect(diagnosingPosts()).toHaveLength(1);
    expect(
      t.slack.calls().filter((c) => c.method === 'chat.postMessage' && inAlerts(c) && !c.args.thread_ts),
    ).toHaveLength(1);
  }, 90_000);

  it('runs them again on Diagnose again, once per click (a redelivered click runs nothing twice), and answers the clicker', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    const actionTs = `${Date.now() / 1000}`;
    expect((await click(alertKey, 'U0OPERATOR', actionTs)).status).toBe(200);
    expect((await click(alertKey, 'U0OPERATOR', actionTs)).status).toBe(200);
    const answer = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('Diagnosing'),
      20_000,
    );
    expect(text(answer)).toContain(`Diagnosing ${HOST} again`);
    expect(answer.args.response_type).toBe('ephemeral');
    const running = await t.waitForCall(
      (c) => c.method === 'chat.postMessage' && inAlerts(c) && text(c).includes(`Host debug: ${HOST}`),
      20_000,
    );
    expect(running.args.thread_ts).toBe(alertTs);
    await summary();
    await monitorSweeps(t.inspect, 'demo', 2);
    expect(sendCommands()).toBe(1);
    expect(diagnosingPosts()).toHaveLength(1);
  }, 60_000);

  it('refuses Diagnose again to a viewer, running nothing', async () => {
    t.slack.clear();
    t.sim.control.clearEffects();
    await click(alertKey, 'U0VIEWER');
    const answer = await t.waitForCall(
      (c) => c.kind === 'response_url' && text(c).includes('operator'),
      20_000,
    );
    expect(text(answer)).toContain('Diagnosing a host needs the *operator* role');
    await monitorSweeps(t.inspect, 'demo', 2);
    expect(sendCommands()).toBe(0);
  }, 60_000);

  it('sends no Run Command while a site alert says the site is down: one site alert, no diagnostics storm', async () => {
    t.sim.control.setHostFaults(HOST, { faults: [] });
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Resolved on demo'), 30_000);
    t.slack.clear();
    t.sim.control.clearEffects();
    t.sim.control.setSiteOutage('store-12', true);
    try {
      await alertPost('Site store-12 is down');
      await monitorSweeps(t.inspect, 'demo', 3);
      expect(sendCommands()).toBe(0);
      expect(
        t.slack.calls().filter((c) => c.method === 'chat.postMessage' && inAlerts(c) && !c.args.thread_ts),
      ).toHaveLength(1);
      expect(t.slack.calls().filter((c) => text(c).includes('Host debug'))).toHaveLength(0);
    } finally {
      t.sim.control.setSiteOutage('store-12', false);
    }
  }, 60_000);

  it('answers from SSM alone when the host’s agent is out of contact: one line in the alert’s thread, no Run Command, however many sweeps', async () => {
    await t.waitForCall((c) => c.method === 'chat.update' && text(c).includes('Resolved on demo'), 30_000);
    t.slack.clear();
    t.sim.control.clearEffects();
    // Re-imaged: its kubelet and SSM agent are gone, while the inventory still knows it as an SSM host.
    t.sim.control.reimageHost(OTHER);
    const alert = await alertPost(`${OTHER} (`);
    const unreachable = await t.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && inAlerts(c) && text(c).includes('The host itself is unreachable'),
      30_000,
    );
    expect(unreachable.args.thread_ts).toBe(alert.result?.ts);
    expect(text(unreachable)).toContain(OTHER);
    await monitorSweeps(t.inspect, 'demo', 3);
    expect(sendCommands()).toBe(0);
    expect(t.slack.calls().filter((c) => text(c).includes('The host itself is unreachable'))).toHaveLength(1);
  }, 60_000);
});
