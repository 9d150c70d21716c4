import { StepWaiting } from '../../../jobs/changes/change-feature';
import { placeCoreDns } from '../../../jobs/pools/coredns-step';
import type { AddonDetails, KubeNode, KubePod } from '../../../src/cloud-ports';
import type { PoolCreatePlan } from '../../../src/domain/pools/pool-create-plan';

const hybridNode = (name: string): KubeNode => ({
  name,
  labels: { 'eks.amazonaws.com/compute-type': 'hybrid' },
  ready: true,
  kubeletVersion: 'v1.31.4-eks-1',
  capacity: { cpu: '4', memory: '16Gi' },
  unschedulable: false,
  taints: [],
  annotations: {},
});

const pod = (name: string, nodeName: string, ready = true): KubePod => ({
  name,
  namespace: 'kube-system',
  nodeName,
  phase: 'Running',
  ready,
  labels: { 'k8s-app': 'kube-dns' },
  owner: { kind: 'ReplicaSet', name: 'coredns-5d8f' },
  mirror: false,
});

/** EKS and the cluster as the step sees them; UpdateAddon is counted and may be made to fail. */
function world(values = '{"corefile":".:53 {}"}') {
  const w = {
    addon: { name: 'coredns', status: 'ACTIVE', configurationValues: values } as AddonDetails | undefined,
    pods: [pod('coredns-a', 'ip-10-0-0-10'), pod('coredns-b', 'ip-10-0-0-10')],
    nodes: [hybridNode('mi-1'), hybridNode('mi-2')],
    updates: [] as string[],
    busy: false,
  };
  const eks = {
    describeAddon: async () => (w.addon ? structuredClone(w.addon) : undefined),
    updateAddonConfiguration: async (_c: string, _a: string, v: string) => {
      // Another update got in between the step's look and its call.
      if (w.busy) return 'busy' as const;
      w.updates.push(v);
      w.addon = { ...w.addon!, status: 'UPDATING', configurationValues: v };
      return 'sent' as const;
    },
  };
  const kube = {
    listNodes: async () => w.nodes,
    listPods: async () => w.pods,
  };
  return { w, eks, kube };
}

const now = 1_796_000_000_000;
function ctx(clients: ReturnType<typeof world>, startedAt = now) {
  return {
    deps: {
      config: {
        clusters: [{ name: 'demo', region: 'us-west-2' }],
        pools: { pollMinMs: 1000, pollMaxMs: 15000 },
      },
      cloud: { forCluster: () => clients },
      clock: { now: () => now },
    },
    change: { id: '1' },
    plan: { cluster: 'demo' } as PoolCreatePlan,
    step: {
      key: 'coredns.replicas',
      startedAt,
      input: { wantedOnHybrid: 2, fromReplicas: 2, replicaCount: 4 },
    },
  } as never;
}

const outcome = async (c: never) => {
  try {
    return { done: await placeCoreDns.run(c) };
  } catch (e) {
    if (e instanceof StepWaiting) return { waiting: e.progress };
    throw e;
  }
};

describe('the CoreDNS step of a pool change', () => {
  it('sends UpdateAddon once, keeping the other values, and waits; a worker dying after it sends nothing again', async () => {
    const c = world();
    expect(await outcome(ctx(c))).toEqual({
      waiting:
        'replicaCount 2 → 4 sent (UpdateAddon); 0 of 2 CoreDNS replicas Running and Ready on hybrid nodes',
    });
    expect(c.w.updates).toEqual(['{"corefile":".:53 {}","replicaCount":4}']);
    // The same step again, as after a kill -9 before the journal recorded it: the add-on is updating.
    expect((await outcome(ctx(c))).waiting).toContain('coredns add-on UPDATING');
    c.w.addon!.status = 'ACTIVE';
    expect((await outcome(ctx(c))).waiting).toContain('replicaCount 4 set');
    expect(c.w.updates).toHaveLength(1);
  });

  it('waits, not pauses, when another update of the add-on got in first, and sends its own once it is ACTIVE', async () => {
    const c = world();
    c.w.busy = true;
    expect((await outcome(ctx(c))).waiting).toBe(
      'coredns add-on busy with another update: replicaCount 4 is sent once it is ACTIVE; 0 of 2 CoreDNS replicas Running and Ready on hybrid nodes',
    );
    expect(c.w.updates).toEqual([]);
    c.w.busy = false;
    expect((await outcome(ctx(c))).waiting).toContain('replicaCount 2 → 4 sent');
    expect(c.w.updates).toHaveLength(1);
  });

  it('is done when the replicas run Ready on hybrid nodes, whoever put them there', async () => {
    const c = world();
    c.w.pods.push(pod('coredns-c', 'mi-1'), pod('coredns-d', 'mi-2'));
    expect(await outcome(ctx(c))).toEqual({
      done: '2 CoreDNS replicas Running and Ready on hybrid nodes (mi-1, mi-2)',
    });
    expect(c.w.updates).toEqual([]);
  });

  it('does not count a replica that is not Ready yet', async () => {
    const c = world('replicaCount: 4\n');
    c.w.pods.push(pod('coredns-c', 'mi-1'), pod('coredns-d', 'mi-2', false));
    expect((await outcome(ctx(c))).waiting).toContain('1 of 2 CoreDNS replicas Running and Ready');
    expect(c.w.updates).toEqual([]);
  });

  it('pauses the change with where to look once it has waited too long', async () => {
    const c = world('{"replicaCount": 4}');
    await expect(placeCoreDns.run(ctx(c, now - 11 * 60_000))).rejects.toMatchObject({
      message: expect.stringContaining('kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide'),
      retryable: false,
    });
  });

  it('pauses when the add-on is gone or failed, without touching it', async () => {
    const gone = world();
    gone.w.addon = undefined;
    await expect(placeCoreDns.run(ctx(gone))).rejects.toThrow('coredns add-on is gone');
    const failed = world();
    failed.w.addon!.status = 'UPDATE_FAILED';
    await expect(placeCoreDns.run(ctx(failed))).rejects.toThrow('coredns add-on is UPDATE_FAILED');
    const unreadable = world('- not a map');
    await expect(placeCoreDns.run(ctx(unreadable))).rejects.toThrow('no longer a JSON or YAML map');
    expect([...gone.w.updates, ...failed.w.updates, ...unreadable.w.updates]).toEqual([]);
  });
});
