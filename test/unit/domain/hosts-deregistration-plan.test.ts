import { planDeregistration } from '../../../src/domain/hosts/deregistration-plan';

describe('deregistration plan', () => {
  it('follows AWS: drain, nodeadm uninstall while SSM still reaches the host, delete the Node, then SSM leftovers', () => {
    const p = planDeregistration({
      cluster: 'demo',
      host: 'pos-1',
      site: 's',
      auth: 'ssm',
      nodeName: 'mi-1',
      managedInstanceId: 'mi-1',
      activationId: 'act-1',
    });
    expect(p.steps.map((s) => s.key)).toEqual([
      'cordon',
      'drain',
      'uninstall',
      'delete-node',
      'deregister-instance',
      'delete-activation',
      'mark',
    ]);
    expect(new Set(p.steps.map((s) => s.group))).toEqual(new Set(['pos-1']));
    expect(p.target).toEqual({ cluster: 'demo', kind: 'host', name: 'pos-1' });
  });

  it('an IAM Roles Anywhere host: the change waits for the requester’s uninstall before deleting the Node', () => {
    const p = planDeregistration({
      cluster: 'demo',
      host: 'ra-1',
      site: 's',
      auth: 'iam-ra',
      nodeName: 'ra-1',
    });
    expect(p.steps.map((s) => s.key)).toEqual(['cordon', 'drain', 'await-uninstall', 'delete-node', 'mark']);
    expect(p.summary.join('\n')).toContain('the bot cannot reach IAM Roles Anywhere hosts');
  });

  it('a host that never joined only loses its activation and its inventory entry', () => {
    const p = planDeregistration({ cluster: 'demo', host: 'h', site: 's', auth: 'ssm', activationId: 'a' });
    expect(p.steps.map((s) => s.key)).toEqual(['delete-activation', 'mark']);
  });
});

describe('deregistering a pool member', () => {
  const member = {
    cluster: 'demo',
    host: 'pos-1',
    site: 's',
    auth: 'ssm' as const,
    nodeName: 'mi-1',
    managedInstanceId: 'mi-1',
    pool: 'tills',
  };

  it('names the pool the host leaves, in the summary, the diff and the last step', () => {
    const p = planDeregistration(member);
    expect(p.summary.join('\n')).toContain('host *pos-1* is in pool *tills*');
    expect(p.diff).toContainEqual({ op: 'remove', text: 'host pos-1 from pool tills' });
    expect(p.steps.at(-1)?.title).toBe('Mark host pos-1 deregistered, out of pool tills');
    expect(planDeregistration({ ...member, force: true }).summary.join('\n')).toContain('forced by an admin');
  });

  it('gives its node steps the host, node and instance, as a pool removal does', () => {
    const p = planDeregistration(member);
    for (const key of ['cordon', 'drain', 'uninstall', 'delete-node']) {
      expect(p.steps.find((s) => s.key === key)?.input).toEqual({
        host: 'pos-1',
        nodeName: 'mi-1',
        managedInstanceId: 'mi-1',
      });
    }
  });
});
