import { readFileSync } from 'node:fs';
import {
  CreateActivationCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  ListTagsForResourceCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { parse } from 'yaml';
import { type RunningSimulator, type ScenarioInput, startSimulator } from '../../sim/index';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import { kubeGet, kubeRequest } from './kube-reader';
import { awsClients, joinScript, ssmNodeConfig, waitForInvocation } from './sim-helpers';

const demoWith = (extra: Partial<ScenarioInput>): ScenarioInput => ({
  ...(parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput),
  ...extra,
});

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
});
afterEach(() => sim.close());

/** Issues an activation and has the operator bootstrap the host with it, as the bot's users do. */
async function register(host: string, iamRole = 'HybridNodesRole') {
  const activation = await clients.ssm.send(
    new CreateActivationCommand({
      IamRole: iamRole,
      DefaultInstanceName: host,
      Tags: [{ Key: 'hybrid-bot/host', Value: host }],
    }),
  );
  const { managedInstanceId } = sim.control.bootstrapHost(host, {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
  });
  return {
    activationId: activation.ActivationId!,
    activationCode: activation.ActivationCode!,
    instanceId: managedInstanceId!,
  };
}

async function runOn(instanceId: string, commands: string[]) {
  const sent = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands },
    }),
  );
  expect(sent.Command?.Status).toBe('Pending');
  return waitForInvocation(clients.ssm, sent.Command!.CommandId!, instanceId);
}

function node(name: string, cluster = 'demo') {
  return sim.control.state().nodes.find((n) => n.cluster === cluster && n.name === name);
}

it('turns a bootstrapped host into an Online managed instance named and tagged from its activation', async () => {
  const { activationId, instanceId } = await register('store12-edge-01');
  expect(instanceId).toMatch(/^mi-[0-9a-f]{17}$/);
  const { InstanceInformationList } = await clients.ssm.send(
    new DescribeInstanceInformationCommand({ Filters: [{ Key: 'ActivationIds', Values: [activationId] }] }),
  );
  expect(InstanceInformationList).toEqual([
    expect.objectContaining({
      InstanceId: instanceId,
      PingStatus: 'Online',
      Name: 'store12-edge-01',
      IPAddress: '10.80.1.11',
      ResourceType: 'ManagedInstance',
      IamRole: 'HybridNodesRole',
    }),
  ]);
  const tags = await clients.ssm.send(
    new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: instanceId }),
  );
  expect(tags.TagList).toEqual([{ Key: 'hybrid-bot/host', Value: 'store12-edge-01' }]);
  const { ActivationList } = await clients.ssm.send(
    new DescribeActivationsCommand({
      Filters: [{ FilterKey: 'ActivationIds', FilterValues: [activationId] }],
    }),
  );
  expect(ActivationList?.[0]?.RegistrationsCount).toBe(1);
});

it('refuses a second registration with a used-up activation, as the SSM agent reports it', async () => {
  const { activationId, activationCode } = await register('store12-edge-01');
  expect(() => sim.control.bootstrapHost('store12-edge-02', { activationId, activationCode })).toThrow(
    /InvalidActivation/,
  );
});

