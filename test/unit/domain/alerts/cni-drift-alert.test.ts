import { evaluateAlertRules } from '../../../../src/domain/alerts/alert-rules';
import { healthyFacts } from '../cluster-facts.fixture';

const evaluate = (drift?: { what: string; running: string; desired: string }[]) => {
  const facts = healthyFacts();
  if (drift) facts.cniDrift = drift;
  return evaluateAlertRules(facts, { notReadySince: {} }, Date.now(), { gracePeriodSeconds: 300 }).alerts;
};

describe('the CNI drift alert', () => {
  it('fires once per cluster while Cilium differs from the desired layer, naming each difference', () => {
    const alerts = evaluate([
      { what: 'agent version', running: '1.17.6-0', desired: '1.18.3-0' },
      { what: 'agent hybrid-only', running: 'no', desired: 'yes' },
    ]);
    expect(alerts).toEqual([
      expect.objectContaining({
        key: 'demo/cni-drift',
        rule: 'cni-drift',
        severity: 'warning',
        summary: expect.stringContaining('agent version, agent hybrid-only'),
        details: expect.stringContaining('agent version: running 1.17.6-0, wanted 1.18.3-0'),
      }),
    ]);
  });

  it('is quiet when no layer is recorded or Cilium is back in step', () => {
    expect(evaluate()).toEqual([]);
    expect(evaluate([])).toEqual([]);
  });
});
