import { DescribeClusterCommand, ListClustersCommand } from '@aws-sdk/client-eks';
import {
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { type Json, kubeGet, kubeRequest } from './kube-reader';
import { awsClients } from './sim-helpers';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
});
afterEach(() => sim.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.awsEndpoint}/_sim/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

it('bootstraps a host over HTTP and shows it in the state, without any activation code', async () => {
  const activation = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: 'store12-edge-01' }),
  );
  const boot = await call('POST', 'hosts/store12-edge-01/bootstrap', {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
  });
  expect(boot).toMatchObject({ status: 200, body: { managedInstanceId: expect.stringMatching(/^mi-/) } });
  const again = await call('POST', 'hosts/store12-edge-02/bootstrap', {
    activationId: activation.ActivationId,
    activationCode: 'wrong-code-wrong-code',
  });
  expect(again.status).toBe(400);
  expect(again.body.error).toContain('InvalidActivation');
  const state = await call('GET', 'state');
  expect(state.body.hosts).toHaveLength(8);
  expect(state.body.managedInstances).toEqual([
    expect.objectContaining({ name: 'store12-edge-01', pingStatus: 'Online' }),
  ]);
  expect(JSON.stringify(state.body)).not.toContain(activation.ActivationCode!);
});

it('refuses an expired activation with the agent’s ActivationExpired error', async () => {
  let now = new Date();
  await sim.close();
  sim = await startSimulator({ port: 0, clock: { now: () => now } });
  clients = awsClients(sim.awsEndpoint);
  const activation = await clients.ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' }));
  now = new Date(now.getTime() + 25 * 3600 * 1000);
  const boot = await call('POST', 'hosts/store12-edge-01/bootstrap', {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
  });
  expect(boot.status).toBe(400);
  expect(boot.body.error).toContain('ActivationExpired');
});

it('sets a site down: managed instances there turn ConnectionLost', async () => {
  const activation = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', RegistrationLimit: 2 }),
  );
  const creds = { activationId: activation.ActivationId, activationCode: activation.ActivationCode };
  await call('POST', 'hosts/store12-edge-01/bootstrap', creds);
  await call('POST', 'hosts/plant3-edge-01/bootstrap', creds);
  expect((await call('POST', 'sites/store-12/outage', { down: true })).status).toBe(200);
  const { InstanceInformationList } = await clients.ssm.send(
    new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost'] }] }),
  );
  expect(InstanceInformationList?.map((i) => i.IPAddress)).toEqual(['10.80.1.11']);
  expect((await call('POST', 'sites/nowhere/outage', { down: true })).status).toBe(404);
});

it('injects and clears faults over HTTP, and validates them', async () => {
  expect((await call('POST', 'faults', { service: 'eks', errorRate: 1 })).status).toBe(200);
  await expect(clients.eks.send(new DescribeClusterCommand({ name: 'demo' }))).rejects.toMatchObject({
    $metadata: { httpStatusCode: 503 },
  });
  expect((await call('DELETE', 'faults')).status).toBe(200);
  await expect(clients.eks.send(new DescribeClusterCommand({ name: 'demo' }))).resolves.toBeDefined();
  const bad = await call('POST', 'faults', { service: 'ec2', errorRate: 2 });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatch(/service/);
});

it('passes Slack faults to the fake Slack and reports its calls', async () => {
  await call('POST', 'faults', { service: 'slack', throttleRate: 1 });
  const limited = await fetch(`${sim.slackApiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'C1', text: 'hello' }),
  });
  expect(limited.status).toBe(429);
  await call('DELETE', 'faults');
  await fetch(`${sim.slackApiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
    body: JSON.stringify({ channel: 'C1', text: 'hello' }),
  });
  const calls = await call('GET', 'slack/calls');
  expect(calls.body.map((c: { status: number }) => c.status)).toEqual([429, 200]);
  expect(calls.body[1]).toMatchObject({ method: 'chat.postMessage', args: { channel: 'C1', text: 'hello' } });
});

it('adds clusters in bulk with Ready hybrid nodes spread over sites', async () => {
  const added = await call('POST', 'clusters', {
    bulk: { clusters: 3, namePrefix: 'bench', hybridNodesPerCluster: 20, sitesPerCluster: 2 },
  });
  expect(added.body.map((c: { name: string }) => c.name)).toEqual(['bench-001', 'bench-002', 'bench-003']);
  const { clusters } = await clients.eks.send(new ListClustersCommand({}));
  expect(clusters).toEqual(expect.arrayContaining(['bench-001', 'bench-003']));
  const state = await call('GET', 'state');
  const benchNodes = state.body.nodes.filter((n: { cluster: string }) => n.cluster === 'bench-002');
  expect(
    benchNodes.filter((n: { computeType: string; ready: boolean }) => n.computeType === 'hybrid' && n.ready),
  ).toHaveLength(20);
  const more = await call('POST', 'clusters/demo/hybrid-nodes', { count: 5, sites: ['store-12'] });
  expect(more.body).toEqual({ cluster: 'demo', added: 5 });
  expect((await call('POST', 'clusters', { clusters: [{ name: 'demo' }] })).status).toBe(409);
});

