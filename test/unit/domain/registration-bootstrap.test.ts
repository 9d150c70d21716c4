import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { HOST_FILES } from '../../../src/domain/hosts/host-files';
import {
  iamRaRegistrationInstructions,
  ssmRegistrationScript,
} from '../../../src/domain/hosts/registration-bootstrap';
import { nodeConfigSchemaValidator } from '../../support/nodeconfig-schema';

const activation = {
  activationId: '57be8cce-1137-32d4-ce32-ba044ea5df48',
  activationCode: 'ys25k3gpt8zzyl9jhn6gq8rj3519owjelyz7+/=',
};
const input = { kubernetesVersion: '1.31', region: 'eu-west-1', ...activation };

/**
 * Runs the commands in bash on a scratch root: nodeadm, amazon-ssm-agent and systemctl are stubbed
 * (they need a real host), and the bot's directory is moved under the scratch root.
 */
function runOnFakeHost(commands: string[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'register-'));
  try {
    const script = [
      'set -e',
      'for tool in nodeadm amazon-ssm-agent systemctl; do eval "$tool() { echo \\"$tool \\$*\\" >> calls.log; }"; done',
      ...commands.map((c) => c.replaceAll(HOST_FILES.dir, `${root}${HOST_FILES.dir}`)),
    ].join('\n');
    execFileSync('bash', ['-c', script], { cwd: root });
    const file = `${root}${HOST_FILES.credentials}`;
    return {
      calls: readFileSync(path.join(root, 'calls.log'), 'utf8').trim().split('\n'),
      credentials: readFileSync(file, 'utf8'),
      mode: statSync(file).mode & 0o777,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('ssmRegistrationScript (registration without joining)', () => {
  const { commands, notes } = ssmRegistrationScript(input);

  it('installs for the SSM provider, leaves the credentials and registers the agent, in that order; no init', () => {
    expect(commands[0]).toBe('nodeadm install 1.31 --credential-provider ssm');
    expect(commands[1]).toBe('mkdir -p /etc/hybrid-bot');
    expect(commands[2]).toBe("(umask 077 && cat > /etc/hybrid-bot/credentials.yaml <<'EOF'");
    expect(commands.slice(-2)).toEqual([
      `amazon-ssm-agent -register -code "${activation.activationCode}" -id "${activation.activationId}" -region "eu-west-1" -y`,
      'systemctl restart amazon-ssm-agent',
    ]);
    expect(commands.join('\n')).not.toContain('nodeadm init');
  });

  it('runs as written: the agent registered with the activation, the credentials file readable by root only', () => {
    const host = runOnFakeHost(commands);
    expect(host.calls).toEqual([
      'nodeadm install 1.31 --credential-provider ssm',
      `amazon-ssm-agent -register -code ${activation.activationCode} -id ${activation.activationId} -region eu-west-1 -y`,
      'systemctl restart amazon-ssm-agent',
    ]);
    expect(host.mode).toBe(0o600);
    expect(host.credentials).toBe(
      `  hybrid:\n    ssm:\n      activationCode: ${activation.activationCode}\n      activationId: ${activation.activationId}\n`,
    );
  });

  it("leaves what a pool's part ending in `spec:` needs to make a whole, valid NodeConfig", () => {
    const { credentials } = runOnFakeHost(commands);
    const poolPart = [
      'apiVersion: node.eks.aws/v1alpha1',
      'kind: NodeConfig',
      'spec:',
      '  cluster:',
      '    name: demo',
      '    region: eu-west-1',
      '  kubelet:',
      '    flags:',
      '      - --node-labels=hybrid-bot.io/pool=pos',
      '',
    ].join('\n');
    const whole = parse(poolPart + credentials) as { spec: { hybrid: unknown } };
    expect(whole.spec.hybrid).toEqual({ ssm: activation });
    const validate = nodeConfigSchemaValidator();
    expect(validate(whole) ? [] : validate.errors).toEqual([]);
  });

  it('says the host does not join yet and that the code is a secret', () => {
    expect(notes.join('\n')).toMatch(/does not join the cluster yet: a pool does that later/);
    expect(notes.join('\n')).toMatch(/activation code .* secret/);
  });
});

describe('iamRaRegistrationInstructions', () => {
  it('says where the certificate and key go and that the CN must be the node name; nothing joins', () => {
    const { commands, notes } = iamRaRegistrationInstructions({
      nodeName: 'store-12-pos-1',
      certificatePath: '/etc/iam/pki/server.pem',
      privateKeyPath: '/etc/iam/pki/server.key',
    });
    expect(commands).toEqual([
      'install -d -m 0700 /etc/iam/pki',
      'install -m 0644 server.pem /etc/iam/pki/server.pem',
      'install -m 0600 server.key /etc/iam/pki/server.key',
    ]);
    expect(notes.join('\n')).toContain("certificate's CN must equal the node name store-12-pos-1");
    expect(commands.join('\n')).not.toContain('nodeadm');
  });
});
