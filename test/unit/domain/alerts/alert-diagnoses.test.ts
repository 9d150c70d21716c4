import type { Alert } from '../../../../src/domain/alerts/alert';
import {
  type DiagnosableHost,
  type DiagnosisInput,
  diagnosisKey,
  markDiagnosable,
  planDiagnoses,
  RESTART_WINDOW_MS,
} from '../../../../src/domain/alerts/alert-diagnoses';
import type { AlertGroupState, TrackedAlert } from '../../../../src/domain/alerts/alert-state';

const nodeAlert = (node: string): Alert => ({
  key: `demo/node-not-ready/${node}`,
  cluster: 'demo',
  rule: 'node-not-ready',
  severity: 'warning',
  summary: `Hybrid node ${node} is NotReady on demo.`,
  details: 'd',
  nodes: [{ name: node, label: node }],
});
const siteAlert = (site: string, nodes: string[]): Alert => ({
  key: `demo/site-down/${site}`,
  cluster: 'demo',
  rule: 'site-down',
  severity: 'critical',
  summary: `Site ${site} is down on demo.`,
  details: 'd',
  nodes: nodes.map((name) => ({ name, label: name })),
});
const host = (node: string, site = 'store-12'): DiagnosableHost => ({ node, host: `host-${node}`, site });

function group(
  tracked: (Alert | [Alert, Partial<TrackedAlert>])[],
  messageTs: string | null = 'demo-1',
): AlertGroupState {
  const alerts: Record<string, TrackedAlert> = {};
  tracked.forEach((entry, i) => {
    const [alert, extra] = Array.isArray(entry) ? entry : [entry, {}];
    alerts[alert.key] = { alert, since: 1000 + i, ...extra };
  });
  return { cluster: 'demo', alerts, lastNotifiedAt: 0, ...(messageTs ? { messageTs } : {}) };
}

const input = (over: Partial<DiagnosisInput>): DiagnosisInput => ({
  group: undefined,
  hosts: [],
  diagnosed: {},
  inFlight: 0,
  limit: 3,
  now: 5000,
  ...over,
});

