import { CreateActivationCommand } from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { kubeGet } from './kube-reader';
import { awsClients, ssmNodeConfig } from './sim-helpers';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
});
afterEach(() => sim.close());

async function nodeConfig(host: string, labels: string): Promise<string> {
  const activation = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: host }),
  );
  return ssmNodeConfig({
    activationId: activation.ActivationId!,
    activationCode: activation.ActivationCode!,
    flags: [`--node-labels=${labels}`],
  });
}

it('registers the node with the labels of --node-labels, as kubelet does', async () => {
  const config = await nodeConfig(
    'store12-edge-01',
    'hybrid-bot/site=store-12,topology.kubernetes.io/zone=z1',
  );
  const { nodeName } = sim.control.bootstrapHost('store12-edge-01', {
    nodeConfig: config,
    kubernetesVersion: '1.31',
  });
  const node = await kubeGet(sim, 'demo', `/api/v1/nodes/${nodeName}`);
  expect(node.metadata.labels).toMatchObject({
    'hybrid-bot/site': 'store-12',
    'topology.kubernetes.io/zone': 'z1',
    'eks.amazonaws.com/compute-type': 'hybrid',
  });
});

it('never registers a node whose --node-labels kubelet may not set on itself', async () => {
  for (const label of ['node-role.kubernetes.io/edge=true', 'node-restriction.kubernetes.io/site=s1']) {
    const host = label.startsWith('node-role') ? 'store12-edge-02' : 'store12-edge-03';
    const config = await nodeConfig(host, `hybrid-bot/site=store-12,${label}`);
    expect(() => sim.control.bootstrapHost(host, { nodeConfig: config, kubernetesVersion: '1.31' })).toThrow(
      /unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels/,
    );
    const hybrid = sim.control.state().nodes.filter((n) => n.computeType === 'hybrid');
    expect(hybrid).toEqual([]);
  }
});
