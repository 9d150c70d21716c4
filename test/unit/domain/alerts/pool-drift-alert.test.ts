import { evaluateAlertRules, type MonitorMemory } from '../../../../src/domain/alerts/alert-rules';
import type { PoolDriftSummary } from '../../../../src/domain/pools/pool-view';
import { healthyFacts } from '../cluster-facts.fixture';

const T0 = 1_796_000_000_000;
const GRACE = { gracePeriodSeconds: 300 };

const drifting = (pool: string, lines: string[]): PoolDriftSummary => ({ pool, count: lines.length, lines });

function evaluate(poolDrift: PoolDriftSummary[] | undefined, memory: MonitorMemory, now: number) {
  const facts = healthyFacts();
  if (poolDrift) facts.poolDrift = poolDrift;
  return evaluateAlertRules(facts, memory, now, GRACE);
}

describe('the pool drift alert', () => {
  const tills = drifting('tills', [
    'node mi-1 runs Kubernetes 1.30; pool tills wants 1.31',
    'node mi-2: labels example.com/tier different',
  ]);

  it('waits out the grace period, then raises one alert per drifting pool naming every difference', () => {
    const first = evaluate(
      [tills, drifting('kiosks', ['host k1 is in pool kiosks but no node runs on it'])],
      { notReadySince: {} },
      T0,
    );
    expect(first.alerts).toEqual([]);
    expect(first.poolDriftSince).toEqual({ tills: T0, kiosks: T0 });

    const later = evaluate(
      [tills, drifting('kiosks', ['host k1 is in pool kiosks but no node runs on it'])],
      first,
      T0 + 300_000,
    );
    expect(later.alerts.map((a) => a.key)).toEqual(['demo/pool-drift/tills', 'demo/pool-drift/kiosks']);
    expect(later.alerts[0]).toEqual(
      expect.objectContaining({
        rule: 'pool-drift',
        severity: 'warning',
        summary: 'Pool tills on demo has drifted: 2 differences from what it wants.',
        details: expect.stringContaining(
          'node mi-1 runs Kubernetes 1.30; pool tills wants 1.31; node mi-2: labels',
        ),
      }),
    );
    expect(later.alerts[0]?.details).toContain('/hybrid pool show tills --cluster demo');
  });

  it('resolves when the drift goes, and starts the clock again if it comes back', () => {
    const firing = evaluate([tills], { notReadySince: {}, poolDriftSince: { tills: T0 } }, T0 + 600_000);
    expect(firing.alerts).toHaveLength(1);
    const gone = evaluate([], firing, T0 + 660_000);
    expect(gone.alerts).toEqual([]);
    expect(gone.poolDriftSince).toBeUndefined();
    const back = evaluate([tills], gone, T0 + 720_000);
    expect(back.alerts).toEqual([]);
    expect(back.poolDriftSince).toEqual({ tills: T0 + 720_000 });
  });

  it('keeps the clocks while pools were not read (a cluster that cannot be reached)', () => {
    const memory = { notReadySince: {}, poolDriftSince: { tills: T0 } };
    expect(evaluate(undefined, memory, T0 + 60_000).poolDriftSince).toEqual({ tills: T0 });
    const unknown = evaluateAlertRules(
      { cluster: 'demo', unreachable: 'timeout' },
      memory,
      T0 + 60_000,
      GRACE,
    );
    expect(unknown.poolDriftSince).toEqual({ tills: T0 });
  });
});
