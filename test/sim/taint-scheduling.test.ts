import { type RunningSimulator, startSimulator } from '../../sim/index';
import { until } from '../support/until';
import { type Json, kubeGet, kubeRequest } from './kube-reader';

/*
 * The scheduler and the taint manager as Kubernetes runs them: NoSchedule keeps new pods off a node,
 * NoExecute evicts the pods that do not tolerate it at once and those that tolerate it for
 * tolerationSeconds when they have passed (on the simulator's clock), and DaemonSet pods stay.
 */

let sim: RunningSimulator;
let now: number;

beforeEach(async () => {
  now = Date.now();
  sim = await startSimulator({
    port: 0,
    clock: { now: () => new Date(now) },
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
});
afterEach(() => sim.close());

/** nodeadm init with IAM Roles Anywhere; `taint` as kubelet's --register-with-taints. */
function join(host: string, taint?: string) {
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
    ...(taint ? ['  kubelet:', '    flags:', `      - --register-with-taints=${taint}`] : []),
  ].join('\n');
  return sim.control.bootstrapHost(host, { nodeConfig, kubernetesVersion: '1.31' });
}

const pods = async (selector: string): Promise<Json[]> =>
  (await kubeGet(sim, 'demo', `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`)).items;

/** Waits (looking every 20 ms) until the pods of `selector` are as `ok` wants them. */
function podsUntil(selector: string, ok: (p: Json[]) => boolean): Promise<Json[]> {
  return until(
    `the pods of ${selector} as wanted`,
    async () => {
      const found = await pods(selector);
      return ok(found) ? found : undefined;
    },
    { intervalMs: 20 },
  );
}

/** `kubectl taint nodes <node> key=value:Effect`: kubectl stamps NoExecute taints with timeAdded. */
async function taint(node: string, key: string, value: string, effect: string) {
  const n = await kubeGet(sim, 'demo', `/api/v1/nodes/${node}`);
  n.spec.taints = [
    ...(n.spec.taints ?? []),
    { key, value, effect, ...(effect === 'NoExecute' ? { timeAdded: new Date(now).toISOString() } : {}) },
  ];
  await kubeRequest(sim, 'demo', 'PUT', `/api/v1/nodes/${node}`, n);
}

/** `kubectl scale deployment`: the controllers' next pass, which the tests wait for, also runs the taint manager. */
async function scale(name: string, namespace: string, replicas: number) {
  const path = `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
  const d = await kubeGet(sim, 'demo', path);
  d.spec.replicas = replicas;
  await kubeRequest(sim, 'demo', 'PUT', path, d);
}

const onNodes = (p: Json[]) => p.map((x) => x.spec.nodeName ?? 'Pending').sort();

it('keeps new pods off a NoSchedule node, but runs DaemonSet pods that tolerate it there', async () => {
  join('edge-a', 'dedicated=kiosk:NoSchedule');
  const [pending] = await podsUntil('app.kubernetes.io/name=pos', (p) => p.length === 1);
  expect(pending.status.phase).toBe('Pending');
  expect(onNodes(await pods('k8s-app=cilium'))).toEqual(['edge-a']);

  join('edge-b');
  const [placed] = await podsUntil('app.kubernetes.io/name=pos', (p) => p[0]?.spec.nodeName !== undefined);
  expect(placed.spec.nodeName).toBe('edge-b');
  // A NoSchedule taint added later leaves the running pod where it is; a new replica finds no node.
  await taint('edge-b', 'maintenance', 'soon', 'NoSchedule');
  await scale('pos', 'default', 2);
  const both = await podsUntil('app.kubernetes.io/name=pos', (p) => p.length === 2);
  expect(both.find((p) => p.metadata.name === placed.metadata.name)?.spec.nodeName).toBe('edge-b');
  expect(both.find((p) => p.metadata.name !== placed.metadata.name)?.status.phase).toBe('Pending');
});

it('evicts the pods that do not tolerate a NoExecute taint at once; DaemonSet pods that tolerate it stay', async () => {
  join('edge-a');
  const [first] = await podsUntil('app.kubernetes.io/name=pos', (p) => p[0]?.spec.nodeName === 'edge-a');
  await taint('edge-a', 'dedicated', 'kiosk', 'NoExecute');
  // Evicted, and nowhere to go: its replacement waits Pending.
  const [next] = await podsUntil(
    'app.kubernetes.io/name=pos',
    (p) => p[0]?.metadata.name !== first.metadata.name,
  );
  expect(next.status.phase).toBe('Pending');
  expect(onNodes(await pods('k8s-app=cilium'))).toEqual(['edge-a']);
  join('edge-b');
  await podsUntil('app.kubernetes.io/name=pos', (p) => p[0]?.spec.nodeName === 'edge-b');
});

it('keeps a pod that tolerates a NoExecute taint for tolerationSeconds until they have passed', async () => {
  join('edge-a');
  join('edge-b');
  const template = {
    metadata: { labels: { app: 'till' } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': 'edge-a' },
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'kiosk', effect: 'NoExecute', tolerationSeconds: 60 },
      ],
      containers: [{ name: 'till', image: 'public.ecr.aws/docker/library/busybox:1.36' }],
    },
  };
  await kubeRequest(sim, 'demo', 'POST', '/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'till', namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'till' } }, template },
  });
  const [till] = await podsUntil('app=till', (p) => p[0]?.spec.nodeName === 'edge-a');
  // The API server's DefaultTolerationSeconds: five minutes on a node that is not ready or unreachable.
  expect(till.spec.tolerations).toContainEqual({
    key: 'node.kubernetes.io/unreachable',
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  });
  await taint('edge-a', 'dedicated', 'kiosk', 'NoExecute');
  now += 59_000;
  await scale('till', 'default', 2);
  await podsUntil('app=till', (p) => p.length === 2);
  expect((await pods('app=till')).map((p) => p.metadata.name)).toContain(till.metadata.name);
  now += 1_000;
  const after = await podsUntil('app=till', (p) => !p.some((x) => x.metadata.name === till.metadata.name));
  // Their replacements tolerate the taint too (for 60 s more): the node is the only one they may run on.
  expect(onNodes(after)).toEqual(['edge-a', 'edge-a']);
});

it('evicts an ordinary pod from a node that stopped answering after 300 s, and it comes back elsewhere', async () => {
  join('edge-a');
  const [first] = await podsUntil('app.kubernetes.io/name=pos', (p) => p[0]?.spec.nodeName === 'edge-a');
  join('edge-b');
  sim.control.setNodeReady('edge-a', false);
  // The pod follows its node: not ready (the controllers have seen the node's taints).
  await podsUntil('app.kubernetes.io/name=pos', (p) =>
    p[0]?.status.conditions.some((c: Json) => c.type === 'Ready' && c.status === 'False'),
  );
  now += 299_000;
  await scale('pos', 'default', 2);
  await podsUntil('app.kubernetes.io/name=pos', (p) => p.length === 2);
  expect((await pods('app.kubernetes.io/name=pos')).map((p) => p.metadata.name)).toContain(
    first.metadata.name,
  );
  now += 1_000;
  const moved = await podsUntil(
    'app.kubernetes.io/name=pos',
    (p) => p.length === 2 && !p.some((x) => x.metadata.name === first.metadata.name),
  );
  expect(onNodes(moved)).toEqual(['edge-b', 'edge-b']);
  // cilium's DaemonSet pod tolerates not-ready for ever: it stays on edge-a.
  expect(onNodes(await pods('k8s-app=cilium'))).toEqual(['edge-a', 'edge-b']);
});

it('leaves a pod the taint manager evicts from a node whose kubelet crash-loops Terminating until the kubelet is back', async () => {
  join('edge-a');
  const [first] = await podsUntil('app.kubernetes.io/name=pos', (p) => p[0]?.spec.nodeName === 'edge-a');
  join('edge-b');
  sim.control.setHostFaults('edge-a', { faults: ['kubelet-crashloop'] });
  await podsUntil('app.kubernetes.io/name=pos', (p) =>
    p[0]?.status.conditions.some((c: Json) => c.type === 'Ready' && c.status === 'False'),
  );
  now += 300_000;
  // Deleted, but no kubelet stops it: Terminating, while its replacement runs elsewhere.
  const both = await podsUntil('app.kubernetes.io/name=pos', (p) => p.length === 2);
  const old = both.find((p) => p.metadata.name === first.metadata.name);
  expect(old.metadata.deletionTimestamp).toBeDefined();
  expect(both.find((p) => p !== old).spec.nodeName).toBe('edge-b');

  await sim.control.runOnHost('edge-a', 'systemctl restart kubelet');
  const after = await pods('app.kubernetes.io/name=pos');
  expect(after.map((p) => p.metadata.name)).not.toContain(first.metadata.name);
});
