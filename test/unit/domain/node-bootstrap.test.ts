import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrapScript } from '../../../src/domain/node-bootstrap';
import { nodeConfigYaml, renderNodeConfig } from '../../../src/domain/node-config';

const yaml = nodeConfigYaml(
  renderNodeConfig({
    clusterName: 'demo',
    region: 'eu-west-1',
    credential: {
      kind: 'ssm',
      activationId: '57be8cce-1137-32d4-ce32-ba044ea5df48',
      activationCode: 'ys25k3gpt8zzyl9jhn6gq8rj3519owjelyz7$HOME`x`',
    },
    nodeLabels: { 'hybrid-bot.io/pool': 'pos' },
  }),
);

/**
 * Runs the commands in bash with nodeadm stubbed and /etc/hybrid-bot moved into a scratch
 * directory, returning what nodeadm was called with and the file written.
 */
function runOnFakeHost(commands: string[]): { calls: string[]; file: string; mode: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'bootstrap-'));
  const etc = path.join(dir, 'etc-hybrid-bot');
  try {
    const moved = commands.map((c) => c.replaceAll('/etc/hybrid-bot', etc));
    const script = ['set -e', 'nodeadm() { echo "nodeadm $*" >> calls.log; }', ...moved].join('\n');
    execFileSync('bash', ['-c', script], { cwd: dir });
    const file = path.join(etc, 'nodeconfig.yaml');
    return {
      calls: readFileSync(path.join(dir, 'calls.log'), 'utf8')
        .trim()
        .replaceAll(etc, '/etc/hybrid-bot')
        .split('\n'),
      file: readFileSync(file, 'utf8'),
      mode: statSync(file).mode & 0o777,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('bootstrapScript', () => {
  it('installs nodeadm for the version and provider, writes the NodeConfig byte for byte, then joins', () => {
    const { commands } = bootstrapScript({
      kubernetesVersion: '1.31',
      credentialProvider: 'ssm',
      nodeConfigYaml: yaml,
    });
    const host = runOnFakeHost(commands);
    expect(host.calls).toEqual([
      'nodeadm install 1.31 --credential-provider ssm',
      'nodeadm init -c file:///etc/hybrid-bot/nodeconfig.yaml',
    ]);
    // The quoted heredoc keeps $ and backticks literal.
    expect(host.file).toBe(yaml);
    expect(host.mode).toBe(0o600);
  });

  it('warns that the SSM activation code is a secret', () => {
    const { notes } = bootstrapScript({
      kubernetesVersion: '1.31',
      credentialProvider: 'ssm',
      nodeConfigYaml: yaml,
    });
    expect(notes.join('\n')).toMatch(/activation code .* secret/);
  });

  it('tells IAM Roles Anywhere operators that the certificate CN must equal the node name', () => {
    const { commands, notes } = bootstrapScript({
      kubernetesVersion: '1.32',
      credentialProvider: 'iam-ra',
      nodeConfigYaml: yaml,
      nodeName: 'store-12-pos-1',
    });
    expect(commands[0]).toBe('nodeadm install 1.32 --credential-provider iam-ra');
    expect(notes.join('\n')).toContain("certificate's CN must equal the node name store-12-pos-1");
  });
});
