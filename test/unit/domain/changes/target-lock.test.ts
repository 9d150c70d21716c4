import { lockCollisionMessage } from '../../../../src/domain/changes/target-lock';

describe('target lock', () => {
  it('tells whoever collides which change holds the target, who started it and when', () => {
    const lock = {
      target: { cluster: 'demo', kind: 'pool' as const, name: 'edge-a' },
      changeId: '41',
      requester: 'U0ANA',
      since: 0,
    };
    expect(lockCollisionMessage(lock, 3 * 60_000 + 5_000)).toBe(
      'pool edge-a (cluster demo) is being changed by change 41, started by <@U0ANA> 3 min ago. ' +
        'Wait for it to finish, or see it with `/hybrid change show 41`.',
    );
    expect(
      lockCollisionMessage(
        { ...lock, target: { cluster: 'demo', kind: 'cni', name: 'cilium' } },
        2 * 3600_000,
      ),
    ).toMatch(/^the CNI layer of cluster demo is being changed by change 41, .* 2 h 0 min ago/);
  });
});
