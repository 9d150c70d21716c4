import { parseNodeConfig } from '../../sim/fleet/nodeadm/node-config';
import { parseScript, readConfigSource } from '../../sim/fleet/nodeadm/script';
import { parseShell } from '../../sim/fleet/nodeadm/shell';

const config = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n';

describe('reading a Run Command script', () => {
  it('finds files written by heredocs and nodeadm steps behind sudo, paths and &&', () => {
    const { steps, files } = parseScript([
      'set -e',
      "sudo tee /etc/nodeadm/nodeConfig.yaml >/dev/null <<'EOF'",
      config.trimEnd(),
      'EOF',
      'sudo /usr/local/bin/nodeadm install 1.31 --credential-provider=iam-ra --timeout 20m && sudo nodeadm init --config-source file:///etc/nodeadm/nodeConfig.yaml',
    ]);
    expect(files.get('/etc/nodeadm/nodeConfig.yaml')).toBe(config);
    expect(steps).toEqual([
      { kind: 'install', version: '1.31', provider: 'iam-ra' },
      { kind: 'init', configPath: 'file:///etc/nodeadm/nodeConfig.yaml' },
    ]);
  });

  it('decodes a NodeConfig written with echo | base64 -d and finds it relative to the working directory', () => {
    const b64 = Buffer.from(config).toString('base64');
    const { steps, files } = parseScript([
      `echo '${b64}' | base64 -d > nodeConfig.yaml\nnodeadm upgrade 1.32 -c file://nodeConfig.yaml`,
    ]);
    expect(steps).toEqual([{ kind: 'upgrade', version: '1.32', configPath: 'file://nodeConfig.yaml' }]);
    expect(readConfigSource('file:///root/nodeConfig.yaml', files)).toBe(config);
  });
});

describe('reading shell as bash does', () => {
  it('gives a heredoc to the command that opened it inside a subshell, and keeps && and || apart', () => {
    const statements = parseShell(
      [
        "(umask 077 && cat > /etc/hybrid-bot/credentials.yaml <<'EOF'",
        '  hybrid:',
        'EOF',
        ')',
        'amazon-ssm-agent -register -code "a b" -id \'x\' -y || echo failed >&2',
        '(umask 077 && cat a.yaml b.yaml > c.yaml)',
      ].join('\n'),
    );
    expect(statements.map((s) => [s.after, s.line, s.pipeline.map((c) => c.words)])).toEqual([
      ['seq', 1, [['umask', '077']]],
      ['and', 1, [['cat']]],
      ['seq', 5, [['amazon-ssm-agent', '-register', '-code', 'a b', '-id', 'x', '-y']]],
      ['or', 5, [['echo', 'failed']]],
      ['seq', 6, [['umask', '077']]],
      ['and', 6, [['cat', 'a.yaml', 'b.yaml']]],
    ]);
    expect(statements[1]!.pipeline[0]).toMatchObject({
      heredoc: '  hybrid:\n',
      redirects: [{ fd: 1, target: '/etc/hybrid-bot/credentials.yaml', append: false }],
    });
    expect(statements[3]!.pipeline[0]!.redirects).toEqual([{ fd: 1, target: '/dev/stderr', append: true }]);
    expect(statements[5]!.pipeline[0]!.redirects).toEqual([{ fd: 1, target: 'c.yaml', append: false }]);
  });
});

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
