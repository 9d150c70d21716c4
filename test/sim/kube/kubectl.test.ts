import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startKubeControllers } from '../../../sim/kube/controllers';
import { ACCESS_KEY, CLOUD_NODE, IAMRA_NODE, SECRET, SSM_NODE, startDemoCluster } from './demo-cluster';

const run = promisify(execFile);
const onPath = (cmd: string, args: string[]) => !spawnSync(cmd, args, { encoding: 'utf8' }).error;
const hasKubectl = onPath('kubectl', ['version', '--client']);
const hasAws = onPath('aws', ['--version']);
if (!hasKubectl) console.warn('kubectl tests skipped: kubectl is not on PATH');

type Cluster = Awaited<ReturnType<typeof startDemoCluster>>;

function kubeconfig(cluster: Cluster, user: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'demo',
    clusters: [
      {
        name: 'demo',
        cluster: {
          server: cluster.server.url,
          'certificate-authority-data': Buffer.from(cluster.ca.caCertPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'demo', user }],
    contexts: [{ name: 'demo', context: { cluster: 'demo', user: 'demo' } }],
  });
}

(hasKubectl ? describe : describe.skip)('the simulated Kubernetes API through kubectl', () => {
  let cluster: Cluster;
  let dir: string;
  let config: string;
  const kubectl = async (...args: string[]) =>
    (
      await run('kubectl', ['--kubeconfig', config, ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      })
    ).stdout;
  const kubectlFails = async (...args: string[]): Promise<string> => {
    try {
      await kubectl(...args);
    } catch (err) {
      return (err as { stderr: string }).stderr;
    }
    throw new Error(`kubectl ${args.join(' ')} should have failed`);
  };

  beforeEach(async () => {
    cluster = await startDemoCluster();
    dir = mkdtempSync(join(tmpdir(), 'kube-sim-'));
    config = join(dir, 'kubeconfig');
    writeFileSync(config, kubeconfig(cluster, { token: await cluster.token() }));
  });
  afterEach(async () => {
    await cluster.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets nodes as JSON and as the table kubectl prints', async () => {
    const list = JSON.parse(await kubectl('get', 'nodes', '-o', 'json'));
    expect(list.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual([
      IAMRA_NODE,
      CLOUD_NODE,
      SSM_NODE,
    ]);
    expect(await kubectl('cordon', SSM_NODE)).toContain('cordoned');
    const table = await kubectl('get', 'nodes', '-l', 'eks.amazonaws.com/compute-type=hybrid');
    expect(table.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(table).toMatch(
      new RegExp(`${SSM_NODE}\\s+Ready,SchedulingDisabled\\s+<none>\\s+\\d+s\\s+v1\\.31\\.7-eks-473151a`),
    );
    expect(table).not.toContain(CLOUD_NODE);
  });

  it('gets pods and daemonsets across namespaces', async () => {
    expect(await kubectl('get', 'pods', '-A')).toMatch(/shop\s+web-1\s+1\/1\s+Running\s+0/);
    expect(await kubectl('get', 'ds', '-A')).toMatch(/kube-system\s+aws-node\s+1\s+1\s+1\s+1\s+1\s+<none>/);
  });

  it('drains a node while the disruption budget allows and is held back once it does not', async () => {
    const drain = ['drain', '--ignore-daemonsets', '--force', '--timeout', '3s'];
    expect(await kubectl(...drain, SSM_NODE)).toContain(`node/${SSM_NODE} drained`);
    const blocked = await kubectlFails(...drain, IAMRA_NODE);
    expect(blocked).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(cluster.store.get('pods', 'web-2', 'shop')).toBeDefined();
  });

  it('rolls out a new image with `kubectl set image` and reports it with `kubectl rollout status`', async () => {
    const controllers = startKubeControllers(cluster.store, { rolloutStepMs: 200 });
    try {
      await kubectl('set', 'image', 'ds/aws-node', 'aws-node=amazon-k8s-cni:v1.19.3', '-n', 'kube-system');
      const status = await kubectl(
        'rollout',
        'status',
        'ds/aws-node',
        '-n',
        'kube-system',
        '--timeout',
        '10s',
      );
      expect(status).toContain('daemon set "aws-node" successfully rolled out');
      // The outcome, not the timing: a fast run may finish before kubectl prints any "Waiting…" line.
      const ds = cluster.store.get('daemonsets', 'aws-node', 'kube-system')!;
      expect(ds.status.observedGeneration).toBe(ds.metadata.generation);
      expect(ds.status.updatedNumberScheduled).toBe(ds.status.desiredNumberScheduled);
      expect(ds.spec.template.spec.containers).toEqual([
        { name: 'aws-node', image: 'amazon-k8s-cni:v1.19.3' },
      ]);
    } finally {
      controllers.stop();
    }
  });

  it('is refused without a valid token', async () => {
    writeFileSync(config, kubeconfig(cluster, { token: await cluster.token('legacy') }));
    expect(await kubectlFails('get', 'nodes')).toContain('You must be logged in to the server');
  });

  (hasAws ? it : it.skip)(
    'authenticates with `aws eks get-token` as the exec plugin, as an EKS kubeconfig does',
    async () => {
      const user = (clusterName: string) => ({
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: [
            'eks',
            'get-token',
            '--cluster-name',
            clusterName,
            '--region',
            'us-west-2',
            '--output',
            'json',
          ],
          env: [
            { name: 'AWS_ACCESS_KEY_ID', value: ACCESS_KEY },
            { name: 'AWS_SECRET_ACCESS_KEY', value: SECRET },
            { name: 'AWS_CONFIG_FILE', value: '/dev/null' },
            { name: 'AWS_SHARED_CREDENTIALS_FILE', value: '/dev/null' },
          ],
          interactiveMode: 'Never',
        },
      });
      writeFileSync(config, kubeconfig(cluster, user('demo')));
      expect(await kubectl('get', 'nodes', '-o', 'name')).toContain(`node/${SSM_NODE}`);
      writeFileSync(config, kubeconfig(cluster, user('legacy')));
      expect(await kubectlFails('get', 'nodes')).toContain('You must be logged in to the server');
    },
  );
});
