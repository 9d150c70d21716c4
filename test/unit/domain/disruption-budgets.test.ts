import { blockingBudgets, selects } from '../../../src/domain/disruption-budgets';

const pod = (name: string, labels: Record<string, string>, namespace = 'shop') => ({
  name,
  namespace,
  labels,
});
const budget = (over: Record<string, unknown> = {}) => ({
  namespace: 'shop',
  name: 'checkout',
  matchLabels: { app: 'checkout' },
  matchExpressions: [],
  disruptionsAllowed: 0,
  ...over,
});

describe('PodDisruptionBudgets that would stop a drain', () => {
  it('names a budget that allows no disruption and covers a pod there, with its pods', () => {
    const pods = [pod('checkout-1', { app: 'checkout' }), pod('web-1', { app: 'web' })];
    expect(blockingBudgets([budget()], pods)).toEqual(['shop/checkout (checkout-1)']);
  });

  it('lets through a budget with room, one in another namespace, and an empty selector', () => {
    const pods = [pod('checkout-1', { app: 'checkout' })];
    expect(blockingBudgets([budget({ disruptionsAllowed: 1 })], pods)).toEqual([]);
    expect(blockingBudgets([budget({ namespace: 'other' })], pods)).toEqual([]);
    expect(blockingBudgets([budget({ matchLabels: {} })], pods)).toEqual([]);
  });

  it('reads matchExpressions as Kubernetes does', () => {
    const labels = { app: 'checkout', tier: 'pos' };
    const expr = (operator: string, values?: string[]) => ({
      matchLabels: {},
      matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }],
    });
    expect(selects(expr('In', ['pos', 'kiosk']), labels)).toBe(true);
    expect(selects(expr('NotIn', ['pos']), labels)).toBe(false);
    expect(selects(expr('Exists'), labels)).toBe(true);
    expect(selects(expr('DoesNotExist'), labels)).toBe(false);
  });
});