it('joins the host as a Ready hybrid node through SendCommand running nodeadm install and init', async () => {
  const { activationId, activationCode, instanceId } = await register('store12-edge-01');
  const config = ssmNodeConfig({
    activationId,
    activationCode,
    flags: ['--node-labels=example.com/site=store-12'],
  });
  const result = await runOn(instanceId, joinScript('1.31', config));
  expect(result).toMatchObject({ Status: 'Success', ResponseCode: 0 });
  expect(node(instanceId)).toMatchObject({
    ready: true,
    computeType: 'hybrid',
    kubeletVersion: expect.stringMatching(/^v1\.31\./),
  });
  const listed = await clients.ssm.send(
    new ListCommandInvocationsCommand({ InstanceId: instanceId, Details: true }),
  );
  expect(listed.CommandInvocations?.[0]?.CommandPlugins?.[0]).toMatchObject({
    Name: 'aws:runShellScript',
    Status: 'Success',
  });

  const upgradeScript = [
    "cat > /tmp/nodeConfig.yaml <<'EOF'",
    config,
    'EOF',
    'nodeadm upgrade 1.30 -c file:///tmp/nodeConfig.yaml',
  ];
  // nodeadm refuses to upgrade or uninstall a node that is still schedulable.
  const refused = await runOn(instanceId, upgradeScript);
  expect(refused.Status).toBe('Failed');
  expect(refused.StandardErrorContent).toContain(`node ${instanceId} is not cordoned`);
  expect(node(instanceId)?.kubeletVersion).toMatch(/^v1\.31\./);
  const current = await kubeGet(sim, 'demo', `/api/v1/nodes/${instanceId}`);
  await kubeRequest(sim, 'demo', 'PUT', `/api/v1/nodes/${instanceId}`, {
    ...current,
    spec: { ...current.spec, unschedulable: true },
  });
  const stillCordonedOnly = await runOn(instanceId, upgradeScript);
  expect(stillCordonedOnly.StandardErrorContent).toMatch(
    /is not drained: pods still running: kube-system\/cilium-operator-/,
  );
  const pods = await kubeGet(sim, 'demo', `/api/v1/pods?fieldSelector=spec.nodeName%3D${instanceId}`);
  for (const p of pods.items) {
    if (p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet') continue;
    await kubeRequest(
      sim,
      'demo',
      'DELETE',
      `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
    );
  }

  const upgrade = await runOn(instanceId, upgradeScript);
  expect(upgrade.Status).toBe('Success');
  expect(node(instanceId)?.kubeletVersion).toMatch(/^v1\.30\./);

  const uninstall = await runOn(instanceId, ['nodeadm uninstall']);
  expect(uninstall.Status).toBe('Success');
  expect(node(instanceId)).toMatchObject({ ready: false });
  expect(sim.control.state().managedInstances.map((i) => i.instanceId)).not.toContain(instanceId);
});

it('fails the command with nodeadm’s error when the host IP is outside the remote node networks', async () => {
  const { activationId, activationCode, instanceId } = await register('plant3-edge-04');
  const result = await runOn(instanceId, joinScript('1.31', ssmNodeConfig({ activationId, activationCode })));
  expect(result.Status).toBe('Failed');
  expect(result.ResponseCode).not.toBe(0);
  expect(result.StandardErrorContent).toContain(
    'node IP 192.168.50.10 is not in any of the remote network CIDR blocks: [10.80.0.0/16]',
  );
  expect(node(instanceId)).toBeUndefined();
});

it.each([
  [
    'a NodeConfig without the region',
    (c: string) => c.replace(/ {4}region: .*\n/, ''),
    'Region is missing in cluster configuration',
  ],
  [
    'a short activation code',
    (c: string) => c.replace(/activationCode: ".*"/, 'activationCode: "short"'),
    'invalid ActivationCode format',
  ],
  [
    'a --hostname-override flag',
    (c: string) => `${c}\n  kubelet:\n    flags:\n      - --hostname-override=edge`,
    'hostname-override kubelet flag is not supported',
  ],
  ['the wrong kind', (c: string) => c.replace('kind: NodeConfig', 'kind: KubeletConfig'), 'wrong Kind'],
])('fails the command for %s', async (_label, mutate, error) => {
  const { activationId, activationCode, instanceId } = await register('store12-edge-01');
  const result = await runOn(
    instanceId,
    joinScript('1.31', mutate(ssmNodeConfig({ activationId, activationCode }))),
  );
  expect(result.Status).toBe('Failed');
  expect(result.StandardErrorContent).toContain(error);
  expect(result.StandardErrorContent).not.toContain(activationCode);
});

it.each([
  ['newer than the control plane', '1.32', 'is newer than kube-apiserver version v1.31'],
  ['more than three minors older', '1.27', 'is too old for kube-apiserver version v1.31'],
])('refuses a kubelet %s', async (_label, version, error) => {
  const { activationId, activationCode, instanceId } = await register('store12-edge-02');
  const result = await runOn(
    instanceId,
    joinScript(version, ssmNodeConfig({ activationId, activationCode })),
  );
  expect(result.Status).toBe('Failed');
  expect(result.StandardErrorContent).toContain(error);
});

it('refuses to join a host whose role has no HYBRID_LINUX access entry', async () => {
  const { activationId, activationCode, instanceId } = await register('store12-edge-03', 'SomeOtherRole');
  const result = await runOn(instanceId, joinScript('1.31', ssmNodeConfig({ activationId, activationCode })));
  expect(result.StandardErrorContent).toContain(
    'missing access entry of type HYBRID_LINUX with Hybrid Node role principal: SomeOtherRole',
  );
});

it('refuses to join the legacy cluster, which is not enabled for hybrid nodes', async () => {
  const { activationId, activationCode, instanceId } = await register('store12-edge-03');
  const result = await runOn(
    instanceId,
    joinScript('1.29', ssmNodeConfig({ cluster: 'legacy', activationId, activationCode })),
  );
  expect(result.StandardErrorContent).toContain('remoteNetworkConfig');
});

it('joins an IAM Roles Anywhere host named after nodeName, without a managed instance', () => {
  const nodeConfig = [
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster: { name: demo, region: us-west-2 }',
    '  hybrid:',
    '    iamRolesAnywhere:',
    '      nodeName: plant3-edge-01',
    '      trustAnchorArn: arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/a1b2',
    '      profileArn: arn:aws:rolesanywhere:us-west-2:111122223333:profile/c3d4',
    '      roleArn: arn:aws:iam::111122223333:role/HybridNodesRole',
  ].join('\n');
  const result = sim.control.bootstrapHost('plant3-edge-01', { nodeConfig, kubernetesVersion: '1.31' });
  expect(result).toMatchObject({ nodeName: 'plant3-edge-01', managedInstanceId: undefined });
  expect(node('plant3-edge-01')).toMatchObject({ ready: true, computeType: 'hybrid' });
});

it('refuses SendCommand to instances that are offline or unknown, and more than 50 at once', async () => {
  const { instanceId } = await register('store12-edge-01');
  sim.control.setSiteOutage('store-12', true);
  await expect(
    clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: ['true'] },
      }),
    ),
  ).rejects.toMatchObject({
    name: 'InvalidInstanceId',
    message: expect.stringContaining('not in a valid state'),
  });
  const many = Array.from({ length: 51 }, (_, i) => `mi-${String(i).padStart(17, '0')}`);
  await expect(
    clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunShellScript',
        InstanceIds: many,
        Parameters: { commands: ['true'] },
      }),
    ),
  ).rejects.toMatchObject({ name: 'ValidationException' });
  await expect(
    clients.ssm.send(
      new SendCommandCommand({
        DocumentName: 'AWS-RunPowerShellScript',
        InstanceIds: [instanceId],
        Parameters: { commands: ['true'] },
      }),
    ),
  ).rejects.toMatchObject({ name: 'InvalidDocument' });
});

it('answers InvocationDoesNotExist right after SendCommand when the scenario delays visibility', async () => {
  await sim.close();
  // The simulator's clock, moved by the test past the visibility delay.
  let offset = 0;
  sim = await startSimulator({
    port: 0,
    clock: { now: () => new Date(Date.now() + offset) },
    scenario: { ...demoWith({ invocationVisibilityMs: 200 }) },
  });
  clients = awsClients(sim.awsEndpoint);
  const { instanceId } = await register('store12-edge-01');
  const sent = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands: ['true'] },
    }),
  );
  await expect(
    clients.ssm.send(
      new GetCommandInvocationCommand({ CommandId: sent.Command!.CommandId, InstanceId: instanceId }),
    ),
  ).rejects.toMatchObject({ name: 'InvocationDoesNotExist' });
  offset += 250;
  await expect(waitForInvocation(clients.ssm, sent.Command!.CommandId!, instanceId)).resolves.toMatchObject({
    Status: 'Success',
  });
});
