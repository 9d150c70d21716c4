import { evaluateAlertRules } from '../../../../src/domain/alerts/alert-rules';
import type { ClusterFacts } from '../../../../src/domain/facts';
import { healthyFacts, hybridNode } from '../cluster-facts.fixture';

const t0 = Date.parse('2026-11-24T09:00:00Z');
const grace = { gracePeriodSeconds: 300 };

function keys(facts: ClusterFacts, previous: Record<string, number> = {}, now = t0) {
  return evaluateAlertRules(facts, { notReadySince: previous }, now, grace).alerts.map((a) => a.key);
}

function siteOf(count: number, site: string, notReady: number): ClusterFacts {
  const facts = healthyFacts();
  facts.nodes = facts.nodes.filter((n) => !n.name.startsWith('mi-'));
  for (let i = 0; i < count; i++) {
    facts.nodes.push(
      hybridNode(`mi-${site}-${String(i).padStart(4, '0')}`, site, 'pos', { ready: i >= notReady }),
    );
  }
  return facts;
}

describe('evaluateAlertRules', () => {
  it('fires nothing on a healthy cluster', () => {
    expect(evaluateAlertRules(healthyFacts(), { notReadySince: {} }, t0, grace)).toEqual({
      alerts: [],
      notReadySince: {},
    });
  });

  it('fires one critical alert when no qualifying cloud worker is Ready, and inhibits agent-not-running', () => {
    const facts = healthyFacts();
    for (const node of facts.nodes) if (!node.name.startsWith('mi-')) node.ready = false;
    facts.managementAgentPods = [];
    const { alerts } = evaluateAlertRules(facts, { notReadySince: {} }, t0, grace);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'demo/agent-node-unavailable',
        rule: 'agent-node-unavailable',
        severity: 'critical',
        cluster: 'demo',
      }),
    ]);
  });

  it('fires when the management agent is not running on a healthy node', () => {
    const facts = healthyFacts();
    facts.managementAgentPods = [
      {
        name: 'management-agent-x',
        nodeName: 'ip-10-0-13-7.eu-west-1.compute.internal',
        phase: 'Pending',
        ready: false,
      },
    ];
    const { alerts } = evaluateAlertRules(facts, { notReadySince: {} }, t0, grace);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'demo/agent-not-running',
        summary: 'The management agent is not running on demo (on ip-10-0-13-7.eu-west-1.compute.internal).',
      }),
    ]);
  });

  it('warns when the agent node group may scale to zero', () => {
    const facts = healthyFacts();
    if (facts.nodegroups[0]) facts.nodegroups[0].scalingConfig.minSize = 0;
    expect(keys(facts)).toEqual(['demo/nodegroup-min-size-zero']);
  });

  it('alerts on a NotReady hybrid node only after the grace period', () => {
    const facts = healthyFacts();
    const node = facts.nodes.find((n) => n.name === 'mi-0123456789abcdef0');
    if (node) node.ready = false;
    const first = evaluateAlertRules(facts, { notReadySince: {} }, t0, grace);
    expect(first).toEqual({ alerts: [], notReadySince: { 'mi-0123456789abcdef0': t0 } });
    expect(keys(facts, first.notReadySince, t0 + 299_000)).toEqual([]);
    expect(keys(facts, first.notReadySince, t0 + 300_000)).toEqual([
      'demo/node-not-ready/mi-0123456789abcdef0',
    ]);
  });

  it('forgets a node once it is Ready again, so a later blip starts a new grace period', () => {
    const facts = healthyFacts();
    expect(
      evaluateAlertRules(facts, { notReadySince: { 'mi-0123456789abcdef0': t0 - 3_600_000 } }, t0, grace)
        .notReadySince,
    ).toEqual({});
  });

  it('gives one site alert, not one per node, when most of a site is down', () => {
    const facts = siteOf(500, 'store-12', 500);
    const since = Object.fromEntries(facts.nodes.filter((n) => !n.ready).map((n) => [n.name, t0]));
    const { alerts } = evaluateAlertRules(facts, { notReadySince: since }, t0 + 600_000, grace);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'demo/site-down/store-12',
        rule: 'site-down',
        severity: 'critical',
        summary: 'Site store-12 is down on demo: 500 of 500 hybrid nodes NotReady.',
      }),
    ]);
    expect(alerts[0]?.details.length).toBeLessThan(400);
  });

  it('treats more than half NotReady as site down, and half or less as node alerts', () => {
    const most = siteOf(5, 'store-12', 3);
    const sinceMost = Object.fromEntries(most.nodes.filter((n) => !n.ready).map((n) => [n.name, t0]));
    expect(keys(most, sinceMost, t0 + 600_000)).toEqual(['demo/site-down/store-12']);
    const some = siteOf(4, 'store-12', 2);
    const sinceSome = Object.fromEntries(some.nodes.filter((n) => !n.ready).map((n) => [n.name, t0]));
    expect(keys(some, sinceSome, t0 + 600_000)).toEqual([
      'demo/node-not-ready/mi-store-12-0000',
      'demo/node-not-ready/mi-store-12-0001',
    ]);
  });

  it('sends no node alerts while a site goes down over several reads, then one site alert', () => {
    // 500 nodes; 300 NotReady, of which only 20 have outlasted the grace period so far.
    const facts = siteOf(500, 'store-12', 300);
    const since = Object.fromEntries(
      facts.nodes.filter((n) => !n.ready).map((n, i) => [n.name, i < 20 ? t0 : t0 + 200_000]),
    );
    expect(keys(facts, since, t0 + 300_000)).toEqual([]);
    const later = evaluateAlertRules(facts, { notReadySince: since }, t0 + 500_000, grace).alerts;
    expect(later.map((a) => a.summary)).toEqual([
      'Site store-12 is down on demo: 300 of 500 hybrid nodes NotReady.',
    ]);
  });

  it('keeps other sites out of a site-down alert', () => {
    const facts = siteOf(3, 'store-12', 3);
    facts.nodes.push(hybridNode('mi-store-14-0000', 'store-14', 'pos', { ready: false }));
    facts.nodes.push(hybridNode('mi-store-14-0001', 'store-14', 'pos'));
    facts.nodes.push(hybridNode('mi-store-14-0002', 'store-14', 'pos'));
    const since = Object.fromEntries(facts.nodes.filter((n) => !n.ready).map((n) => [n.name, t0]));
    expect(keys(facts, since, t0 + 600_000)).toEqual([
      'demo/site-down/store-12',
      'demo/node-not-ready/mi-store-14-0000',
    ]);
  });

  describe('an unreachable cluster', () => {
    const down = { cluster: 'demo', unreachable: 'EKS DescribeCluster timed out.' };
    const notReadySince = { 'mi-0123456789abcdef0': t0 - 60_000 };

    it('pages nobody on the first failed read, and starts its clock', () => {
      const first = evaluateAlertRules(down, { notReadySince }, t0, grace);
      expect(first).toEqual({ alerts: [], notReadySince, unreachableSince: t0 });
    });

    it('stays quiet within the grace period, keeping the clock of the first failure', () => {
      const later = evaluateAlertRules(down, { notReadySince, unreachableSince: t0 }, t0 + 299_000, grace);
      expect(later).toEqual({ alerts: [], notReadySince, unreachableSince: t0 });
    });

    it('gives one unknown-state alert once the outage lasts the grace period, never nodes down', () => {
      const result = evaluateAlertRules(down, { notReadySince, unreachableSince: t0 }, t0 + 300_000, grace);
      expect(result.alerts).toEqual([
        expect.objectContaining({
          key: 'demo/cluster-unreachable',
          rule: 'cluster-unreachable',
          summary: 'State of demo unknown: the bot cannot reach it.',
        }),
      ]);
      expect(result.alerts[0]?.details).toMatch(/^EKS DescribeCluster timed out\./);
      expect(result.notReadySince).toBe(notReadySince);
      expect(result.unreachableSince).toBe(t0);
    });

    it('forgets the outage once the cluster answers, so the next failure starts a new grace period', () => {
      const back = evaluateAlertRules(
        healthyFacts(),
        { notReadySince: {}, unreachableSince: t0 },
        t0 + 600_000,
        grace,
      );
      expect(back).toEqual({ alerts: [], notReadySince: {} });
      const again = evaluateAlertRules(down, back, t0 + 660_000, grace);
      expect(again).toEqual({ alerts: [], notReadySince: {}, unreachableSince: t0 + 660_000 });
    });

    it('alerts at once when the grace period is zero', () => {
      const result = evaluateAlertRules(down, { notReadySince: {} }, t0, { gracePeriodSeconds: 0 });
      expect(result.alerts.map((a) => a.key)).toEqual(['demo/cluster-unreachable']);
    });
  });

  // Its speed is measured by `npm run bench:monitor`, not timed here: these machines are shared.
  it('evaluates 20,000 healthy hybrid nodes of one site to no alert', () => {
    const facts = siteOf(20_000, 'dc-1', 0);
    expect(evaluateAlertRules(facts, { notReadySince: {} }, t0, grace).alerts).toEqual([]);
  });
});
