import { parse } from 'yaml';
import {
  credentialsPart,
  poolNodeConfigPart,
  writePoolNodeConfigCommands,
} from '../../../../src/domain/pools/pool-node-config';
import { renderProfileNodeConfig, starterProfile } from '../../../../src/domain/profiles';

const cluster = { name: 'demo', region: 'us-west-2' };
const ssm = {
  kind: 'ssm' as const,
  activationId: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  activationCode: 'Abcdefghijklmnopqrst0123',
};

describe('the pool part of a NodeConfig and the credentials part left on the host', () => {
  const profile = {
    ...starterProfile('edge', { kubernetesVersions: ['1.31'] }),
  };
  profile.spec = {
    ...profile.spec,
    kubernetes: {
      ...profile.spec.kubernetes,
      kubelet: { config: { maxPods: 80 }, flags: ['--v=2'] },
      containerd: { config: '[plugins]\n' },
    },
  };
  const labels = { 'example.com/tier': 'pos', 'hybrid-bot.io/pool': 'tills' };
  const taints = ['example.com/dedicated=pos:NoSchedule'];

  it('joined on the host as `cat pool credentials`, make the NodeConfig the profile renders', () => {
    const joined = poolNodeConfigPart({ cluster, profile, labels, taints }) + credentialsPart(ssm);
    expect(parse(joined)).toEqual(
      renderProfileNodeConfig({ cluster, profile, labels, taints, credential: ssm }),
    );
  });

  it('the pool part never carries a credential, so it may travel in a Run Command', () => {
    const part = poolNodeConfigPart({ cluster, profile, labels, taints });
    expect(part).not.toMatch(/^\s*hybrid:|activation/im);
    const script = writePoolNodeConfigCommands(part).join('\n');
    expect(script).not.toContain(ssm.activationCode);
    expect(script).toContain('--register-with-taints=example.com/dedicated=pos:NoSchedule');
  });

  it('IAM Roles Anywhere credentials join the same way', () => {
    const iam = {
      kind: 'iam-ra' as const,
      nodeName: 'store-1',
      trustAnchorArn: 'arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/ta',
      profileArn: 'arn:aws:rolesanywhere:us-west-2:111122223333:profile/p',
      roleArn: 'arn:aws:iam::111122223333:role/hybrid',
    };
    const joined = poolNodeConfigPart({ cluster, profile, labels, taints: [] }) + credentialsPart(iam);
    expect(parse(joined).spec.hybrid.iamRolesAnywhere.nodeName).toBe('store-1');
  });
});
