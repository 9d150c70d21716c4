import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  VersionApi,
  Watch,
} from '@kubernetes/client-node';
import type { KubeFault } from '../../../sim/kube/api-server';
import { CLOUD_NODE, IAMRA_NODE, SSM_NODE, startDemoCluster } from './demo-cluster';

type Cluster = Awaited<ReturnType<typeof startDemoCluster>>;

function kubeConfig(cluster: Cluster, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'demo',
        server: cluster.server.url,
        caData: Buffer.from(cluster.ca.caCertPem).toString('base64'),
      },
    ],
    users: [{ name: 'bot', token }],
    contexts: [{ name: 'demo', cluster: 'demo', user: 'bot' }],
    currentContext: 'demo',
  });
  return kc;
}

/** The generated client keeps the Status body of most errors (not of 401, which it drops). */
async function failure(
  p: Promise<unknown>,
): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiException) {
      return { code: err.code, body: err.body ? JSON.parse(err.body as string) : {}, headers: err.headers };
    }
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('the simulated Kubernetes API through @kubernetes/client-node', () => {
  let cluster: Cluster;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const faults = new Map<string, KubeFault>();

  beforeEach(async () => {
    faults.clear();
    cluster = await startDemoCluster({ faultFor: (op) => faults.get(op), kubernetesVersion: '1.31.7' });
    kc = kubeConfig(cluster, await cluster.token());
    core = kc.makeApiClient(CoreV1Api);
  });
  afterEach(() => cluster.server.close());

  it('reports an EKS version', async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version).toMatchObject({
      major: '1',
      minor: '31+',
      gitVersion: expect.stringMatching(/^v1\.31\.7-eks-[0-9a-f]{7}$/),
    });
  });

  it('lists nodes by label and field selectors, with a resourceVersion on the list and each item', async () => {
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await core.listNode({ labelSelector, fieldSelector })).items.map((n) => n.metadata?.name);
    expect(await names('eks.amazonaws.com/compute-type=hybrid')).toEqual([IAMRA_NODE, SSM_NODE]);
    expect(await names('eks.amazonaws.com/hybrid-credential-provider in (ssm)')).toEqual([SSM_NODE]);
    expect(await names('!eks.amazonaws.com/compute-type')).toEqual([CLOUD_NODE]);
    expect(
      await names('eks.amazonaws.com/compute-type,eks.amazonaws.com/hybrid-credential-provider!=ssm'),
    ).toEqual([IAMRA_NODE]);
    expect(await names(undefined, `metadata.name=${SSM_NODE}`)).toEqual([SSM_NODE]);
    const list = await core.listNode();
    expect(list.metadata?.resourceVersion).toBe(cluster.store.resourceVersion);
    expect(list.items.every((n) => /^\d+$/.test(n.metadata?.resourceVersion ?? ''))).toBe(true);
  });

  it('pages a long list with limit and continue', async () => {
    const first = await core.listNode({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await core.listNode({ limit: 2, _continue: first.metadata?._continue });
    expect(second.items.map((n) => n.metadata?.name)).toEqual([SSM_NODE]);
    expect(second.metadata?._continue).toBeUndefined();
  });

  it("serves the later pages of a list from the first page's snapshot, and 410s a token too old", async () => {
    const first = await core.listNode({ limit: 2 });
    const names = first.items.map((n) => n.metadata?.name ?? '');
    // Between the pages the last node is relabelled and a new one joins: the list must not show either.
    cluster.store.update('nodes', SSM_NODE, undefined, (n) => {
      n.metadata.labels = { ...n.metadata.labels, changed: 'yes' };
    });
    cluster.store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'zz-new-node' } });
    const second = await core.listNode({ limit: 2, _continue: first.metadata?._continue });
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect([...names, ...second.items.map((n) => n.metadata?.name)]).toEqual(
      [CLOUD_NODE, IAMRA_NODE, SSM_NODE].sort(),
    );
    expect(second.items[0]?.metadata?.labels?.changed).toBeUndefined();

    // Enough writes that the store's history (etcd's, before compaction) no longer reaches the token.
    for (let i = 0; i < 5001; i++) {
      cluster.store.update('nodes', 'zz-new-node', undefined, (n) => {
        n.metadata.labels = { n: String(i) };
      });
    }
    const expired = await failure(core.listNode({ limit: 2, _continue: first.metadata?._continue }));
    expect(expired.code).toBe(410);
    expect(expired.body).toMatchObject({ reason: 'Expired', message: expect.stringContaining('too old') });
  });

  it('refuses a continue token it did not issue', async () => {
    const bad = await failure(core.listNode({ limit: 2, _continue: 'bm90LWEtdG9rZW4' }));
    expect(bad.code).toBe(400);
  });

  it('cordons and labels with a merge patch, taints with a JSON patch, and 404s an unknown node', async () => {
    const before = await core.readNode({ name: SSM_NODE });
    const merged = await core.patchNode(
      {
        name: SSM_NODE,
        body: {
          spec: { unschedulable: true },
          metadata: { labels: { 'kubernetes.io/os': null, site: 'store-12' } },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec?.unschedulable).toBe(true);
    expect(merged.metadata?.labels).toMatchObject({ site: 'store-12' });
    expect(merged.metadata?.labels?.['kubernetes.io/os']).toBeUndefined();
    expect(Number(merged.metadata?.resourceVersion)).toBeGreaterThan(
      Number(before.metadata?.resourceVersion),
    );

    const tainted = await core.patchNode(
      {
        name: SSM_NODE,
        body: [
          {
            op: 'add',
            path: '/spec/taints',
            value: [{ key: 'hybrid.example/upgrading', effect: 'NoSchedule' }],
          },
        ],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(tainted.spec?.taints).toEqual([{ key: 'hybrid.example/upgrading', effect: 'NoSchedule' }]);
    const uncordoned = await core.patchNode(
      { name: SSM_NODE, body: { spec: { unschedulable: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(uncordoned.spec?.unschedulable).toBeUndefined();
    expect(uncordoned.status?.nodeInfo?.kubeletVersion).toBe('v1.31.7-eks-473151a');

    const missing = await failure(core.readNode({ name: 'mi-00000000000000000' }));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      message: 'nodes "mi-00000000000000000" not found',
    });
  });

  it('refuses a patch carrying a stale resourceVersion with 409 Conflict', async () => {
    const stale = await failure(
      core.patchNode(
        { name: SSM_NODE, body: { metadata: { resourceVersion: '1', labels: { a: 'b' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
  });

  it('streams node events to a watch, filtered by its label selector', async () => {
    const events: string[] = [];
    const threeEvents = new Promise<void>((resolve, reject) => {
      new Watch(kc)
        .watch(
          '/api/v1/nodes',
          {
            labelSelector: 'eks.amazonaws.com/compute-type=hybrid',
            resourceVersion: cluster.store.resourceVersion,
          },
          (type, obj) => {
            events.push(`${type} ${obj.metadata.name} ${obj.spec?.unschedulable ?? false}`);
            if (events.length === 3) resolve();
          },
          (err) => (err ? reject(err) : undefined),
        )
        .then((controller) => {
          cluster.store.update('nodes', CLOUD_NODE, undefined, (n) => {
            n.spec.unschedulable = true;
          });
          cluster.store.update('nodes', SSM_NODE, undefined, (n) => {
            n.spec.unschedulable = true;
          });
          cluster.store.update('nodes', IAMRA_NODE, undefined, (n) => {
            delete n.metadata.labels!['eks.amazonaws.com/compute-type'];
          });
          cluster.store.delete('nodes', SSM_NODE);
          threeEvents.finally(() => controller.abort());
        }, reject);
    });
    await threeEvents;
    expect(events).toEqual([
      `MODIFIED ${SSM_NODE} true`,
      `DELETED ${IAMRA_NODE} false`,
      `DELETED ${SSM_NODE} true`,
    ]);
  });

  it('keeps an informer cache in step: list, then watch from the list resourceVersion', async () => {
    const hybrid = 'eks.amazonaws.com/compute-type=hybrid';
    const informer = makeInformer(
      kc,
      '/api/v1/nodes',
      () => core.listNode({ labelSelector: hybrid }),
      hybrid,
    );
    const updated = new Promise<string>((resolve) =>
      informer.on('update', (n) => resolve(`${n.metadata?.name} ${n.spec?.unschedulable}`)),
    );
    await informer.start();
    expect(informer.list().map((n) => n.metadata?.name)).toEqual([IAMRA_NODE, SSM_NODE]);
    cluster.store.update('nodes', SSM_NODE, undefined, (n) => {
      n.spec.unschedulable = true;
    });
    expect(await updated).toBe(`${SSM_NODE} true`);
    await informer.stop();
  });

  it('lists pods across namespaces, per namespace and per node', async () => {
    expect((await core.listPodForAllNamespaces()).items).toHaveLength(3);
    expect(
      (await core.listNamespacedPod({ namespace: 'shop', labelSelector: 'app=web' })).items,
    ).toHaveLength(2);
    const onNode = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${CLOUD_NODE}` });
    expect(onNode.items.map((p) => p.metadata?.name)).toEqual(['agent-7d9f-x2k4q']);
  });

  it('evicts while the disruption budget allows, then refuses with 429, and evicts pods without a budget', async () => {
    const evict = (namespace: string, name: string) =>
      core.createNamespacedPodEviction({
        name,
        namespace,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
      });
    await evict('shop', 'web-1');
    expect(cluster.store.get('pods', 'web-1', 'shop')).toBeUndefined();
    const refused = await failure(evict('shop', 'web-2'));
    expect(refused.code).toBe(429);
    expect(refused.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web needs 1 healthy pods and has 1 currently',
          },
        ],
      },
    });
    expect(cluster.store.get('pods', 'web-2', 'shop')).toBeDefined();
    expect(cluster.store.get('poddisruptionbudgets', 'web', 'shop')?.status).toMatchObject({
      disruptionsAllowed: 0,
      currentHealthy: 1,
    });
    await evict('palette-system', 'agent-7d9f-x2k4q');
    expect(
      (await failure(core.readNamespacedPod({ name: 'agent-7d9f-x2k4q', namespace: 'palette-system' }))).code,
    ).toBe(404);
  });

  it('checks but stores nothing on a server-side dry run (dryRun=All)', async () => {
    const before = cluster.store.resourceVersion;
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'web-1', namespace: 'shop' },
    };
    await core.createNamespacedPodEviction({ name: 'web-1', namespace: 'shop', body, dryRun: 'All' });
    const cordoned = await core.patchNode(
      { name: SSM_NODE, body: { spec: { unschedulable: true } }, dryRun: 'All' },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(cordoned.spec?.unschedulable).toBe(true);
    await core.deleteNode({ name: IAMRA_NODE, dryRun: 'All' });
    expect(cluster.store.resourceVersion).toBe(before);
    expect(cluster.store.get('pods', 'web-1', 'shop')).toBeDefined();
    expect(cluster.store.get('nodes', SSM_NODE)?.spec.unschedulable).toBeUndefined();
  });

  it('lists and patches daemonsets and deployments, bumping generation on spec changes only', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const ds = await apps.listDaemonSetForAllNamespaces();
    expect(ds.items[0]?.status).toMatchObject({
      desiredNumberScheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
    });
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'agent',
        namespace: 'palette-system',
        body: {
          spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } },
          status: { readyReplicas: 9 },
        },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    expect(patched.metadata?.generation).toBe(2);
    expect(patched.spec?.template.spec?.containers[0]?.image).toBe('agent:2');
    // The main resource does not change status; controllers write it through /status.
    expect(patched.status).toMatchObject({ readyReplicas: 1, observedGeneration: 1 });
    const relabelled = await apps.patchNamespacedDaemonSet(
      { name: 'aws-node', namespace: 'kube-system', body: { metadata: { labels: { team: 'net' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(relabelled.metadata?.generation).toBe(1);
  });

  it('refuses missing, foreign-cluster and malformed tokens with 401 Unauthorized', async () => {
    for (const token of ['', await cluster.token('legacy'), 'k8s-aws-v1.not-a-url']) {
      const refused = await failure(kubeConfig(cluster, token).makeApiClient(CoreV1Api).listNode());
      expect(refused.code).toBe(401);
    }
  });

  it('injects throttling with Retry-After and server errors for the named operation only', async () => {
    faults.set('listNodes', { throttleRate: 1 });
    const throttled = await failure(core.listNode());
    expect(throttled.code).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect((await core.readNode({ name: SSM_NODE })).metadata?.name).toBe(SSM_NODE);
    faults.set('*', { errorRate: 1 });
    expect((await failure(core.readNode({ name: SSM_NODE }))).code).toBe(500);
  });
});
