import { gunzipSync } from 'node:zlib';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { helmUpgradeFromCommand } from '../../sim/helm/helm-cli';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { until as untilShared } from '../support/until';
import { eksToken, type Json } from './kube-reader';

const CHART = 'oci://public.ecr.aws/eks/cilium/cilium';
const hybridOnly = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }] },
      ],
    },
  },
};
const values = (over: Json = {}) => ({
  affinity: hybridOnly,
  ipam: {
    mode: 'cluster-pool',
    operator: { clusterPoolIPv4PodCIDRList: ['10.85.0.0/16'], clusterPoolIPv4MaskSize: 25 },
  },
  operator: {
    affinity: hybridOnly,
    replicas: 1,
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
  },
  ...over,
});

const cluster = (name: string, cilium: Json) => ({
  name,
  remoteNodeNetworks: ['10.80.0.0/16'],
  remotePodNetworks: ['10.85.0.0/16'],
  nodeGroups: [{ name: 'workers', desiredSize: 1 }],
  cilium,
});

let sim: RunningSimulator;
let now: Date;

beforeEach(async () => {
  now = new Date();
  sim = await startSimulator({
    port: 0,
    clock: { now: () => now },
    scenario: {
      clusters: [
        cluster('plain', { version: '1.17.6', owner: 'helm' }),
        cluster('gitops', { version: '1.17.6', owner: 'flux' }),
      ],
    },
  });
  for (const c of ['plain', 'gitops']) sim.control.addHybridNodes(c, { count: 2, sites: ['store-12'] });
});
afterEach(() => sim.close());

async function kube(name: string) {
  const { kubeEndpoint, caPem } = sim.clusters[name]!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name, server: kubeEndpoint, caData: Buffer.from(caPem).toString('base64') }],
    users: [{ name: 'ops', token: await eksToken(name) }],
    contexts: [{ name, cluster: name, user: 'ops' }],
    currentContext: name,
  });
  return {
    kc,
    apps: kc.makeApiClient(AppsV1Api),
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** What a team does in Git to move Flux to another chart version: the OCIRepository's tag. */
async function setChartTag(k: Awaited<ReturnType<typeof kube>>, tag: string): Promise<void> {
  await k.custom.patchNamespacedCustomObject({
    group: 'source.toolkit.fluxcd.io',
    version: 'v1',
    namespace: 'flux-system',
    plural: 'ocirepositories',
    name: 'cilium',
    body: [{ op: 'replace', path: '/spec/ref/tag', value: tag }],
  });
}

async function helm(name: string, body: Json): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.awsEndpoint}/_sim/clusters/${name}/helm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The value `read` gives once `ok` holds for it. */
const until = <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> =>
  untilShared(
    what,
    async () => {
      const v = await read();
      return ok(v) ? { v } : undefined;
    },
    { timeoutMs: 5000, intervalMs: 20 },
  ).then(({ v }) => v);

const readyOf = (o: Json) => (o.status?.conditions ?? []).find((c: Json) => c.type === 'Ready');