it('adds hybrid nodes as an earlier tool left them: labels and annotations on the nodes, tags on the instances, files on the hosts', async () => {
  const more = await call('POST', 'clusters/demo/hybrid-nodes', {
    count: 2,
    sites: ['store-40'],
    labels: { 'example.com/pool': 'tills' },
    annotations: { 'example.com/owner': 'team-a' },
    tags: { managed: 'true' },
    hostTag: 'host',
    siteTag: 'site',
    files: { '/etc/example/credentials.yaml': 'id: {activationId}\n' },
  });
  expect(more.body).toEqual({ cluster: 'demo', added: 2 });
  const nodes = (await kubeGet(sim, 'demo', '/api/v1/nodes?labelSelector=example.com%2Fpool%3Dtills'))
    .items as {
    metadata: { name: string; annotations: Record<string, string> };
  }[];
  expect(nodes).toHaveLength(2);
  expect(nodes[0]?.metadata.annotations['example.com/owner']).toBe('team-a');
  const instance = nodes[0]?.metadata.name as string;
  const { TagList } = await clients.ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: instance }),
  );
  const tags = Object.fromEntries((TagList ?? []).map((t) => [t.Key, t.Value]));
  expect(tags).toEqual({ managed: 'true', host: expect.stringMatching(/^demo-edge-/), site: 'store-40' });
  const ran = sim.control.runOnHost(tags.host as string, 'cat /etc/example/credentials.yaml');
  expect((await ran).stdout).toMatch(/^id: [0-9a-f-]{36}\n?$/);
});

it('refuses an invalid scenario with one clear line per problem', async () => {
  await expect(
    startSimulator({
      port: 0,
      scenario: {
        clusters: [
          {
            name: 'x',
            remoteNodeNetworks: ['10.80.0.0/33'],
            nodeGroups: [{ name: 'g', instanceType: 'z9.huge' }],
          },
        ],
      },
    }),
  ).rejects.toThrow(
    /^ {2}clusters\[0\]\.remoteNodeNetworks\[0\]: must be an IPv4 CIDR.*\n {2}clusters\[0\]\.nodeGroups\[0\]\.instanceType: must be one of/m,
  );
});

it('joins an SSM host in one bootstrap when given the NodeConfig with the activation', async () => {
  const activation = await clients.ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' }));
  const nodeConfig = [
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster: { name: demo, region: us-west-2 }',
    '  hybrid:',
    `    ssm: { activationCode: "${activation.ActivationCode}", activationId: "${activation.ActivationId}" }`,
  ].join('\n');
  const boot = await call('POST', 'hosts/store12-edge-04/bootstrap', {
    nodeConfig,
    kubernetesVersion: '1.30',
  });
  expect(boot.body).toMatchObject({
    managedInstanceId: expect.stringMatching(/^mi-/),
    nodeName: boot.body.managedInstanceId,
  });
  const state = await call('GET', 'state');
  expect(state.body.nodes).toContainEqual(
    expect.objectContaining({
      name: boot.body.managedInstanceId,
      ready: true,
      kubeletVersion: expect.stringMatching(/^v1\.30\./),
    }),
  );
});

it('re-images a host over HTTP: the agent is gone, its instance ConnectionLost, and a new activation registers it with its new OS', async () => {
  const first = await clients.ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' }));
  const boot = await call('POST', 'hosts/store12-edge-01/bootstrap', {
    activationId: first.ActivationId,
    activationCode: first.ActivationCode,
  });
  const bad = await call('POST', 'hosts/store12-edge-01/reimage', { os: 'Ubuntu 24!' });
  expect(bad.status).toBe(400);
  expect(await call('POST', 'hosts/store12-edge-01/reimage', { os: 'ubuntu-24.04' })).toMatchObject({
    status: 200,
    body: { host: 'store12-edge-01', os: 'ubuntu-24.04' },
  });
  const listed = await clients.ssm.send(new DescribeInstanceInformationCommand({}));
  expect(listed.InstanceInformationList).toEqual([
    expect.objectContaining({ InstanceId: boot.body.managedInstanceId, PingStatus: 'ConnectionLost' }),
  ]);
  // Nothing of the old registration is left on the disk: the agent cannot be asked to run anything.
  const ran = await call('POST', 'hosts/store12-edge-01/run', {
    script: 'cat /var/lib/amazon/ssm/registration',
  });
  expect(ran.body.exitCode).not.toBe(0);

  const second = await clients.ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' }));
  const again = await call('POST', 'hosts/store12-edge-01/bootstrap', {
    activationId: second.ActivationId,
    activationCode: second.ActivationCode,
  });
  expect(again.body.managedInstanceId).not.toBe(boot.body.managedInstanceId);
  const after = await clients.ssm.send(
    new DescribeInstanceInformationCommand({
      Filters: [{ Key: 'InstanceIds', Values: [again.body.managedInstanceId] }],
    }),
  );
  expect(after.InstanceInformationList?.[0]).toMatchObject({
    PingStatus: 'Online',
    PlatformVersion: '24.04',
  });
});

it('sets a PodDisruptionBudget as a team would patch it: at 0 it refuses evictions, relaxed it allows them', async () => {
  const pods = (
    await kubeGet(sim, 'demo', '/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns')
  ).items as { metadata: { name: string } }[];
  const evict = (name: string) =>
    kubeRequest(sim, 'demo', 'POST', `/api/v1/namespaces/kube-system/pods/${name}/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: 'kube-system' },
    });
  const tightened = await call('POST', 'clusters/demo/budgets', {
    namespace: 'kube-system',
    name: 'coredns',
    maxUnavailable: 0,
  });
  expect(tightened).toMatchObject({
    status: 200,
    body: { budget: 'kube-system/coredns', maxUnavailable: 0 },
  });
  await expect(evict(pods[0]!.metadata.name)).rejects.toThrow(/^429/);
  await call('POST', 'clusters/demo/budgets', {
    namespace: 'kube-system',
    name: 'coredns',
    maxUnavailable: 1,
  });
  await expect(evict(pods[0]!.metadata.name)).resolves.toBeDefined();
  expect((await call('POST', 'clusters/demo/budgets', { name: 'nope', maxUnavailable: 1 })).status).toBe(404);
  expect((await call('POST', 'clusters/demo/budgets', { name: 'coredns', maxUnavailable: -1 })).status).toBe(
    400,
  );
});
