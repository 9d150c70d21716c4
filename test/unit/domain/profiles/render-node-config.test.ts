import { parse } from 'yaml';
import { nodeConfigYaml } from '../../../../src/domain/node-config';
import { validateNodeConfig } from '../../../../src/domain/node-config-rules';
import {
  credentialPlaceholder,
  isPlaceholderCredential,
  PLACEHOLDER_ACTIVATION_CODE,
} from '../../../../src/domain/profiles/credential-placeholder';
import {
  profileInstallCommand,
  renderProfileNodeConfig,
} from '../../../../src/domain/profiles/render-node-config';
import { nodeConfigSchemaValidator } from '../../../support/nodeconfig-schema';
import { edgeStandard } from './profile-fixtures';

const cluster = { name: 'demo', region: 'eu-west-1' };
const validate = nodeConfigSchemaValidator();

describe('renderProfileNodeConfig', () => {
  it('puts the pool labels and taints first, then the profile flags, its kubelet config and containerd TOML', () => {
    const profile = edgeStandard();
    profile.spec.kubernetes.containerd = { config: 'version = 2\n' };
    const config = renderProfileNodeConfig({
      cluster,
      profile,
      labels: { 'hybrid-bot.io/pool': 'pos' },
      taints: ['dedicated=pos:NoSchedule'],
      credential: credentialPlaceholder('ssm'),
    });
    expect(config.spec.kubelet).toEqual({
      config: { maxPods: 110, shutdownGracePeriod: '30s' },
      flags: [
        '--node-labels=hybrid-bot.io/pool=pos',
        '--register-with-taints=dedicated=pos:NoSchedule',
        '--image-gc-high-threshold=80',
      ],
    });
    expect(config.spec.containerd).toEqual({ config: 'version = 2\n' });
    const yaml = parse(nodeConfigYaml(config));
    expect(validate(yaml)).toBe(true);
    expect(validateNodeConfig(yaml)).toEqual([]);
  });

  it.each(['ssm', 'iam-ra'] as const)(
    'renders a %s preview with placeholders nodeadm still accepts',
    (kind) => {
      const credential = credentialPlaceholder(kind, 'store-12-pos-1');
      const config = parse(
        nodeConfigYaml(renderProfileNodeConfig({ cluster, profile: edgeStandard(), credential })),
      );
      expect(validate(config)).toBe(true);
      expect(validateNodeConfig(config)).toEqual([]);
      expect(isPlaceholderCredential(credential)).toBe(true);
    },
  );

  it('shows where the activation code goes without any code in it', () => {
    const config = renderProfileNodeConfig({
      cluster,
      profile: edgeStandard(),
      credential: credentialPlaceholder('ssm'),
    });
    expect(config.spec.hybrid.ssm?.activationCode).toBe('<activation code, on the host only>');
    expect(PLACEHOLDER_ACTIVATION_CODE.length).toBeGreaterThanOrEqual(20);
  });

  it('tells a real credential from a placeholder', () => {
    expect(
      isPlaceholderCredential({
        kind: 'ssm',
        activationId: '57be8cce-1137-32d4-ce32-ba044ea5df48',
        activationCode: 'ys25k3gpt8zzyl9jhn6gq8rj3519owjelyz7',
      }),
    ).toBe(false);
  });

  it('keeps kubelet out of a profile with no kubelet settings and no pool labels', () => {
    const profile = edgeStandard();
    delete profile.spec.kubernetes.kubelet;
    const config = renderProfileNodeConfig({ cluster, profile, credential: credentialPlaceholder('ssm') });
    expect(config.spec.kubelet).toBeUndefined();
    expect(config.spec.containerd).toBeUndefined();
  });

  it('installs nodeadm with the profile Kubernetes version and containerd source', () => {
    expect(profileInstallCommand(edgeStandard(), 'ssm')).toBe(
      'nodeadm install 1.31 --credential-provider ssm --containerd-source docker',
    );
  });
});