describe('helm upgrade --install of AWS’s Cilium chart', () => {
  it('renders the agent, the operator and cilium-config at the new version and with the values', async () => {
    sim.control.addHybridNodes('plain', { count: 3, sites: ['store-12'] });
    const k = await kube('plain');
    await until(
      () => k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' }),
      (d) => d.status?.numberReady === 5,
      'five agents',
    );
    const updatedCounts: number[] = [];
    const watch = await new Watch(k.kc).watch(
      '/apis/apps/v1/namespaces/kube-system/daemonsets',
      { fieldSelector: 'metadata.name=cilium' },
      (_type, ds: Json) => {
        if (ds.status?.observedGeneration === 2) updatedCounts.push(ds.status.updatedNumberScheduled);
      },
      () => {},
    );
    const reply = await helm('plain', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: CHART,
      version: '1.18.3-0',
      values: values(),
    });
    expect(reply).toMatchObject({
      status: 200,
      body: { release: 'cilium', revision: 2, status: 'deployed' },
    });

    const ds = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('public.ecr.aws/eks/cilium/cilium:v1.18.3-0');
    expect(ds.spec?.template.spec?.affinity?.nodeAffinity).toEqual(hybridOnly.nodeAffinity);
    const op = await k.apps.readNamespacedDeployment({ name: 'cilium-operator', namespace: 'kube-system' });
    expect(op.spec?.replicas).toBe(1);
    expect(op.spec?.template.spec?.containers[0]?.image).toBe(
      'public.ecr.aws/eks/cilium/operator-generic:v1.18.3-0',
    );
    expect(op.spec?.template.spec?.tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    const cm = await k.core.readNamespacedConfigMap({ name: 'cilium-config', namespace: 'kube-system' });
    expect(cm.data).toMatchObject({
      ipam: 'cluster-pool',
      'cluster-pool-ipv4-cidr': '10.85.0.0/16',
      'cluster-pool-ipv4-mask-size': '25',
    });

    // The agent rolls out on all five hybrid nodes, the chart's maxUnavailable of 2 at a time.
    const rolled = await until(
      () => k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' }),
      (d) =>
        d.status?.observedGeneration === d.metadata?.generation && d.status?.updatedNumberScheduled === 5,
      'the agent rollout',
    );
    expect(rolled.status).toMatchObject({ desiredNumberScheduled: 5, numberReady: 5 });
    await until(
      async () => updatedCounts,
      (c) => c.at(-1) === 5,
      'the last rollout event',
    );
    watch.abort();
    expect([...new Set(updatedCounts)]).toEqual([2, 4, 5]);
    const pods = await k.core.listNamespacedPod({
      namespace: 'kube-system',
      labelSelector: 'k8s-app=cilium',
    });
    expect(new Set(pods.items.map((p) => p.spec?.containers[0]?.image))).toEqual(
      new Set(['public.ecr.aws/eks/cilium/cilium:v1.18.3-0']),
    );

    // The release is stored as Helm stores it, and reads back.
    const secrets = await k.core.listNamespacedSecret({
      namespace: 'kube-system',
      labelSelector: 'owner=helm,name=cilium',
    });
    expect(secrets.items.map((s) => [s.metadata?.name, s.type, s.metadata?.labels?.status])).toEqual([
      ['sh.helm.release.v1.cilium.v1', 'helm.sh/release.v1', 'superseded'],
      ['sh.helm.release.v1.cilium.v2', 'helm.sh/release.v1', 'deployed'],
    ]);
    const list = await fetch(`${sim.awsEndpoint}/_sim/clusters/plain/helm`);
    expect(await list.json()).toEqual([
      expect.objectContaining({
        name: 'cilium',
        namespace: 'kube-system',
        revision: '2',
        status: 'deployed',
        chart: 'cilium-1.18.3-0',
      }),
    ]);
    const payload = Buffer.from(secrets.items[1]!.data!.release!, 'base64').toString();
    const release = JSON.parse(gunzipSync(Buffer.from(payload, 'base64')).toString());
    expect(release).toMatchObject({
      name: 'cilium',
      version: 2,
      chart: { metadata: { name: 'cilium', version: '1.18.3-0' } },
      config: values(),
      info: { status: 'deployed' },
    });
  });

  it('refuses values the chart’s schema rejects, and an unknown chart version, changing nothing', async () => {
    const k = await kube('plain');
    const before = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    const bad = await helm('plain', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: CHART,
      version: '1.18.3-0',
      values: values({ ipam: { mode: 5 }, operator: { replicas: 'two' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe(
      "values don't meet the specifications of the schema(s) in the following chart(s):\ncilium:\n" +
        '- ipam.mode: Invalid type. Expected: string, given: integer\n' +
        '- operator.replicas: Invalid type. Expected: integer, given: string\n',
    );
    const unknown = await helm('plain', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: CHART,
      version: '1.99.0-0',
      values: values(),
    });
    expect(unknown).toEqual({
      status: 400,
      body: {
        error:
          'failed to perform "FetchReference" on source: public.ecr.aws/eks/cilium/cilium:1.99.0-0: not found',
      },
    });
    const after = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    const secrets = await k.core.listNamespacedSecret({
      namespace: 'kube-system',
      labelSelector: 'owner=helm',
    });
    expect(secrets.items).toHaveLength(1);
  });
});

describe('the helm command line an operator runs', () => {
  const valuesYaml = `# Cilium 1.18.3-0 on plain: pass all of it on every upgrade.\n${stringify(values())}`;
  const read = (name: string) => (name === 'values.yaml' ? valuesYaml : undefined);

  it('takes the values file, then --set on top (typed as helm types them), and upgrades the release', async () => {
    const request = helmUpgradeFromCommand(
      `helm upgrade --install cilium ${CHART} --version 1.18.3-0 -n kube-system -f values.yaml --set upgradeCompatibility=1.17 --set operator.replicas=2,debug.enabled=true`,
      read,
    );
    expect(request).toEqual({
      release: 'cilium',
      chart: CHART,
      version: '1.18.3-0',
      namespace: 'kube-system',
      values: {
        ...values(),
        operator: { ...values().operator, replicas: 2 },
        upgradeCompatibility: '1.17',
        debug: { enabled: true },
      },
    });
    const reply = await helm('plain', request);
    expect(reply).toMatchObject({
      status: 200,
      body: { release: 'cilium', revision: 2, status: 'deployed' },
    });
    const k = await kube('plain');
    const op = await k.apps.readNamespacedDeployment({ name: 'cilium-operator', namespace: 'kube-system' });
    expect(op.spec?.replicas).toBe(2);
    expect(op.spec?.template.spec?.containers[0]?.image).toBe(
      'public.ecr.aws/eks/cilium/operator-generic:v1.18.3-0',
    );
  });

  it('refuses a values file that is not there, as helm does', () => {
    expect(() =>
      helmUpgradeFromCommand(`helm upgrade cilium ${CHART} --version 1.18.3-0 -f other.yaml`, read),
    ).toThrow('open other.yaml: no such file or directory');
  });
});

describe('Flux owns the release', () => {
  const hr = (k: Awaited<ReturnType<typeof kube>>) =>
    k.custom.getNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'kube-system',
      plural: 'helmreleases',
      name: 'cilium',
    }) as Promise<Json>;

  it('installs from the HelmRelease and upgrades when the OCIRepository tag moves', async () => {
    const k = await kube('gitops');
    const first = await hr(k);
    expect(readyOf(first)).toMatchObject({
      status: 'True',
      reason: 'InstallSucceeded',
      observedGeneration: 1,
    });
    expect(first.status.history[0]).toMatchObject({
      chartVersion: '1.17.6-0',
      version: 1,
      status: 'deployed',
    });

    await setChartTag(k, '1.17.8-0');
    const upgraded = await until(
      () => hr(k),
      (o) => readyOf(o)?.reason === 'UpgradeSucceeded',
      'the upgrade',
    );
    expect(readyOf(upgraded)).toMatchObject({
      status: 'True',
      message: 'Helm upgrade succeeded for release kube-system/cilium.v2 with chart cilium@1.17.8-0',
    });
    const ds = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('public.ecr.aws/eks/cilium/cilium:v1.17.8-0');
    expect(ds.metadata?.labels).toMatchObject({ 'helm.toolkit.fluxcd.io/name': 'cilium' });
  });

  it('reports a chart version that does not exist, and values the schema rejects', async () => {
    const k = await kube('gitops');
    await setChartTag(k, '1.99.0-0');
    const stuck = await until(
      () => hr(k),
      (o) => readyOf(o)?.status === 'False',
      'the failure',
    );
    expect(readyOf(stuck)).toMatchObject({
      reason: 'SourceNotReady',
      message: expect.stringContaining(
        "OCIRepository 'flux-system/cilium' is not ready: failed to determine artifact digest",
      ),
    });
    const ds = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('public.ecr.aws/eks/cilium/cilium:v1.17.6-0');

    await setChartTag(k, '1.17.6-0');
    await k.custom.patchNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'kube-system',
      plural: 'helmreleases',
      name: 'cilium',
      body: [{ op: 'replace', path: '/spec/values/ipam/mode', value: 5 }],
    });
    const rejected = await until(
      () => hr(k),
      (o) => readyOf(o)?.reason === 'UpgradeFailed',
      'the schema failure',
    );
    expect(readyOf(rejected)).toMatchObject({
      status: 'False',
      observedGeneration: 2,
      message: expect.stringContaining(
        "Helm upgrade failed for release kube-system/cilium with chart cilium@1.17.6-0: values don't meet the specifications",
      ),
    });
  });

  it('puts its release back after a direct helm upgrade, at the next interval on the simulator’s clock', async () => {
    const k = await kube('gitops');
    const direct = await helm('gitops', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: CHART,
      version: '1.18.3-0',
      values: values(),
    });
    expect(direct.status).toBe(200);
    const image = async () =>
      (await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' })).spec?.template.spec
        ?.containers[0]?.image;
    expect(await image()).toBe('public.ecr.aws/eks/cilium/cilium:v1.18.3-0');

    now = new Date(now.getTime() + 11 * 60_000);
    const reverted = await until(
      image,
      (i) => i === 'public.ecr.aws/eks/cilium/cilium:v1.17.6-0',
      'the revert',
    );
    expect(reverted).toBe('public.ecr.aws/eks/cilium/cilium:v1.17.6-0');
    expect(readyOf(await hr(k))).toMatchObject({
      reason: 'UpgradeSucceeded',
      message: 'Helm upgrade succeeded for release kube-system/cilium.v3 with chart cilium@1.17.6-0',
    });
  });
});

