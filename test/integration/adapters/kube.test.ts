import type { ScenarioInput } from '../../../sim';
import { blockingBudgets, selects } from '../../../src/domain/disruption-budgets';
import { ErrorCode } from '../../../src/errors';
import { botError, DEMO, demoScenario, startAdapters } from './harness';

const COMPUTE_TYPE = 'eks.amazonaws.com/compute-type';

/** The demo scenario plus two cloud applications, one whose budget allows no disruption. */
function scenarioWithApps(): ScenarioInput {
  const base = demoScenario();
  const clusters = (base.clusters ?? []).map((c) =>
    c.name === 'demo'
      ? {
          ...c,
          apps: [
            {
              name: 'ledger',
              namespace: 'shop',
              replicas: 2,
              placement: 'cloud' as const,
              maxUnavailable: 0,
            },
            {
              name: 'catalog',
              namespace: 'shop',
              replicas: 2,
              placement: 'cloud' as const,
              maxUnavailable: 1,
            },
          ],
        }
      : c,
  );
  return { ...base, clusters };
}

describe('the Kubernetes adapter against the simulated EKS API', () => {
  let env: Awaited<ReturnType<typeof startAdapters>>;
  beforeAll(async () => {
    env = await startAdapters({ scenario: scenarioWithApps() });
    env.sim.control.addHybridNodes('demo', { count: 3, sites: ['store-12'] });
  });
  afterAll(() => env.close());
  const kube = () => env.clients.forCluster(DEMO).kube;

  it('lists nodes with the labels, readiness, kubelet version and capacity the checks read', async () => {
    const nodes = await kube().listNodes();
    const cloud = nodes.filter((n) => n.labels[COMPUTE_TYPE] !== 'hybrid');
    expect(cloud).toHaveLength(1);
    expect(cloud[0]).toMatchObject({
      ready: true,
      unschedulable: false,
      kubeletVersion: expect.stringMatching(/^v1\.31\./),
      labels: expect.objectContaining({
        'node.kubernetes.io/instance-type': 't3.xlarge',
        'eks.amazonaws.com/nodegroup': 'agents',
      }),
      capacity: { cpu: '4', memory: expect.stringMatching(/Ki$/), ephemeralStorage: expect.any(String) },
      internalIp: expect.stringMatching(/^10\.0\./),
      readyChangedAt: expect.any(Number),
    });
    const hybrid = await kube().listNodes(`${COMPUTE_TYPE}=hybrid`);
    expect(hybrid).toHaveLength(3);
    expect(hybrid.every((n) => n.name.startsWith('mi-') && n.providerId?.startsWith('eks-hybrid:///'))).toBe(
      true,
    );
  });

  it('labels, cordons, uncordons and deletes a node; a missing node reads as undefined', async () => {
    const [node] = await kube().listNodes(`${COMPUTE_TYPE}=hybrid`);
    const name = node?.name as string;
    const labelled = await kube().patchNodeLabels(name, { 'hybrid-bot/pool': 'tills' });
    expect(labelled.labels['hybrid-bot/pool']).toBe('tills');
    const unlabelled = await kube().patchNodeLabels(name, { 'hybrid-bot/pool': null });
    expect(unlabelled.labels).not.toHaveProperty('hybrid-bot/pool');
    expect((await kube().setUnschedulable(name, true)).unschedulable).toBe(true);
    expect((await kube().getNode(name))?.unschedulable).toBe(true);
    expect((await kube().setUnschedulable(name, false)).unschedulable).toBe(false);

    await kube().deleteNode(name);
    await kube().deleteNode(name);
    expect(await kube().getNode(name)).toBeUndefined();
    const missing = await botError(kube().patchNodeLabels(name, { a: 'b' }));
    expect(missing.code).toBe(ErrorCode.NotFound);
    expect(missing.userMessage).toContain(`Labelling node ${name} of cluster demo failed`);
  });

  it('lists pods by namespace, label and node', async () => {
    const agents = await kube().listPods({ namespace: 'management-agent' });
    expect(agents).toHaveLength(1);
    const agent = agents[0];
    expect(agent).toMatchObject({
      phase: 'Running',
      ready: true,
      mirror: false,
      namespace: 'management-agent',
    });
    const onNode = await kube().listPods({ nodeName: agent?.nodeName });
    expect(onNode.map((p) => p.name)).toContain(agent?.name);
    const ledger = await kube().listPods({ labelSelector: 'app.kubernetes.io/name=ledger' });
    expect(ledger).toHaveLength(2);
    expect(ledger.every((p) => p.namespace === 'shop' && p.owner?.kind === 'ReplicaSet')).toBe(true);
  });

  it('reads DaemonSets and Deployments with their affinity and rollout status', async () => {
    const daemonSets = await kube().listDaemonSets('kube-system');
    const awsNode = daemonSets.find((d) => d.name === 'aws-node');
    expect(awsNode?.requiredNodeSelectorTerms?.[0]?.matchExpressions).toContainEqual({
      key: COMPUTE_TYPE,
      operator: 'NotIn',
      values: expect.arrayContaining(['hybrid']),
    });
    const cilium = daemonSets.find((d) => d.name === 'cilium');
    expect(cilium?.requiredNodeSelectorTerms?.[0]?.matchExpressions).toContainEqual({
      key: COMPUTE_TYPE,
      operator: 'In',
      values: ['hybrid'],
    });
    const hybridNodes = (await kube().listNodes(`${COMPUTE_TYPE}=hybrid`)).length;
    expect(hybridNodes).toBeGreaterThan(0);
    expect(cilium).toMatchObject({ desired: hybridNodes, ready: hybridNodes, rolloutComplete: true });
    const [agent] = await kube().listDeployments('management-agent');
    expect(agent).toMatchObject({
      kind: 'Deployment',
      name: 'management-agent',
      desired: 1,
      ready: 1,
      rolloutComplete: true,
    });
    expect((await kube().listDeployments()).map((d) => d.name)).toEqual(
      expect.arrayContaining(['ledger', 'catalog']),
    );
  });

  it('evicts a pod its budget allows to go, and reports one a PodDisruptionBudget protects', async () => {
    const [ledger] = await kube().listPods({ labelSelector: 'app.kubernetes.io/name=ledger' });
    expect(await kube().evictPod('shop', ledger?.name as string)).toBe('blocked-by-pdb');
    const [catalog] = await kube().listPods({ labelSelector: 'app.kubernetes.io/name=catalog' });
    expect(await kube().evictPod('shop', catalog?.name as string)).toBe('evicted');
    expect(await kube().evictPod('shop', catalog?.name as string)).toBe('evicted');
  });

  it("lists PodDisruptionBudgets with their selectors, and the ledger's blocks a drain of its pod", async () => {
    const budgets = await kube().listDisruptionBudgets();
    const ledgerPods = await kube().listPods({ labelSelector: 'app.kubernetes.io/name=ledger' });
    const ledger = budgets.find((b) => b.namespace === 'shop' && selects(b, ledgerPods[0]?.labels ?? {}));
    expect(ledger?.disruptionsAllowed).toBe(0);
    expect(blockingBudgets(budgets, ledgerPods)).toEqual([
      `shop/${ledger?.name} (${ledgerPods.map((p) => p.name).join(', ')})`,
    ]);
  });

  it('maps API throttling and failures to retryable errors, apart from budget refusals', async () => {
    env.sim.control.setFault({ service: 'kubernetes', operation: 'listNodes', throttleRate: 1 });
    const throttled = await botError(kube().listNodes());
    expect(throttled).toMatchObject({ code: ErrorCode.Throttled, retryable: true });
    env.sim.control.setFault({ service: 'kubernetes', operation: 'createEviction', throttleRate: 1 });
    const [catalog] = await kube().listPods({ labelSelector: 'app.kubernetes.io/name=catalog' });
    const busy = await botError(kube().evictPod('shop', catalog?.name as string));
    expect(busy).toMatchObject({ code: ErrorCode.Throttled, retryable: true });
    env.sim.control.setFault({ service: 'kubernetes', operation: 'listPods', errorRate: 1 });
    const failed = await botError(kube().listPods());
    expect(failed).toMatchObject({ code: ErrorCode.Unavailable, retryable: true });
    expect(failed.userMessage).toContain('Listing pods of cluster demo failed');
    env.sim.control.clearFaults();
  });

  it('reads every page of a large node list (the client asks 500 at a time)', async () => {
    const before = (await kube().listNodes()).length;
    env.sim.control.addHybridNodes('demo', { count: 600, sites: ['plant-3'] });
    const after = await kube().listNodes();
    expect(after).toHaveLength(before + 600);
    expect(new Set(after.map((n) => n.name)).size).toBe(after.length);
  });
});
