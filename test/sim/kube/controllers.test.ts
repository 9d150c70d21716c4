import { type KubeControllers, startKubeControllers } from '../../../sim/kube/controllers';
import type { KubeStore } from '../../../sim/kube/store';
import type { KubeObject } from '../../../sim/kube/types';
import { CLOUD_NODE, IAMRA_NODE, SSM_NODE, seededStore } from './demo-cluster';

/** aws-node's default affinity (amazon-vpc-cni-k8s chart values) and Cilium's hybrid-only affinity. */
const awsNodeAffinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] },
            {
              key: 'eks.amazonaws.com/compute-type',
              operator: 'NotIn',
              values: ['fargate', 'hybrid', 'auto'],
            },
          ],
        },
      ],
    },
  },
};
const ciliumAffinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'eks.amazonaws.com/compute-type', operator: 'In', values: ['hybrid'] }] },
      ],
    },
  },
};

function daemonSet(name: string, affinity: unknown, tolerations: unknown[] = []): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { 'k8s-app': name } },
      template: { spec: { affinity, tolerations, containers: [{ name, image: `${name}:1` }] } },
    },
  };
}

describe('the simulated controllers', () => {
  let store: KubeStore;
  let controllers: KubeControllers;
  beforeEach(() => {
    store = seededStore();
    store.delete('daemonsets', 'aws-node', 'kube-system');
    store.create('daemonsets', daemonSet('aws-node', awsNodeAffinity, [{ operator: 'Exists' }]));
    store.create('daemonsets', daemonSet('cilium', ciliumAffinity));
    controllers = startKubeControllers(store, { rolloutStepMs: 60_000 });
  });
  afterEach(() => controllers.stop());

  const ds = (name: string) => store.get('daemonsets', name, 'kube-system')!.status;

  it('schedules aws-node on cloud workers only and Cilium on hybrid nodes only', () => {
    expect(ds('aws-node')).toMatchObject({
      desiredNumberScheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
    });
    expect(ds('cilium')).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 1 });
  });

  it('follows nodes: a NotReady node lowers numberReady, an untolerated taint removes a node', async () => {
    store.update('nodes', SSM_NODE, undefined, (n) => {
      n.status.conditions = [{ type: 'Ready', status: 'False' }];
    });
    store.update('nodes', IAMRA_NODE, undefined, (n) => {
      n.spec.taints = [{ key: 'maintenance', effect: 'NoSchedule' }];
    });
    await new Promise((r) => setImmediate(r));
    expect(ds('cilium')).toMatchObject({ desiredNumberScheduled: 1, numberReady: 0, numberUnavailable: 1 });
    store.update('nodes', CLOUD_NODE, undefined, (n) => {
      n.spec.taints = [{ key: 'maintenance', effect: 'NoSchedule' }];
    });
    await new Promise((r) => setImmediate(r));
    // aws-node tolerates every taint (operator: Exists).
    expect(ds('aws-node')).toMatchObject({ desiredNumberScheduled: 1 });
  });

  it('rolls a new DaemonSet template out one node per step', () => {
    store.update('daemonsets', 'cilium', 'kube-system', (d) => {
      d.spec.template.spec.containers[0].image = 'cilium:2';
    });
    controllers.step();
    expect(ds('cilium')).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 1, numberReady: 1 });
    controllers.step();
    expect(ds('cilium')).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 2, numberReady: 2 });
  });

  it('rolls a Deployment out and reports it as kubectl rollout status reads it', () => {
    store.update('deployments', 'agent', 'palette-system', (d) => {
      d.spec.template.spec.containers[0].image = 'agent:2';
    });
    controllers.step();
    const rolled = store.get('deployments', 'agent', 'palette-system')!;
    expect(rolled.metadata.generation).toBe(2);
    expect(rolled.status).toMatchObject({
      observedGeneration: 2,
      replicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
    });
    expect(rolled.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }),
    );
  });

  it('counts ready replicas from the pods a Deployment selects, once pods are modelled', async () => {
    store.delete('pods', 'agent-7d9f-x2k4q', 'palette-system');
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'agent-7d9f-p8w2z', namespace: 'palette-system', labels: { app: 'agent' } },
      spec: { nodeName: CLOUD_NODE },
      status: { phase: 'Pending' },
    });
    await new Promise((r) => setImmediate(r));
    expect(store.get('deployments', 'agent', 'palette-system')!.status).toMatchObject({
      readyReplicas: 0,
      unavailableReplicas: 1,
    });
  });

  it('keeps PodDisruptionBudget status current as pods come and go', async () => {
    expect(store.get('poddisruptionbudgets', 'web', 'shop')!.status).toMatchObject({
      expectedPods: 2,
      currentHealthy: 2,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
    });
    store.delete('pods', 'web-1', 'shop');
    await new Promise((r) => setImmediate(r));
    expect(store.get('poddisruptionbudgets', 'web', 'shop')!.status).toMatchObject({ disruptionsAllowed: 0 });
  });
});