describe('flux reconcile', () => {
  it('reconciles at once when reconcile.fluxcd.io/requestedAt changes, without waiting for the interval', async () => {
    const k = await kube('gitops');
    await helm('gitops', {
      release: 'cilium',
      namespace: 'kube-system',
      chart: CHART,
      version: '1.18.3-0',
      values: values(),
    });
    await k.custom.patchNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'kube-system',
      plural: 'helmreleases',
      name: 'cilium',
      body: [
        {
          op: 'add',
          path: '/metadata/annotations',
          value: { 'reconcile.fluxcd.io/requestedAt': '2026-11-30T20:00:00Z' },
        },
      ],
    });
    const hr = await until(
      () =>
        k.custom.getNamespacedCustomObject({
          group: 'helm.toolkit.fluxcd.io',
          version: 'v2',
          namespace: 'kube-system',
          plural: 'helmreleases',
          name: 'cilium',
        }) as Promise<Json>,
      (o) => o.status?.lastHandledReconcileAt === '2026-11-30T20:00:00Z',
      'the requested reconcile',
    );
    expect(readyOf(hr)).toMatchObject({ reason: 'UpgradeSucceeded' });
    const ds = await k.apps.readNamespacedDaemonSet({ name: 'cilium', namespace: 'kube-system' });
    expect(ds.spec?.template.spec?.containers[0]?.image).toBe('public.ecr.aws/eks/cilium/cilium:v1.17.6-0');
  });
});