describe('which alerts the bot diagnoses', () => {
  it('diagnoses a NotReady SSM host once per alert message, however many sweeps', () => {
    const g = group([nodeAlert('mi-1')]);
    const first = planDiagnoses(input({ group: g, hosts: [host('mi-1')] }));
    expect(first.start).toEqual([
      {
        key: diagnosisKey('demo-1', 'demo/node-not-ready/mi-1', 'mi-1'),
        alertKey: 'demo/node-not-ready/mi-1',
        node: 'mi-1',
        host: 'host-mi-1',
        messageTs: 'demo-1',
        at: 5000,
      },
    ]);
    const again = planDiagnoses(
      input({ group: g, hosts: [host('mi-1')], diagnosed: first.diagnosed, now: 9000 }),
    );
    expect(again.start).toEqual([]);
    expect(again.diagnosed).toEqual(first.diagnosed);
  });

  it('diagnoses the same node again in a new alert message (a new incident), and forgets the old one', () => {
    const first = planDiagnoses(
      input({ group: group([nodeAlert('mi-1')], 'demo-1'), hosts: [host('mi-1')] }),
    );
    const next = planDiagnoses(
      input({
        group: group([nodeAlert('mi-1')], 'demo-2'),
        hosts: [host('mi-1')],
        diagnosed: first.diagnosed,
      }),
    );
    expect(next.start.map((o) => o.messageTs)).toEqual(['demo-2']);
    expect(Object.values(next.diagnosed).map((d) => d.messageTs)).toEqual(['demo-2']);
  });

  it('waits for the alert message before diagnosing, and forgets everything once nothing fires', () => {
    expect(
      planDiagnoses(input({ group: group([nodeAlert('mi-1')], null), hosts: [host('mi-1')] })).start,
    ).toEqual([]);
    const first = planDiagnoses(input({ group: group([nodeAlert('mi-1')]), hosts: [host('mi-1')] }));
    expect(planDiagnoses(input({ group: undefined, diagnosed: first.diagnosed }))).toEqual({
      start: [],
      again: [],
      diagnosed: {},
    });
  });

  it('starts a recent decision’s job again (a worker may have died before starting it), an old one never', () => {
    const g = group([nodeAlert('mi-1')]);
    const first = planDiagnoses(input({ group: g, hosts: [host('mi-1')], now: 0 }));
    expect(first.again).toEqual([]);
    const soon = planDiagnoses(
      input({ group: g, hosts: [host('mi-1')], diagnosed: first.diagnosed, now: RESTART_WINDOW_MS - 1 }),
    );
    expect(soon.start).toEqual([]);
    expect(soon.again).toEqual(first.start);
    const late = planDiagnoses(
      input({ group: g, hosts: [host('mi-1')], diagnosed: first.diagnosed, now: RESTART_WINDOW_MS }),
    );
    expect(late.again).toEqual([]);
  });

  it('runs at most the limit at once, the oldest alerts first; the others start on a later sweep', () => {
    const g = group(['mi-1', 'mi-2', 'mi-3', 'mi-4'].map(nodeAlert));
    const hosts = ['mi-1', 'mi-2', 'mi-3', 'mi-4'].map((n) => host(n));
    const first = planDiagnoses(input({ group: g, hosts, inFlight: 1 }));
    expect(first.start.map((o) => o.node)).toEqual(['mi-1', 'mi-2']);
    const full = planDiagnoses(input({ group: g, hosts, inFlight: 3, diagnosed: first.diagnosed }));
    expect(full.start).toEqual([]);
    const later = planDiagnoses(input({ group: g, hosts, inFlight: 1, diagnosed: full.diagnosed }));
    expect(later.start.map((o) => o.node)).toEqual(['mi-3', 'mi-4']);
  });

  it('runs nothing on a site a site alert says is down, nor on a node that alert names', () => {
    const g = group([siteAlert('store-12', ['mi-2']), nodeAlert('mi-1'), nodeAlert('mi-3')]);
    const plan = planDiagnoses(
      input({ group: g, hosts: [host('mi-1'), host('mi-2'), host('mi-3', 'store-31')] }),
    );
    expect(plan.start.map((o) => o.node)).toEqual(['mi-3']);
    const named = planDiagnoses(
      input({ group: group([siteAlert('store-99', ['mi-1']), nodeAlert('mi-1')]), hosts: [host('mi-1')] }),
    );
    expect(named.start).toEqual([]);
  });

  it('skips hosts that are not SSM hosts of the inventory, snoozed alerts and alerts about no node', () => {
    const agent: Alert = {
      ...nodeAlert('x'),
      key: 'demo/agent-not-running',
      rule: 'agent-not-running',
      nodes: [],
    };
    const g = group([nodeAlert('mi-1'), [nodeAlert('mi-2'), { snoozed: true }], agent]);
    expect(planDiagnoses(input({ group: g, hosts: [host('mi-2')] })).start).toEqual([]);
  });

  it('names each diagnosis by its message first, so SSM’s 100-character comment never cuts what tells two apart', () => {
    const key = diagnosisKey(
      'a-very-long-cluster-name-of-forty-chars-x-17',
      'a/node-not-ready/mi-0123456789abcdef0',
      'mi-0123456789abcdef0',
    );
    expect(key.startsWith('alert a-very-long-cluster-name-of-forty-chars-x-17 ')).toBe(true);
    expect(key).toContain('mi-0123456789abcdef0');
  });
});

describe('which alerts offer Diagnose again', () => {
  it('marks node alerts on SSM hosts of the inventory only', () => {
    const marked = markDiagnosable(
      [nodeAlert('mi-1'), nodeAlert('mi-2'), siteAlert('s', ['mi-1'])],
      [host('mi-1')],
    );
    expect(marked.map((a) => Boolean(a.diagnosable))).toEqual([true, false, false]);
  });
});
