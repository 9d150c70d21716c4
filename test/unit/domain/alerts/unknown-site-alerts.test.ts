import fc from 'fast-check';
import { evaluateAlertRules } from '../../../../src/domain/alerts/alert-rules';
import { SITE_LABEL } from '../../../../src/domain/bot-labels';
import type { NodeFacts } from '../../../../src/domain/facts';
import { healthyFacts, hybridNode } from '../cluster-facts.fixture';

const t0 = Date.parse('2026-11-24T09:00:00Z');
const grace = { gracePeriodSeconds: 300 };

/** A hybrid node whose site is not known: no site label (nor zone), an empty one, or "unknown". */
function siteless(name: string, ready: boolean, site?: string): NodeFacts {
  const node = hybridNode(name, '', 'pos', { ready });
  if (site === undefined) delete node.labels[SITE_LABEL];
  else node.labels[SITE_LABEL] = site;
  return node;
}

function evaluate(nodes: NodeFacts[], hostNames?: Record<string, string>) {
  const facts = healthyFacts();
  facts.nodes = [...facts.nodes.filter((n) => !n.name.startsWith('mi-')), ...nodes];
  if (hostNames) facts.hostNames = hostNames;
  const since = Object.fromEntries(nodes.filter((n) => !n.ready).map((n) => [n.name, t0]));
  return evaluateAlertRules(facts, { notReadySince: since }, t0 + 600_000, grace).alerts;
}

describe('nodes whose site is not known', () => {
  it('are never a site: each NotReady one gets a node alert naming its host', () => {
    const alerts = evaluate(
      [siteless('mi-0aaa', false), siteless('store12-edge-03', false), siteless('mi-0ccc', true)],
      { 'mi-0aaa': 'store12-edge-01', 'store12-edge-03': 'store12-edge-03' },
    );
    expect(alerts.map((a) => a.summary)).toEqual([
      'Hybrid node store12-edge-01 (mi-0aaa) (site unknown) is NotReady on demo.',
      'Hybrid node store12-edge-03 (site unknown) is NotReady on demo.',
    ]);
    expect(alerts.map((a) => a.key)).toEqual([
      'demo/node-not-ready/mi-0aaa',
      'demo/node-not-ready/store12-edge-03',
    ]);
  });

  it('never yield a site alert, whatever else is down (property)', () => {
    const node = fc.record({
      site: fc.constantFrom(undefined, '', ' ', 'unknown', 'Unknown', 'store-12', 'store-14'),
      ready: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 12 }), (specs) => {
        const nodes = specs.map((s, i) => siteless(`mi-${String(i).padStart(4, '0')}`, s.ready, s.site));
        const alerts = evaluate(nodes);
        const unknown = new Set(
          nodes
            .filter((n) => !['store-12', 'store-14'].includes(n.labels[SITE_LABEL] ?? ''))
            .map((n) => n.name),
        );
        for (const alert of alerts.filter((a) => a.rule === 'site-down')) {
          expect(alert.key).toMatch(/\/site-down\/store-1[24]$/);
          expect(alert.nodes?.some((n) => unknown.has(n.name))).toBe(false);
        }
        // Every NotReady node of unknown site is told of on its own.
        for (const n of nodes.filter((n) => unknown.has(n.name) && !n.ready)) {
          expect(alerts.map((a) => a.key)).toContain(`demo/node-not-ready/${n.name}`);
        }
      }),
    );
  });

  it('names the hosts of a site alert by their host names', () => {
    const alerts = evaluate(
      [
        hybridNode('mi-0aaa', 'store-12', 'pos', { ready: false }),
        hybridNode('mi-0bbb', 'store-12', 'pos', { ready: false }),
      ],
      { 'mi-0aaa': 'store12-edge-01' },
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'demo/site-down/store-12',
        details:
          'Check power and the network link of store-12. NotReady: store12-edge-01 (mi-0aaa), mi-0bbb.',
        nodes: [
          { name: 'mi-0aaa', label: 'store12-edge-01 (mi-0aaa)' },
          { name: 'mi-0bbb', label: 'mi-0bbb' },
        ],
      }),
    ]);
  });
});