describe('the demo scenario', () => {
  it('has demo’s Cilium as a Helm release, gitops’s owned by Flux, and none in legacy', async () => {
    await sim.close();
    sim = await startSimulator({ port: 0 });
    const demo = await kube('demo');
    const [release] = (
      await demo.core.listNamespacedSecret({
        namespace: 'kube-system',
        labelSelector: 'owner=helm,name=cilium',
      })
    ).items;
    const payload = Buffer.from(release!.data!.release!, 'base64').toString();
    const stored = JSON.parse(gunzipSync(Buffer.from(payload, 'base64')).toString());
    expect(stored.chart.metadata.version).toBe('1.17.6-0');
    expect(stored.config.ipam.operator.clusterPoolIPv4PodCIDRList).toEqual(['10.85.0.0/16']);

    const gitops = await kube('gitops');
    const hr: Json = await gitops.custom.getNamespacedCustomObject({
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      namespace: 'kube-system',
      plural: 'helmreleases',
      name: 'cilium',
    });
    expect(hr.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'cilium', namespace: 'flux-system' });
    expect(readyOf(hr)).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    const cm = await gitops.core.readNamespacedConfigMap({ name: 'cilium-config', namespace: 'kube-system' });
    expect(cm.data?.['cluster-pool-ipv4-cidr']).toBe('10.86.0.0/16');

    const legacy = await kube('legacy');
    const ds = await legacy.apps.listNamespacedDaemonSet({ namespace: 'kube-system' });
    expect(ds.items.map((d) => d.metadata?.name)).toEqual(['aws-node']);
  });
});
