import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { until } from '../support/until';
import { eksToken, isReady, type Json, kubeGet, kubeRequest } from './kube-reader';

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(() => sim.close());

const kubePost = (path: string, body: unknown) => kubeRequest(sim, 'demo', 'POST', path, body);

const pods = async (cluster: string, selector: string): Promise<Json[]> =>
  (await kubeGet(sim, cluster, `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`)).items;

function joinIamRa(host: string) {
  const nodeConfig = [
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster: { name: demo, region: us-west-2 }',
    '  hybrid:',
    '    iamRolesAnywhere:',
    `      nodeName: ${host}`,
    '      trustAnchorArn: arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/a1b2',
    '      profileArn: arn:aws:rolesanywhere:us-west-2:111122223333:profile/c3d4',
    '      roleArn: arn:aws:iam::111122223333:role/HybridNodesRole',
  ].join('\n');
  return sim.control.bootstrapHost(host, { nodeConfig, kubernetesVersion: '1.31' });
}

it('gives the cloud worker the labels and capacity of an EKS managed node', async () => {
  const [node] = (await kubeGet(sim, 'demo', '/api/v1/nodes')).items;
  expect(node.metadata.labels).toMatchObject({
    'node.kubernetes.io/instance-type': 't3.xlarge',
    'eks.amazonaws.com/nodegroup': 'agents',
    'topology.kubernetes.io/zone': 'us-west-2a',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
  });
  expect(node.spec.providerID).toMatch(/^aws:\/\/\/us-west-2a\/i-[0-9a-f]{17}$/);
  expect(node.status.capacity).toMatchObject({ cpu: '4', memory: expect.stringMatching(/^1[56]\d{6}Ki$/) });
  expect(Number.parseInt(node.status.capacity['ephemeral-storage'], 10)).toBeGreaterThan(20_000_000);
});

it('runs the management agent on the agents worker and aws-node only on cloud workers', async () => {
  const [agent] = await pods('demo', 'app.kubernetes.io/name=management-agent');
  const [worker] = (await kubeGet(sim, 'demo', '/api/v1/nodes')).items;
  expect(agent).toMatchObject({ spec: { nodeName: worker.metadata.name }, status: { phase: 'Running' } });
  expect(isReady(agent)).toBe(true);

  joinIamRa('store12-edge-01');
  // Cilium scheduled on the new node: the daemon sets have seen it.
  await until('cilium on store12-edge-01', async () => (await pods('demo', 'k8s-app=cilium')).length > 0);
  const awsNode = await pods('demo', 'k8s-app=aws-node');
  expect(awsNode.map((p: Json) => p.spec.nodeName)).toEqual([worker.metadata.name]);
  const cilium = await pods('demo', 'k8s-app=cilium');
  expect(cilium.map((p: Json) => p.spec.nodeName)).toEqual(['store12-edge-01']);
  const ds = await kubeGet(sim, 'demo', '/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node');
  expect(
    ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
      .nodeSelectorTerms[0].matchExpressions,
  ).toContainEqual({
    key: 'eks.amazonaws.com/compute-type',
    operator: 'NotIn',
    values: ['fargate', 'hybrid', 'auto'],
  });
  const operator = await kubeGet(
    sim,
    'demo',
    '/apis/apps/v1/namespaces/kube-system/deployments/cilium-operator',
  );
  // The chart's two replicas repel each other (required anti-affinity on the hostname): one per hybrid node.
  expect(operator.status).toMatchObject({ replicas: 2, readyReplicas: 1, availableReplicas: 1 });
});

it('leaves the Cilium operator Pending while the cluster has no hybrid node', async () => {
  const [operator] = await pods('demo', 'io.cilium/app=operator');
  expect(operator.status.phase).toBe('Pending');
  const cilium = await kubeGet(sim, 'demo', '/apis/apps/v1/namespaces/kube-system/daemonsets/cilium');
  expect(cilium.status.desiredNumberScheduled).toBe(0);
});

it('marks the agent pod not ready when its node goes NotReady, and ready again when it returns', async () => {
  const [worker] = (await kubeGet(sim, 'demo', '/api/v1/nodes')).items;
  sim.control.setNodeReady(worker.metadata.name, false);
  const agentDeployment = () =>
    kubeGet(sim, 'demo', '/apis/apps/v1/namespaces/management-agent/deployments/management-agent');
  await until(
    'the agent deployment to lose its replica',
    async () => (await agentDeployment()).status.availableReplicas === undefined,
  );
  expect(isReady(await kubeGet(sim, 'demo', `/api/v1/nodes/${worker.metadata.name}`))).toBe(false);
  const [agent] = await pods('demo', 'app.kubernetes.io/name=management-agent');
  expect(isReady(agent)).toBe(false);
  sim.control.setNodeReady(worker.metadata.name, true);
  await until('the agent pod ready again', async () =>
    isReady((await pods('demo', 'app.kubernetes.io/name=management-agent'))[0]),
  );
});

