import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_CERTIFICATE_PATH,
  DEFAULT_PRIVATE_KEY_PATH,
  type NodeConfig,
  type NodeConfigInput,
  nodeConfigYaml,
  renderNodeConfig,
} from '../../../src/domain/node-config';
import { validateNodeConfig } from '../../../src/domain/node-config-rules';
import { nodeConfigSchemaValidator } from '../../support/nodeconfig-schema';

const ssmInput: NodeConfigInput = {
  clusterName: 'demo',
  region: 'eu-west-1',
  credential: {
    kind: 'ssm',
    activationId: '57be8cce-1137-32d4-ce32-ba044ea5df48',
    activationCode: 'ys25k3gpt8zzyl9jhn6gq8rj3519owjelyz7',
  },
};

const iamRaInput: NodeConfigInput = {
  clusterName: 'demo',
  region: 'eu-west-1',
  credential: {
    kind: 'iam-ra',
    nodeName: 'store-12-pos-1',
    trustAnchorArn:
      'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0c3e2d8b-4a31-4d11-8a5e-2f1b0c9d7e6a',
    profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/6b7c1d2e-3f40-4a5b-9c8d-7e6f5a4b3c2d',
    roleArn: 'arn:aws:iam::123456789012:role/demo-hybrid-nodes',
  },
};

/** A deep, untyped copy (as nodeadm would read it from YAML) that tests can break on purpose. */
const editable = (config: NodeConfig) => parse(nodeConfigYaml(config));

describe('renderNodeConfig', () => {
  it('renders an SSM NodeConfig nodeadm accepts', () => {
    const config = renderNodeConfig(ssmInput);
    expect(config).toEqual({
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: { name: 'demo', region: 'eu-west-1' },
        hybrid: {
          ssm: {
            activationCode: ssmInput.credential.kind === 'ssm' ? ssmInput.credential.activationCode : '',
            activationId: '57be8cce-1137-32d4-ce32-ba044ea5df48',
          },
        },
      },
    });
    expect(validateNodeConfig(config)).toEqual([]);
  });

  it('renders IAM Roles Anywhere with nodeadm default certificate paths', () => {
    const config = renderNodeConfig(iamRaInput);
    expect(config.spec.hybrid.ssm).toBeUndefined();
    expect(config.spec.hybrid.iamRolesAnywhere).toMatchObject({
      nodeName: 'store-12-pos-1',
      certificatePath: DEFAULT_CERTIFICATE_PATH,
      privateKeyPath: DEFAULT_PRIVATE_KEY_PATH,
    });
    expect(validateNodeConfig(config)).toEqual([]);
  });

  it('puts pool labels (sorted) and taints into kubelet flags, and passes kubelet config through', () => {
    const config = renderNodeConfig({
      ...ssmInput,
      nodeLabels: { 'hybrid-bot.io/site': 'store-12', 'hybrid-bot.io/pool': 'pos' },
      taints: ['dedicated=pos:NoSchedule', 'edge:PreferNoSchedule'],
      kubeletConfig: { maxPods: 58 },
    });
    expect(config.spec.kubelet).toEqual({
      config: { maxPods: 58 },
      flags: [
        '--node-labels=hybrid-bot.io/pool=pos,hybrid-bot.io/site=store-12',
        '--register-with-taints=dedicated=pos:NoSchedule,edge:PreferNoSchedule',
      ],
    });
  });

  it('appends extra kubelet flags after the labels and taints, and carries containerd TOML', () => {
    const config = renderNodeConfig({
      ...ssmInput,
      nodeLabels: { 'hybrid-bot.io/pool': 'pos' },
      kubeletFlags: ['--image-gc-high-threshold=80'],
      containerdConfig: 'version = 2\n',
    });
    expect(config.spec.kubelet?.flags).toEqual([
      '--node-labels=hybrid-bot.io/pool=pos',
      '--image-gc-high-threshold=80',
    ]);
    expect(config.spec.containerd).toEqual({ config: 'version = 2\n' });
    expect(validateNodeConfig(config)).toEqual([]);
  });

  it('leaves kubelet out when there is nothing to pass', () => {
    expect(
      renderNodeConfig({ ...ssmInput, nodeLabels: {}, taints: [], kubeletConfig: {} }).spec.kubelet,
    ).toBeUndefined();
  });

  it('round-trips through YAML unchanged', () => {
    const config = renderNodeConfig({ ...iamRaInput, nodeLabels: { a: 'b' } });
    expect(parse(nodeConfigYaml(config))).toEqual(config);
  });
});

