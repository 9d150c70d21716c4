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
