import { labelDiff, planPoolLabel } from '../../../../src/domain/pools/pool-label-plan';

describe('relabelling a pool', () => {
  const from = {
    labels: { 'example.com/tier': 'pos', 'example.com/old': 'x' },
    taints: ['example.com/dedicated=pos:NoSchedule'],
  };

  it('shows each label and taint change, and what a taint does to pods', () => {
    const lines = labelDiff({
      from,
      to: {
        labels: { 'example.com/tier': 'kiosk', 'example.com/new': 'y' },
        taints: ['example.com/quarantine:NoExecute'],
      },
    }).map((l) => `${l.op} ${l.text}`);
    expect(lines).toEqual([
      'change label example.com/tier: pos → kiosk',
      'add label example.com/new=y',
      'remove label example.com/old=x',
      'add taint example.com/quarantine:NoExecute: pods that do not tolerate it are evicted at once',
      'remove taint example.com/dedicated=pos:NoSchedule: pods without its toleration may be scheduled there again',
    ]);
  });

  it('patches running nodes and rewrites the NodeConfig on SSM hosts only', () => {
    const planned = planPoolLabel({
      cluster: 'demo',
      pool: 'tills',
      from,
      to: { labels: {}, taints: [] },
      hosts: [
        {
          name: 'h1',
          auth: 'ssm',
          managedInstanceId: 'mi-00000000000000001',
          nodeName: 'mi-00000000000000001',
          site: 'store-12',
        },
        { name: 'h2', auth: 'iam-ra', nodeName: 'h2' },
      ],
    });
    expect(planned.steps.map((s) => s.key)).toEqual(['pool.record', 'h1.patch', 'h1.rewrite', 'h2.patch']);
    expect(planned.summary).toContain('nodes by site: store-12: h1 · no site: h2');
  });
});
