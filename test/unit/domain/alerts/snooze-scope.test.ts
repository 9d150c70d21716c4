import fc from 'fast-check';
import type { Alert } from '../../../../src/domain/alerts/alert';
import { type DeliveryAction, planAlertDelivery } from '../../../../src/domain/alerts/alert-delivery';
import { countAlerts, snoozeOf } from '../../../../src/domain/alerts/alert-snooze';
import {
  type AlertGroupState,
  type Snoozes,
  snoozeAlert,
  withMessageTs,
} from '../../../../src/domain/alerts/alert-state';
import { unsnoozeFiringAlert } from '../../../../src/domain/alerts/alert-unsnooze';

const t0 = Date.parse('2026-11-24T09:00:00Z');
const minute = 60_000;
const hour = 60 * minute;

const label = (name: string) => (name.startsWith('mi-') ? `host-${name.slice(3)} (${name})` : name);
const siteDown = (site: string, nodes: string[]): Alert => ({
  key: `demo/site-down/${site}`,
  cluster: 'demo',
  rule: 'site-down',
  severity: 'critical',
  summary: `Site ${site} is down on demo: ${nodes.length} of 3 hybrid nodes NotReady.`,
  details: '',
  nodes: nodes.map((name) => ({ name, label: label(name) })),
});
const nodeDown = (name: string): Alert => ({
  key: `demo/node-not-ready/${name}`,
  cluster: 'demo',
  rule: 'node-not-ready',
  severity: 'warning',
  summary: `Hybrid node ${label(name)} is NotReady on demo.`,
  details: '',
  nodes: [{ name, label: label(name) }],
});

/** Runs evaluations the way the monitor job does: a post names a new message, also on a re-post. */
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
    if (plan.actions.some((a) => a.kind === 'post') && this.state) {
      this.posts += 1;
      this.state = withMessageTs(this.state, `ts-${this.posts}`);
    }
    return plan.actions;
  }

  snooze(alert: Alert, now: number): void {
    this.snoozes = snoozeAlert(this.snoozes, alert, 'U_ONCALL', 3600, now);
    this.evaluate(
      Object.values(this.state?.alerts ?? {}).map((t) => t.alert),
      now,
    );
  }
}

const kinds = (actions: DeliveryAction[]) => actions.map((a) => a.kind);

