import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { AWS_CLI_ENV } from './sim-helpers';

const run = promisify(execFile);

function works(cmd: string, args: string[]): string | undefined {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch (e) {
    return `${cmd} ${args.join(' ')} failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

const awsMissing = works('aws', ['--version']);
const kubectlMissing = works('kubectl', ['version', '--client']);
if (awsMissing) console.log(`Skipping the aws CLI tests: ${awsMissing}`);
if (kubectlMissing || awsMissing) console.log(`Skipping the kubectl tests: ${kubectlMissing ?? awsMissing}`);

const env = AWS_CLI_ENV;

let sim: RunningSimulator;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  kubeconfig = join(dir, 'kubeconfig');
  sim = await startSimulator({ port: 0, kubeconfigPath: kubeconfig });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('writes one kubeconfig context per cluster whose user runs aws eks get-token', () => {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  expect(config.contexts.map((c: { name: string }) => c.name)).toEqual(['demo', 'gitops', 'legacy']);
  const demo = config.users.find((u: { name: string }) => u.name === 'demo').user.exec;
  expect(demo).toMatchObject({
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: expect.arrayContaining(['eks', 'get-token', '--cluster-name', 'demo', '--region', 'us-west-2']),
  });
});

(awsMissing ? it.skip : it)(
  'serves aws eks describe-cluster and ssm calls to the real aws CLI',
  async () => {
    const { stdout } = await run(
      'aws',
      ['--endpoint-url', sim.awsEndpoint, 'eks', 'describe-cluster', '--name', 'demo'],
      { env },
    );
    const { cluster } = JSON.parse(stdout);
    expect(cluster).toMatchObject({
      name: 'demo',
      endpoint: sim.clusters.demo!.kubeEndpoint,
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
    });
    const activation = await run(
      'aws',
      [
        '--endpoint-url',
        sim.awsEndpoint,
        'ssm',
        'create-activation',
        '--iam-role',
        'HybridNodesRole',
        '--registration-limit',
        '2',
      ],
      { env },
    );
    expect(JSON.parse(activation.stdout).ActivationCode).toHaveLength(20);
    await expect(
      run('aws', ['--endpoint-url', sim.awsEndpoint, 'eks', 'describe-cluster', '--name', 'nope'], { env }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('ResourceNotFoundException'),
    });
  },
  60_000,
);

(awsMissing || kubectlMissing ? it.skip : it)(
  'lets kubectl run as written in the README, from a shell with no AWS keys or with other ones',
  async () => {
    const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...bare } = env;
    for (const shell of [bare, { ...env, AWS_ACCESS_KEY_ID: 'AKIAOTHER', AWS_SECRET_ACCESS_KEY: 'other' }]) {
      const { stdout } = await run(
        'kubectl',
        ['--kubeconfig', kubeconfig, '--context', 'demo', 'get', 'nodes', '-o', 'name'],
        { env: shell },
      );
      expect(stdout).toMatch(/^node\//m);
    }
  },
  60_000,
);

(awsMissing || kubectlMissing ? it.skip : it)(
  'lets kubectl list the demo nodes with a token from aws eks get-token',
  async () => {
    const { stdout } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--context', 'demo', 'get', 'nodes', '-o', 'json'],
      { env },
    );
    const nodes = JSON.parse(stdout).items;
    expect(nodes).toHaveLength(1);
    expect(nodes[0].metadata.labels).toMatchObject({
      'node.kubernetes.io/instance-type': 't3.xlarge',
      'eks.amazonaws.com/nodegroup': 'agents',
    });
    // A token made for another cluster is refused.
    const token = JSON.parse(
      (await run('aws', ['eks', 'get-token', '--cluster-name', 'legacy'], { env })).stdout,
    ).status.token;
    await expect(
      run(
        'kubectl',
        [
          '--server',
          sim.clusters.demo!.kubeEndpoint,
          '--insecure-skip-tls-verify',
          '--token',
          token,
          'get',
          'nodes',
        ],
        {
          env: { ...env, KUBECONFIG: '/dev/null' },
        },
      ),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/Unauthorized|must be logged in/) });
  },
  60_000,
);

(awsMissing || kubectlMissing ? it.skip : it)(
  'shows Flux’s HelmReleases with kubectl get helmreleases -A where Flux runs, and nowhere else',
  async () => {
    const kubectl = (context: string, ...args: string[]) =>
      run('kubectl', ['--kubeconfig', kubeconfig, '--context', context, ...args], { env });
    const { stdout } = await kubectl('gitops', 'get', 'helmreleases', '-A');
    const [header, row] = stdout.trim().split('\n');
    expect(header?.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'AGE', 'READY', 'STATUS']);
    expect(row).toMatch(
      /^kube-system\s+cilium\s+\S+\s+True\s+Helm install succeeded for release kube-system\/cilium\.v1 with chart cilium@1\.17\.6-0$/,
    );
    const sources = await kubectl('gitops', 'get', 'ocirepositories', '-n', 'flux-system', '-o', 'name');
    expect(sources.stdout.trim()).toBe('ocirepository.source.toolkit.fluxcd.io/cilium');
    await expect(kubectl('demo', 'get', 'helmreleases', '-A')).rejects.toMatchObject({
      stderr: expect.stringContaining(`the server doesn't have a resource type "helmreleases"`),
    });
  },
  60_000,
);
