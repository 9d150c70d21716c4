import { alertGroupMessage } from '../../../src/blocks/monitoring/alert-message';
import { doctorMessage } from '../../../src/blocks/monitoring/doctor-message';
import { clusterStatusMessage, fleetStatusMessage } from '../../../src/blocks/monitoring/status-message';
import type { AlertView } from '../../../src/domain/alerts/alert-delivery';
import type { Availability } from '../../../src/domain/availability';
import type { CheckItem } from '../../../src/domain/doctor';

const blockTexts = (blocks: unknown[]) =>
  blocks.flatMap((b) => {
    const text = (b as { text?: { text?: string } }).text?.text;
    return text === undefined ? [] : [text];
  });

function nodeAlert(i: number): AlertView {
  return {
    alert: {
      key: `demo/node-not-ready/mi-${i}`,
      cluster: 'demo',
      rule: 'node-not-ready',
      severity: 'warning',
      summary: `Hybrid node mi-${i} is NotReady on demo. ${'x'.repeat(200)}`,
      details: 'y'.repeat(3000),
    },
    since: 1_700_000_000_000,
  };
}

describe('alert group message', () => {
  it('of a cluster no longer watched: says why, keeps the alerts as last seen, and offers no button', () => {
    const why = 'cluster demo is no longer managed by the bot (forgotten by change chg_1)';
    const m = alertGroupMessage('demo', [nodeAlert(0)], 'unwatched', [], why);
    const shown = JSON.stringify(m.blocks);
    expect(blockTexts(m.blocks)[0]).toBe('⏹️ No longer watched: demo');
    expect(shown).toContain('Hybrid node mi-0 is NotReady on demo');
    expect(shown).toContain(`Firing at the last sweep; ${why}, so nothing updates or resolves them here.`);
    expect(m.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect(shown).not.toContain('/hybrid alerts demo');
    expect(m.text).toContain(`Reason: ${why}.`);
  });

  it('stays within Slack limits with many alerts and says how many are not shown', () => {
    const m = alertGroupMessage(
      'demo',
      Array.from({ length: 60 }, (_, i) => nodeAlert(i)),
      'firing',
    );
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const t of blockTexts(m.blocks)) expect(t.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(m.blocks)).toContain('and 36 more');
    expect(m.text.length).toBeLessThanOrEqual(4000);
  });

  it('offers Acknowledge until someone acknowledged, and no buttons once resolved', () => {
    const acked = { ...nodeAlert(1), acknowledgedBy: 'U0OPS' };
    const firing = JSON.stringify(alertGroupMessage('demo', [nodeAlert(0), acked], 'firing').blocks);
    expect(firing.match(/alert_ack/g)).toHaveLength(1);
    expect(firing).toContain('acknowledged by <@U0OPS>');
    const resolved = JSON.stringify(alertGroupMessage('demo', [nodeAlert(0)], 'resolved').blocks);
    expect(resolved).not.toContain('"actions"');
    expect(resolved).toContain('Resolved on demo');
  });

  it('says how many firing alerts are snoozed, and offers Unsnooze on those', () => {
    const snoozed = { ...nodeAlert(1), snoozed: true, snoozedUntil: 1_700_000_360_000, snoozedBy: 'U0OPS' };
    const m = alertGroupMessage('demo', [nodeAlert(0), snoozed, nodeAlert(2)], 'firing');
    expect(m.text.split('\n')[0]).toBe('3 alerts firing on demo · 1 snoozed');
    const blocks = JSON.stringify(m.blocks);
    expect(blocks.match(/alert_unsnooze/g)).toHaveLength(1);
    expect(blocks.match(/alert_snooze_1h/g)).toHaveLength(2);
  });

  it('offers Diagnose again on a node alert the bot can diagnose (an SSM host), and on no other', () => {
    const ssm = { ...nodeAlert(1), alert: { ...nodeAlert(1).alert, diagnosable: true } };
    const firing = alertGroupMessage('demo', [nodeAlert(0), ssm], 'firing').blocks;
    const actions = firing.filter((b) => (b as { type: string }).type === 'actions');
    expect(actions.map((b) => JSON.stringify(b).includes('"Diagnose again"'))).toEqual([false, true]);
    expect(JSON.stringify(actions[1])).toContain('"value":"demo/node-not-ready/mi-1"');
    expect(JSON.stringify(alertGroupMessage('demo', [ssm], 'resolved').blocks)).not.toContain(
      'Diagnose again',
    );
  });

  it('says what is new when posted again, and the message it replaces keeps no buttons', () => {
    const snoozed = { ...nodeAlert(1), snoozed: true, snoozedUntil: 1_700_000_360_000, snoozedBy: 'U0OPS' };
    const again = alertGroupMessage('demo', [nodeAlert(0), snoozed], 'firing', [
      'New: store9-edge-01 is NotReady',
    ]);
    expect(blockTexts(again.blocks)[1]).toBe(':new: New: store9-edge-01 is NotReady');
    const old = alertGroupMessage('demo', [nodeAlert(0), snoozed], 'superseded');
    expect(JSON.stringify(old.blocks)).not.toContain('"actions"');
    expect(old.text).toMatch(/^Posted again below: 2 alerts firing on demo · 1 snoozed/);
  });
});