it('takes a whole site down: its nodes go Unknown while other sites stay Ready', async () => {
  joinIamRa('store12-edge-01');
  joinIamRa('plant3-edge-01');
  sim.control.setSiteOutage('store-12', true);
  const node = await kubeGet(sim, 'demo', '/api/v1/nodes/store12-edge-01');
  expect(node.status.conditions.find((c: Json) => c.type === 'Ready')).toMatchObject({
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
  });
  expect(node.spec.taints).toContainEqual(
    expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }),
  );
  expect(isReady(await kubeGet(sim, 'demo', '/api/v1/nodes/plant3-edge-01'))).toBe(true);
  sim.control.setSiteOutage('store-12', false);
  expect(isReady(await kubeGet(sim, 'demo', '/api/v1/nodes/store12-edge-01'))).toBe(true);
});

it('keeps a joined node NotReady until the configured delay has passed', async () => {
  await sim.close();
  // Long enough that a loaded machine still reads the node before the delay is over.
  sim = await startSimulator({ port: 0, nodeReadyDelayMs: 2000 });
  const joined = Date.now();
  joinIamRa('store12-edge-02');
  expect(isReady(await kubeGet(sim, 'demo', '/api/v1/nodes/store12-edge-02'))).toBe(false);
  await until(
    'store12-edge-02 Ready',
    async () => isReady(await kubeGet(sim, 'demo', '/api/v1/nodes/store12-edge-02')),
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  expect(Date.now() - joined).toBeGreaterThanOrEqual(2000);
});

it('passes kubernetes faults to the cluster API servers, per operation', async () => {
  sim.control.setFault({ service: 'kubernetes', operation: 'listNodes', errorRate: 1 });
  await expect(kubeGet(sim, 'demo', '/api/v1/nodes')).rejects.toThrow(/^5\d\d/);
  await expect(kubeGet(sim, 'demo', '/api/v1/pods')).resolves.toBeDefined();
  sim.control.clearFaults();
  await expect(kubeGet(sim, 'demo', '/api/v1/nodes')).resolves.toBeDefined();
});

it('loads the benchmark scenario files', async () => {
  await sim.close();
  const started = Date.now();
  sim = await startSimulator({
    port: 0,
    scenario: join(__dirname, '../../sim/scenarios/bench-100x100.yaml'),
  });
  expect(Object.keys(sim.clusters)).toHaveLength(100);
  expect(sim.control.state().nodes.filter((n) => n.computeType === 'hybrid' && n.ready)).toHaveLength(10_000);
  expect(Date.now() - started).toBeLessThan(20_000);
}, 60_000);

it('keeps an app pod Pending until a hybrid node joins, and reschedules it on another node when evicted', async () => {
  await sim.close();
  sim = await startSimulator({
    port: 0,
    scenario: {
      hosts: [
        { name: 'edge-a', site: 's1', ip: '10.80.1.1' },
        { name: 'edge-b', site: 's1', ip: '10.80.1.2' },
      ],
      clusters: [
        {
          name: 'demo',
          remoteNodeNetworks: ['10.80.0.0/16'],
          remotePodNetworks: ['10.85.0.0/16'],
          accessEntries: [
            { principalArn: 'arn:aws:iam::111122223333:role/HybridNodesRole', type: 'HYBRID_LINUX' },
          ],
          cilium: {},
          apps: [{ name: 'pos', replicas: 1, maxUnavailable: 1 }],
        },
      ],
    },
  });
  expect((await pods('demo', 'app.kubernetes.io/name=pos'))[0].status.phase).toBe('Pending');
  joinIamRa('edge-a');
  const [first] = await until('the pos pod scheduled', async () => {
    const all = await pods('demo', 'app.kubernetes.io/name=pos');
    return all[0]?.spec.nodeName ? all : undefined;
  });
  expect(first.spec.nodeName).toBe('edge-a');
  joinIamRa('edge-b');
  sim.control.setNodeReady('edge-a', false);
  await kubePost(`/api/v1/namespaces/default/pods/${first.metadata.name}/eviction`, {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name: first.metadata.name, namespace: 'default' },
  });
  const [second] = await until('a new pos pod scheduled', async () => {
    const all = await pods('demo', 'app.kubernetes.io/name=pos');
    return all[0] && all[0].metadata.name !== first.metadata.name && all[0].spec.nodeName ? all : undefined;
  });
  expect(second.metadata.name).not.toBe(first.metadata.name);
  expect(second.spec.nodeName).toBe('edge-b');
});