describe('a snooze covers the incident it was pressed on', () => {
  it('lets an unrelated node that goes down later raise its own alert, posted again where it is seen', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b']), t0 + minute);
    expect(channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0 + 2 * minute)).toEqual([]);

    // An IAM Roles Anywhere node elsewhere goes down while the site is snoozed.
    const actions = channel.evaluate(
      [siteDown('store-12', ['mi-a', 'mi-b']), nodeDown('store9-edge-01')],
      t0 + 3 * minute,
    );
    expect(kinds(actions)).toEqual(['update', 'thread', 'post']);
    expect(actions[0]).toMatchObject({ messageTs: 'ts-1', superseded: true });
    expect(actions[2]).toMatchObject({
      kind: 'post',
      news: ['New: Hybrid node store9-edge-01 is NotReady on demo.'],
      alerts: [
        expect.objectContaining({
          alert: expect.objectContaining({ key: 'demo/node-not-ready/store9-edge-01' }),
        }),
        expect.objectContaining({ snoozed: true, alert: expect.objectContaining({ rule: 'site-down' }) }),
      ],
    });
    expect(channel.posts).toBe(2);
    expect(channel.state?.messageTs).toBe('ts-2');
  });

  it('ends when a node outside it goes down at the same site, saying which', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b']), t0 + minute);
    const actions = channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b', 'mi-c'])], t0 + 2 * minute);
    expect(kinds(actions)).toEqual(['update', 'thread', 'post']);
    expect(actions[2]).toMatchObject({
      news: [
        'host-c (mi-c) NotReady since the snooze: Site store-12 is down on demo: 3 of 3 hybrid nodes NotReady.',
      ],
      alerts: [expect.not.objectContaining({ snoozed: true })],
    });
    expect(channel.snoozes).toEqual({});
  });

  it('keeps quiet the nodes it covered, when the site alert turns into a node alert or returns', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b']), t0 + minute);
    // mi-a comes back: one node of three down is a node alert, for a node of the snoozed incident.
    const partly = channel.evaluate([nodeDown('mi-b')], t0 + 2 * minute);
    expect(kinds(partly)).toEqual(['update', 'thread']);
    expect(partly[1]).toMatchObject({
      text: expect.stringContaining('Firing (snoozed): Hybrid node host-b (mi-b)'),
    });
    expect(channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0 + 3 * minute)).not.toContainEqual(
      expect.objectContaining({ kind: 'post' }),
    );
    expect(channel.posts).toBe(1);
  });

  it('is lifted at once by Unsnooze, and the next evaluation has nothing more to say', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b']), t0 + minute);
    const lifted = unsnoozeFiringAlert(
      channel.state,
      'demo/site-down/store-12',
      'U_LEAD',
      channel.snoozes,
      t0 + 2 * minute,
    );
    if (!lifted.ok) throw new Error(lifted.message);
    expect(lifted.snoozes).toEqual({});
    expect(lifted.actions).toEqual([
      expect.objectContaining({ kind: 'update', alerts: [expect.not.objectContaining({ snoozed: true })] }),
      expect.objectContaining({
        kind: 'thread',
        text: expect.stringMatching(/^Unsnoozed by <@U_LEAD>: Site store-12/),
      }),
    ]);
    channel.state = lifted.state;
    channel.snoozes = lifted.snoozes;
    expect(channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b'])], t0 + 3 * minute)).toEqual([]);
    expect(
      unsnoozeFiringAlert(channel.state, 'demo/site-down/store-12', 'U_LEAD', channel.snoozes, t0),
    ).toEqual({
      ok: false,
      message: 'This alert is not snoozed.',
    });
  });

  it('lifting one node out of a site snooze leaves the rest of the incident snoozed', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b', 'mi-c'])], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b', 'mi-c']), t0 + minute);
    channel.evaluate([nodeDown('mi-b'), nodeDown('mi-c')], t0 + 2 * minute);
    const lifted = unsnoozeFiringAlert(
      channel.state,
      'demo/node-not-ready/mi-b',
      'U_LEAD',
      channel.snoozes,
      t0 + 3 * minute,
    );
    if (!lifted.ok) throw new Error(lifted.message);
    expect(countAlerts(lifted.state, lifted.snoozes, t0 + 3 * minute)).toEqual({ firing: 2, snoozed: 1 });
  });

  it('counts snoozed alerts among those firing, until the snooze runs out', () => {
    const channel = new Channel();
    channel.evaluate([siteDown('store-12', ['mi-a', 'mi-b']), nodeDown('mi-x')], t0);
    channel.snooze(siteDown('store-12', ['mi-a', 'mi-b']), t0 + minute);
    expect(countAlerts(channel.state, channel.snoozes, t0 + 2 * minute)).toEqual({ firing: 2, snoozed: 1 });
    expect(countAlerts(channel.state, channel.snoozes, t0 + 2 * hour)).toEqual({ firing: 2, snoozed: 0 });
  });

  it('never silences an alert naming a node outside every snooze (property)', () => {
    const names = fc.constantFrom('mi-a', 'mi-b', 'mi-c', 'mi-d', 'edge-e');
    const snoozeArb = fc.record({
      until: fc.constant(t0 + hour),
      by: fc.constant('U'),
      severity: fc.constantFrom('warning' as const, 'critical' as const),
      nodes: fc.uniqueArray(names, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('demo/site-down/s1', 'demo/node-not-ready/mi-a', 'demo/x'), snoozeArb),
        fc.uniqueArray(names, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (snoozes, nodes, site) => {
          const alert = site ? siteDown('s1', nodes) : nodeDown(nodes[0] as string);
          const covered = new Set<string>(Object.values(snoozes).flatMap((s) => s.nodes));
          if ((alert.nodes ?? []).some((n) => !covered.has(n.name))) {
            expect(snoozeOf(alert, snoozes)).toBeUndefined();
          }
        },
      ),
    );
  });
});