describe('status names NotReady hosts', () => {
  it('lists them by host name with the node name beside it', () => {
    const availability: Availability = {
      agentNodes: { qualifyingReady: 1, qualifyingTotal: 1 },
      agentPod: { node: 'ip-10-0-1-5', running: true },
      hybrid: {
        ready: 0,
        notReady: 2,
        byPool: { unassigned: { ready: 0, total: 2 } },
        bySite: { unknown: { ready: 0, total: 2 } },
        notReadyHosts: ['store12-edge-01 (mi-0abc)', 'store12-edge-03'],
      },
      clusterStatus: 'ACTIVE',
    };
    const m = clusterStatusMessage({ cluster: 'demo', availability }, false, 0);
    expect(blockTexts(m.blocks)).toContain('*NotReady:* store12-edge-01 (mi-0abc), store12-edge-03');
    // Nodes of no known site are counted together, never called a site.
    expect(blockTexts(m.blocks).join('\n')).toContain('1 pool, 0 sites.');
    const details = blockTexts(clusterStatusMessage({ cluster: 'demo', availability }, true, 0).blocks).join(
      '\n',
    );
    expect(details).toContain(':warning: site unknown: 0/2 Ready');
  });
});

describe('doctor message', () => {
  it('shows every check with its result and the fix of those that did not pass', () => {
    const items: CheckItem[] = [
      { id: 'a', title: 'First', result: 'pass', found: 'fine' },
      { id: 'b', title: 'Second', result: 'fail', found: 'broken', fix: 'repair it' },
    ];
    const m = doctorMessage('demo', items, 0);
    expect(m.text).toContain('not ready for hybrid nodes: 1 failed');
    const texts = blockTexts(m.blocks).join('\n');
    expect(texts).toContain('*First* (pass)');
    expect(texts).toContain('*Second* (fail)\nbroken\n_Fix:_ repair it');
  });
});

describe('status messages', () => {
  const availability: Availability = {
    agentNodes: { qualifyingReady: 1, qualifyingTotal: 2 },
    agentPod: { node: 'ip-10-0-1-5', running: true },
    hybrid: {
      ready: 3,
      notReady: 1,
      byPool: { gpu: { ready: 3, total: 4 } },
      bySite: { 'store-12': { ready: 3, total: 4 } },
    },
    clusterStatus: 'ACTIVE',
  };

  it('puts pools and sites behind a button unless details are asked for', () => {
    const compact = JSON.stringify(clusterStatusMessage({ cluster: 'demo', availability }, false, 0));
    expect(compact).toContain('status_details');
    expect(compact).not.toContain('store-12: 3/4');
    const details = JSON.stringify(clusterStatusMessage({ cluster: 'demo', availability }, true, 0));
    expect(details).toContain('store-12: 3/4 Ready');
    expect(details).toContain('gpu: 3/4 Ready');
  });

  it('shows an unreachable cluster as unknown, one line per cluster', () => {
    const m = fleetStatusMessage(
      [
        { cluster: 'demo', availability },
        { cluster: 'far', unreachable: 'EKS did not answer.' },
      ],
      0,
    );
    const [first, second] = m.text.split('\n');
    expect(first).toContain('agent nodes 1/2 Ready · agent Running on ip-10-0-1-5 · hybrid 3/4 Ready');
    expect(second).toBe(':grey_question: *far* · state unknown: EKS did not answer.');
  });

  it('explains a running agent on a cluster with no worker of the agent size, instead of "0/0 Ready"', () => {
    const legacy: Availability = {
      ...availability,
      agentNodes: { qualifyingReady: 0, qualifyingTotal: 0 },
      agentPod: { node: 'ip-10-1-0-5', running: true, undersized: true },
    };
    const line = fleetStatusMessage([{ cluster: 'legacy', availability: legacy }], 0).text;
    expect(line).not.toContain('0/0');
    expect(line).toContain(
      ':red_circle: no cloud worker of t3.xlarge size or more for the agent (`/hybrid doctor legacy` says why) · ' +
        'agent Running on ip-10-1-0-5, a worker below t3.xlarge size',
    );
  });

  it('keeps a fleet of 500 clusters within the block limit', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ cluster: `c-${i}`, availability }));
    expect(fleetStatusMessage(rows, 0).blocks.length).toBeLessThanOrEqual(50);
  });
});
