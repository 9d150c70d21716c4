import type { Alert } from '../../../../src/domain/alerts/alert';
import { acknowledgeAlert } from '../../../../src/domain/alerts/alert-acknowledge';
import { type DeliveryAction, planAlertDelivery } from '../../../../src/domain/alerts/alert-delivery';
import {
  type AlertGroupState,
  type Snoozes,
  snoozeAlert,
  withMessageTs,
} from '../../../../src/domain/alerts/alert-state';

const t0 = Date.parse('2026-11-24T09:00:00Z');
const minute = 60_000;
const hour = 60 * minute;

const agentDown: Alert = {
  key: 'demo/agent-node-unavailable',
  cluster: 'demo',
  rule: 'agent-node-unavailable',
  severity: 'critical',
  summary: 'No cloud worker can host the management agent on demo.',
  details: '',
};
const nodeDown = (name: string, severity: Alert['severity'] = 'warning'): Alert => ({
  key: `demo/node-not-ready/${name}`,
  cluster: 'demo',
  rule: 'node-not-ready',
  severity,
  summary: `Hybrid node ${name} is NotReady on demo.`,
  details: '',
});

/** Runs evaluations in order the way the monitor job does, storing state and the posted message ts. */
class Channel {
  state: AlertGroupState | undefined;
  snoozes: Snoozes = {};
  posts = 0;

  evaluate(firing: Alert[], now: number): DeliveryAction[] {
    const plan = planAlertDelivery({
      cluster: 'demo',
      firing,
      state: this.state,
      snoozes: this.snoozes,
      now,
      repeatIntervalSeconds: 4 * 3600,
    });
    this.state = plan.next;
    this.snoozes = plan.snoozes;
    for (const action of plan.actions) {
      if (action.kind === 'post' && this.state) {
        this.posts += 1;
        this.state = withMessageTs(this.state, `1732438800.00${this.posts}`);
      }
    }
    return plan.actions;
  }
}

const kinds = (actions: DeliveryAction[]) => actions.map((a) => a.kind);

describe('planAlertDelivery', () => {
  it('posts one message for a new alert, then nothing while it keeps firing', () => {
    const channel = new Channel();
    expect(kinds(channel.evaluate([agentDown], t0))).toEqual(['post']);
    for (let i = 1; i <= 60; i++) expect(channel.evaluate([agentDown], t0 + i * minute)).toEqual([]);
    expect(channel.posts).toBe(1);
  });

  it('groups alerts that fire together into one message', () => {
    const channel = new Channel();
    const actions = channel.evaluate([nodeDown('mi-2'), agentDown, nodeDown('mi-1')], t0);
    expect(actions).toHaveLength(1);
    const post = actions[0];
    expect(post?.kind === 'post' && post.alerts.map((a) => a.alert.key)).toEqual([
      'demo/agent-node-unavailable',
      'demo/node-not-ready/mi-1',
      'demo/node-not-ready/mi-2',
    ]);
  });

  it('updates the same message and adds a thread line when an alert joins or leaves', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    const joined = channel.evaluate([agentDown, nodeDown('mi-1')], t0 + minute);
    expect(joined).toEqual([
      expect.objectContaining({ kind: 'update', messageTs: '1732438800.001', resolved: false }),
      { kind: 'thread', messageTs: '1732438800.001', text: 'Firing: Hybrid node mi-1 is NotReady on demo.' },
    ]);
    const left = channel.evaluate([nodeDown('mi-1')], t0 + 2 * minute);
    expect(left[1]).toEqual({
      kind: 'thread',
      messageTs: '1732438800.001',
      text: 'Resolved: No cloud worker can host the management agent on demo.',
    });
    expect(channel.posts).toBe(1);
  });

  it('marks the message resolved when everything stops firing, and a later alert starts a new message', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    const resolved = channel.evaluate([], t0 + minute);
    expect(resolved).toEqual([
      expect.objectContaining({ kind: 'update', messageTs: '1732438800.001', resolved: true }),
      expect.objectContaining({
        kind: 'thread',
        text: 'Resolved: No cloud worker can host the management agent on demo.',
      }),
    ]);
    expect(channel.state).toBeUndefined();
    expect(channel.evaluate([], t0 + 2 * minute)).toEqual([]);
    expect(kinds(channel.evaluate([agentDown], t0 + 3 * minute))).toEqual(['post']);
    expect(channel.posts).toBe(2);
  });

  it('reminds at the repeat interval, not before', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    expect(channel.evaluate([agentDown], t0 + 4 * hour - 1)).toEqual([]);
    expect(kinds(channel.evaluate([agentDown], t0 + 4 * hour))).toEqual(['remind']);
    expect(channel.evaluate([agentDown], t0 + 5 * hour)).toEqual([]);
    expect(kinds(channel.evaluate([agentDown], t0 + 8 * hour))).toEqual(['remind']);
  });

  it('a change resets the reminder clock', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    channel.evaluate([agentDown, nodeDown('mi-1')], t0 + 3 * hour);
    expect(channel.evaluate([agentDown, nodeDown('mi-1')], t0 + 4 * hour)).toEqual([]);
    expect(kinds(channel.evaluate([agentDown, nodeDown('mi-1')], t0 + 7 * hour))).toEqual(['remind']);
  });

  it('notes a severity change on the message', () => {
    const channel = new Channel();
    channel.evaluate([nodeDown('mi-1')], t0);
    const actions = channel.evaluate([nodeDown('mi-1', 'critical')], t0 + minute);
    expect(actions[1]).toMatchObject({
      text: 'Severity warning → critical: Hybrid node mi-1 is NotReady on demo.',
    });
  });

  it('keeps when an alert started firing', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    channel.evaluate([agentDown, nodeDown('mi-1')], t0 + minute);
    expect(channel.state?.alerts[agentDown.key]?.since).toBe(t0);
  });

  it('a site-down alert replacing node alerts is one update, not a post per node', () => {
    const channel = new Channel();
    channel.evaluate([nodeDown('mi-1'), nodeDown('mi-2')], t0);
    const site: Alert = {
      ...agentDown,
      key: 'demo/site-down/store-12',
      rule: 'site-down',
      summary: 'Site store-12 is down on demo.',
    };
    const actions = channel.evaluate([site], t0 + minute);
    expect(kinds(actions)).toEqual(['update', 'thread']);
    expect(channel.posts).toBe(1);
  });
});