it('leaves a pod evicted or deleted on a node whose kubelet crash-loops Terminating until the kubelet is back', async () => {
  joinIamRa('store12-edge-01');
  const onNode = await until('the point-of-sale pods on store12-edge-01', async () => {
    const all = await pods('demo', 'app.kubernetes.io/name=store-pos');
    return all.filter((p: Json) => p.spec.nodeName === 'store12-edge-01').length === 3 ? all : undefined;
  });
  const { kubeEndpoint, caPem } = sim.clusters.demo!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'demo', server: kubeEndpoint, caData: Buffer.from(caPem).toString('base64') }],
    users: [{ name: 'ops', token: await eksToken('demo') }],
    contexts: [{ name: 'demo', cluster: 'demo', user: 'ops' }],
    currentContext: 'demo',
  });
  const core = kc.makeApiClient(CoreV1Api);
  const [evicted, deleted, kept] = onNode.map((p: Json) => p.metadata.name as string) as [
    string,
    string,
    string,
  ];
  const namespace = 'retail';

  sim.control.setHostFaults('store12-edge-01', { faults: ['kubelet-crashloop'] });
  const before = Date.now();
  await core.createNamespacedPodEviction({
    name: evicted,
    namespace,
    body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: evicted, namespace } },
  });
  await core.deleteNamespacedPod({ name: deleted, namespace });
  for (const name of [evicted, deleted]) {
    const pod = await core.readNamespacedPod({ name, namespace });
    expect(pod.metadata?.deletionGracePeriodSeconds).toBe(30);
    // The deadline for the kubelet to stop it: now plus its grace period.
    const deadline = pod.metadata?.deletionTimestamp?.getTime() ?? 0;
    expect(deadline).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 30_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30_000);
  }
  // The Deployment does not wait for them: their replacements are made (Pending, the only node down).
  await until('replacements for the pods being deleted', async () =>
    (await pods('demo', 'app.kubernetes.io/name=store-pos')).length === 5 ? true : undefined,
  );

  await sim.control.runOnHost('store12-edge-01', 'systemctl restart kubelet');
  const names = (await core.listNamespacedPod({ namespace })).items.map((p) => p.metadata?.name);
  expect(names).not.toContain(evicted);
  expect(names).not.toContain(deleted);
  expect(names).toContain(kept);
});

it("keeps a PodDisruptionBudget's status in step with its pods, as the disruption controller does", async () => {
  await sim.close();
  sim = await startSimulator({
    port: 0,
    scenario: {
      hosts: [
        { name: 'edge-a', site: 's1', ip: '10.80.1.1' },
        { name: 'edge-b', site: 's1', ip: '10.80.1.2' },
      ],
      clusters: [
        {
          name: 'demo',
          remoteNodeNetworks: ['10.80.0.0/16'],
          remotePodNetworks: ['10.85.0.0/16'],
          accessEntries: [
            { principalArn: 'arn:aws:iam::111122223333:role/HybridNodesRole', type: 'HYBRID_LINUX' },
          ],
          cilium: {},
          apps: [{ name: 'pos', replicas: 2, maxUnavailable: 1 }],
        },
      ],
    },
  });
  const budget = async () =>
    (await kubeGet(sim, 'demo', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/pos')).status ?? {};
  const budgetWhere = (ok: (status: Json) => boolean) =>
    until(
      'the budget status',
      async () => {
        const status = await budget();
        return ok(status) ? status : undefined;
      },
      5000,
    );
  // No node for the pods yet: nothing healthy, no disruption allowed.
  expect(await budgetWhere((s) => s.expectedPods === 2)).toMatchObject({
    currentHealthy: 0,
    disruptionsAllowed: 0,
  });
  joinIamRa('edge-a');
  joinIamRa('edge-b');
  expect(await budgetWhere((s) => s.currentHealthy === 2)).toMatchObject({
    desiredHealthy: 1,
    disruptionsAllowed: 1,
  });
});
