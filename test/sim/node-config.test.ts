import { parseNodeConfig } from '../../sim/fleet/nodeadm/node-config';

const config = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n';

describe('checking a NodeConfig as nodeadm does', () => {
  const ssm = (extra = '') =>
    `${config}spec:\n  cluster: {name: demo, region: us-west-2}\n  hybrid:\n    ssm: {activationCode: "abcdefghijklmnopqrst", activationId: "0ed39373-2519-4f1b-9009-370cb61b880b"}\n${extra}`;

  it('accepts an SSM config and reads node labels and taints from the kubelet flags', () => {
    const r = parseNodeConfig(
      ssm(
        '  kubelet:\n    flags: ["--node-labels=a=b,c=d", "--register-with-taints=edge=true:NoSchedule"]\n',
      ),
    );
    expect(r).toEqual({
      ok: true,
      config: expect.objectContaining({
        provider: 'ssm',
        nodeLabels: { a: 'b', c: 'd' },
        taints: [{ key: 'edge', value: 'true', effect: 'NoSchedule' }],
      }),
    });
  });

  it.each([
    [
      'both credential providers',
      ssm('    iamRolesAnywhere: {nodeName: x}\n').replace('  kubelet', ''),
      'Only one of IAMRolesAnywhere or SSM',
    ],
    [
      'no credential provider',
      `${config}spec:\n  cluster: {name: demo, region: us-west-2}\n`,
      'Either IAMRolesAnywhere or SSM',
    ],
    [
      'an activation ID that is not a UUID',
      ssm().replace('0ed39373-2519', 'NOT-A-UUID'),
      'invalid ActivationID format',
    ],
    [
      'a node name over 64 characters',
      `${config}spec:\n  cluster: {name: demo, region: us-west-2}\n  hybrid:\n    iamRolesAnywhere: {nodeName: ${'n'.repeat(65)}, roleArn: r, profileArn: p, trustAnchorArn: t}\n`,
      "NodeName can't be longer than 64 characters",
    ],
    [
      'a wrong API group',
      ssm().replace('node.eks.aws', 'node.example.com'),
      'unexpected group: node.example.com',
    ],
  ])('refuses %s', (_label, text, error) => {
    const r = parseNodeConfig(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(error);
  });
});