describe('snooze', () => {
  it('silences a key without a new post, shows it on the message, and ends by itself', () => {
    const channel = new Channel();
    channel.evaluate([nodeDown('mi-1')], t0);
    channel.snoozes = snoozeAlert(channel.snoozes, nodeDown('mi-1'), 'U_ONCALL', 3600, t0 + minute);
    const snoozed = channel.evaluate([nodeDown('mi-1')], t0 + 2 * minute);
    expect(kinds(snoozed)).toEqual(['update', 'thread']);
    expect(snoozed[0]).toMatchObject({
      alerts: [
        expect.objectContaining({ snoozed: true, snoozedBy: 'U_ONCALL', snoozedUntil: t0 + minute + hour }),
      ],
    });
    expect(snoozed[1]).toMatchObject({
      text: expect.stringMatching(/^Snoozed by <@U_ONCALL> until <!date\^/),
    });
    // No reminder while snoozed.
    expect(channel.evaluate([nodeDown('mi-1')], t0 + 50 * minute)).toEqual([]);
    const ended = channel.evaluate([nodeDown('mi-1')], t0 + minute + hour);
    expect(ended[1]).toMatchObject({ text: 'Snooze ended: Hybrid node mi-1 is NotReady on demo.' });
    expect(channel.snoozes).toEqual({});
  });

  it('ends early when the severity rises', () => {
    const channel = new Channel();
    channel.evaluate([nodeDown('mi-1')], t0);
    channel.snoozes = snoozeAlert(channel.snoozes, nodeDown('mi-1'), 'U_ONCALL', 86_400, t0);
    channel.evaluate([nodeDown('mi-1')], t0 + minute);
    const rose = channel.evaluate([nodeDown('mi-1', 'critical')], t0 + 2 * minute);
    expect(rose[1]).toMatchObject({
      text: expect.stringMatching(
        /^Severity warning → critical: Hybrid node mi-1 is NotReady on demo.\nSnooze ended: Hybrid node mi-1 is NotReady on demo./,
      ),
    });
    // Everything on the message was snoozed: the news is posted again rather than edited in unseen.
    expect(rose[2]).toMatchObject({
      kind: 'post',
      news: ['Now critical: Hybrid node mi-1 is NotReady on demo.'],
    });
    expect(channel.snoozes).toEqual({});
  });

  it('does not post at all for an alert snoozed before it first fires, until the snooze ends', () => {
    const channel = new Channel();
    channel.snoozes = snoozeAlert({}, nodeDown('mi-1'), 'U_ONCALL', 3600, t0);
    expect(channel.evaluate([nodeDown('mi-1')], t0 + minute)).toEqual([]);
    expect(kinds(channel.evaluate([nodeDown('mi-1')], t0 + hour))).toEqual(['post']);
  });

  it('still resolves a snoozed alert', () => {
    const channel = new Channel();
    channel.evaluate([nodeDown('mi-1')], t0);
    channel.snoozes = snoozeAlert({}, nodeDown('mi-1'), 'U_ONCALL', 3600, t0);
    channel.evaluate([nodeDown('mi-1')], t0 + minute);
    const actions = channel.evaluate([], t0 + 2 * minute);
    expect(actions[0]).toMatchObject({ kind: 'update', resolved: true });
  });
});

describe('acknowledge', () => {
  it('records who, updates the message, and stops reminders for that alert', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    const result = acknowledgeAlert(channel.state, agentDown.key, 'U_ONCALL', {});
    if (!result.ok) throw new Error(result.message);
    expect(result.actions).toEqual([
      expect.objectContaining({
        kind: 'update',
        alerts: [expect.objectContaining({ acknowledgedBy: 'U_ONCALL' })],
      }),
      expect.objectContaining({ kind: 'thread', text: `Acknowledged by <@U_ONCALL>: ${agentDown.summary}` }),
    ]);
    channel.state = result.state;
    expect(channel.evaluate([agentDown], t0 + 4 * hour)).toEqual([]);
    expect(channel.state?.alerts[agentDown.key]?.acknowledgedBy).toBe('U_ONCALL');
  });

  it('refuses to acknowledge twice or after resolution', () => {
    const channel = new Channel();
    channel.evaluate([agentDown], t0);
    const first = acknowledgeAlert(channel.state, agentDown.key, 'U_A', {});
    if (!first.ok) throw new Error(first.message);
    expect(acknowledgeAlert(first.state, agentDown.key, 'U_B', {})).toEqual({
      ok: false,
      message: 'Already acknowledged by <@U_A>.',
    });
    expect(acknowledgeAlert(undefined, agentDown.key, 'U_B', {})).toMatchObject({ ok: false });
  });
});
