import { deregistrationFeature } from '../../../jobs/hosts/deregistration-steps';
import { awaitReadyAgain, cordonNode } from '../../../jobs/nodes/node-lifecycle-steps';
import { poolCreateFeature } from '../../../jobs/pools/pool-join-steps';
import { poolRemoveFeature } from '../../../jobs/pools/pool-leave-steps';
import { poolUpgradeFeature } from '../../../jobs/rollouts/rollout-steps';
import type { KubeNode } from '../../../src/cloud-ports';

// Journals in Redis name their steps' actions by these strings: a rename must keep the old name.
const JOINING = [
  'nodeadm-install',
  'write-node-config',
  'nodeadm-init',
  'host-instructions',
  'await-node-ready',
  'ensure-node-labels',
];
const POOL_LEAVING = [
  'pool-cordon',
  'pool-drain',
  'pool-nodeadm-uninstall',
  'pool-await-uninstall',
  'pool-delete-node',
];
const ROLLOUT = [
  'rollout-start',
  'rollout-drain',
  'rollout-nodeadm-upgrade',
  'rollout-nodeadm-init',
  'rollout-await-ready',
  'rollout-uncordon',
  'rollout-record-profile',
  'rollout-reimage',
];

describe('the node-step library under the names journals hold', () => {
  it('runs every action a pool, a rollout, a cutover, a re-image or a deregistration has journaled', () => {
    expect(Object.keys(poolCreateFeature.executors)).toEqual(
      expect.arrayContaining(['record-pool-member', 'coredns-on-hybrid', ...JOINING]),
    );
    expect(Object.keys(poolRemoveFeature.executors)).toEqual(
      expect.arrayContaining([...POOL_LEAVING, 'pool-release-host', 'pool-delete']),
    );
    expect(Object.keys(poolUpgradeFeature.executors)).toEqual(
      expect.arrayContaining([...ROLLOUT, ...JOINING, ...POOL_LEAVING]),
    );
    expect(Object.keys(deregistrationFeature.executors)).toEqual(
      expect.arrayContaining(['cordon', 'drain', 'nodeadm-uninstall', 'await-host-uninstall', 'delete-node']),
    );
  });

  it('stops a step whose stored input it cannot read, naming the step, before touching the node', async () => {
    const node: KubeNode = {
      name: 'mi-1',
      labels: {},
      ready: true,
      kubeletVersion: 'v1.31.4-eks-1',
      capacity: { cpu: '4', memory: '16Gi' },
      unschedulable: false,
      taints: [],
      annotations: {},
    };
    const cordoned: string[] = [];
    const kube = {
      getNode: async () => node,
      setUnschedulable: async (name: string) => void cordoned.push(name),
    };
    const ctx = {
      deps: {
        config: { clusters: [{ name: 'demo', region: 'us-west-2' }] },
        cloud: { forCluster: () => ({ kube }) },
      },
      plan: { cluster: 'demo' },
      step: { key: 'edge-1.cordon', input: { host: 'edge-1', nodeName: 42 } },
    };
    await expect(cordonNode.run(ctx as never)).rejects.toThrow(
      /^Step edge-1\.cordon has an input this bot cannot read \(nodeName: /,
    );
    expect(cordoned).toEqual([]);
    await expect(
      cordonNode.run({ ...ctx, step: { key: 'edge-1.cordon', input: { nodeName: 'mi-1' } } } as never),
    ).resolves.toBe('cordoned');
    expect(cordoned).toEqual(['mi-1']);
  });

  it('after a reboot, waits past a Ready its kubelet posted before it went down: only a new boot counts', async () => {
    const node: KubeNode = {
      name: 'mi-1',
      labels: {},
      ready: true,
      kubeletVersion: 'v1.31.4-eks-1',
      capacity: { cpu: '4', memory: '16Gi' },
      unschedulable: true,
      taints: [],
      annotations: {},
      bootId: 'boot-before',
    };
    const ctx = {
      deps: {
        config: {
          clusters: [{ name: 'demo', region: 'us-west-2' }],
          pools: { joinMinutes: 20, pollMinMs: 100, pollMaxMs: 1000 },
        },
        cloud: { forCluster: () => ({ kube: { getNode: async () => node } }) },
        clock: { now: () => 1_000 },
      },
      plan: { cluster: 'demo' },
      step: {
        key: 'ready',
        startedAt: 0,
        input: { host: 'edge-1', nodeName: 'mi-1', bootIdBefore: 'boot-before' },
      },
    };
    await expect(awaitReadyAgain.run(ctx as never)).rejects.toThrow(
      'node mi-1 has not reported since the reboot',
    );
    node.bootId = 'boot-after';
    await expect(awaitReadyAgain.run(ctx as never)).resolves.toBe('node mi-1 Ready');
  });
});