describe('validateNodeConfig (nodeadm rules)', () => {
  const valid = () => editable(renderNodeConfig(ssmInput));

  it('rejects a wrong apiVersion and kind', () => {
    const config = valid();
    config.apiVersion = 'node.eks.aws/v1';
    config.kind = 'Node';
    expect(validateNodeConfig(config)).toEqual([
      'apiVersion must be node.eks.aws/v1alpha1, found node.eks.aws/v1.',
      'kind must be NodeConfig, found Node.',
    ]);
  });

  it('requires cluster name and region', () => {
    const config = valid();
    config.spec.cluster = {};
    const problems = validateNodeConfig(config);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/cluster\.name is required/);
    expect(problems[1]).toMatch(/cluster\.region is required/);
  });

  it('requires exactly one credential provider', () => {
    const both = valid();
    both.spec.hybrid.iamRolesAnywhere = renderNodeConfig(iamRaInput).spec.hybrid.iamRolesAnywhere;
    expect(validateNodeConfig(both)).toEqual([expect.stringMatching(/both ssm and iamRolesAnywhere/)]);
    const none = valid();
    none.spec.hybrid = {};
    expect(validateNodeConfig(none)).toEqual([
      expect.stringMatching(/exactly one of ssm or iamRolesAnywhere/),
    ]);
  });

  it('checks the activation code length without revealing it', () => {
    const config = valid();
    config.spec.hybrid.ssm.activationCode = 'short-secret-123';
    const problems = validateNodeConfig(config);
    expect(problems).toEqual([expect.stringMatching(/activationCode must be 20 to 250 characters/)]);
    expect(problems.join()).not.toContain('short-secret-123');
    config.spec.hybrid.ssm.activationCode = 'x'.repeat(251);
    expect(validateNodeConfig(config)).toHaveLength(1);
  });

  it('checks the activation id is a lowercase UUID', () => {
    const config = valid();
    config.spec.hybrid.ssm.activationId = '57BE8CCE-1137-32D4-CE32-BA044EA5DF48';
    expect(validateNodeConfig(config)).toEqual([
      expect.stringMatching(/activationId must be a lowercase UUID/),
    ]);
  });

  it('limits nodeName to 64 characters and requires ARN-shaped ARNs', () => {
    const config = editable(renderNodeConfig(iamRaInput));
    config.spec.hybrid.iamRolesAnywhere.nodeName = 'n'.repeat(65);
    config.spec.hybrid.iamRolesAnywhere.roleArn = 'demo-hybrid-nodes';
    delete config.spec.hybrid.iamRolesAnywhere.profileArn;
    const problems = validateNodeConfig(config);
    expect(problems).toEqual([
      expect.stringMatching(/nodeName is 65 characters, at most 64/),
      expect.stringMatching(/profileArn is required/),
      expect.stringMatching(/roleArn "demo-hybrid-nodes" is not an ARN/),
    ]);
    config.spec.hybrid.iamRolesAnywhere.nodeName = 'n'.repeat(64);
    expect(validateNodeConfig(config)).toHaveLength(2);
  });

  it('refuses --hostname-override in kubelet flags', () => {
    const config = valid();
    config.spec.kubelet = { flags: ['--node-labels=a=b', '--hostname-override=foo'] };
    expect(validateNodeConfig(config)).toEqual([expect.stringMatching(/must not set --hostname-override/)]);
  });

  it('catches labels and taints that would stop kubelet from starting', () => {
    const config = renderNodeConfig({
      ...ssmInput,
      nodeLabels: { 'hybrid-bot.io/pool': 'pos', 'node-role.kubernetes.io/edge': '' },
      taints: ['dedicated=pos:Sometimes'],
    });
    expect(validateNodeConfig(config)).toEqual([
      expect.stringMatching(/"node-role.kubernetes.io\/edge" is reserved/),
      expect.stringMatching(/effect "Sometimes"/),
    ]);
  });

  it('rejects something that is not an object', () => {
    expect(validateNodeConfig('apiVersion: x')).toHaveLength(1);
  });
});

const referenceDir = path.resolve(__dirname, '../../../schemas/nodeadm');

describe('rendered NodeConfig against the nodeadm CRD schema', () => {
  const validate = nodeConfigSchemaValidator();

  it.each([
    ['ssm', ssmInput],
    ['iam-ra', iamRaInput],
    // The CRD types kubelet.config values as objects (Go RawExtension); nodeadm itself also takes scalars.
    [
      'ssm with labels, taints and kubelet config',
      {
        ...ssmInput,
        nodeLabels: { a: 'b' },
        taints: ['t:NoSchedule'],
        kubeletConfig: { evictionHard: { 'memory.available': '200Mi' } },
      },
    ],
  ])('%s validates', (_name, input) => {
    const config = parse(nodeConfigYaml(renderNodeConfig(input as NodeConfigInput)));
    expect(validate(config)).toBe(true);
  });

  it('the schema check catches a misspelt field', () => {
    const config = editable(renderNodeConfig(ssmInput));
    config.spec.hybrid.ssm.activationID = config.spec.hybrid.ssm.activationId;
    expect(validate(config)).toBe(false);
  });

  it.each(['example-ssm.nodeconfig.yaml', 'example-iamra.nodeconfig.yaml'])(
    'the published example %s passes both the schema and nodeadm rules',
    (file) => {
      const example = parse(readFileSync(path.join(referenceDir, file), 'utf8'));
      expect(validate(example)).toBe(true);
      expect(validateNodeConfig(example)).toEqual([]);
    },
  );

  it('renders the same shape as the published SSM example', () => {
    const example = parse(readFileSync(path.join(referenceDir, 'example-ssm.nodeconfig.yaml'), 'utf8'));
    const config = renderNodeConfig({
      clusterName: example.spec.cluster.name,
      region: example.spec.cluster.region,
      credential: { kind: 'ssm', ...example.spec.hybrid.ssm },
    });
    expect(config.spec.hybrid).toEqual({ ssm: example.spec.hybrid.ssm });
    expect(config.spec.cluster).toEqual({
      name: example.spec.cluster.name,
      region: example.spec.cluster.region,
    });
  });
});
