import { readFileSync } from 'node:fs';
import {
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { parse } from 'yaml';
import { type RunningSimulator, type ScenarioInput, startSimulator } from '../../sim/index';
import { DEMO_SCENARIO_PATH } from '../../sim/scenario/load-scenario';
import { REBOOTED, rebootScript } from '../../src/domain/hosts/host-reboot-script';
import { until } from '../support/until';
import { kubeGet } from './kube-reader';
import { awsClients, joinScript, ssmNodeConfig, waitForInvocation } from './sim-helpers';

// A Run Command whose script exits 194 reboots the host, as the SSM Agent does on Linux: the
// invocation stays InProgress while the host is down, then the script runs again from the start.
const HOST = 'store12-edge-01';
const REBOOT_MS = 90_000;

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
let instanceId: string;
let now: number;

beforeAll(async () => {
  now = Date.now();
  sim = await startSimulator({
    port: 0,
    clock: { now: () => new Date(now) },
    scenario: {
      ...(parse(readFileSync(DEMO_SCENARIO_PATH, 'utf8')) as ScenarioInput),
      commandStepMs: 0,
      hostRebootMs: REBOOT_MS,
    },
  });
  clients = awsClients(sim.awsEndpoint);
  const activation = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: HOST }),
  );
  instanceId = sim.control.bootstrapHost(HOST, {
    activationId: activation.ActivationId,
    activationCode: activation.ActivationCode,
  }).managedInstanceId!;
  const config = ssmNodeConfig({
    activationId: activation.ActivationId!,
    activationCode: activation.ActivationCode!,
  });
  expect(
    await waitForInvocation(clients.ssm, await send(joinScript('1.31', config)), instanceId),
  ).toMatchObject({ Status: 'Success' });
  await until('the node to be Ready', () => nodeReady() === true);
});
afterAll(() => sim.close());

async function send(commands: string[]): Promise<string> {
  const sent = await clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds: [instanceId],
      Parameters: { commands, executionTimeout: ['1200'] },
    }),
  );
  return sent.Command!.CommandId!;
}

const invocation = (CommandId: string) =>
  clients.ssm.send(new GetCommandInvocationCommand({ CommandId, InstanceId: instanceId }));
const nodeReady = () => sim.control.state().nodes.find((n) => n.name === instanceId)?.ready;
const pingStatus = async () =>
  (
    await clients.ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [instanceId] }] }),
    )
  ).InstanceInformationList?.[0]?.PingStatus;
const nodeBootId = async () =>
  (await kubeGet(sim, 'demo', `/api/v1/nodes/${instanceId}`)).status.nodeInfo.bootID as string;
const hostBootId = async () =>
  (await sim.control.runOnHost(HOST, 'cat /proc/sys/kernel/random/boot_id')).stdout;

it('reboots on exit 194: InProgress while the host is down, then the script again from the start, its second run the result', async () => {
  sim.control.setHostFaults(HOST, { faults: ['kubelet-crashloop', 'swap-on'] });
  await until('the node to go NotReady', () => nodeReady() === false);
  const before = await hostBootId();
  expect(before).toMatch(/^[0-9a-f-]{36}$/);
  expect(await nodeBootId()).toBe(before);

  const id = await send(rebootScript('change-1 reboot round 0'));
  const down = await until('the host to go down for the reboot', async () => {
    const inv = await invocation(id);
    return (await pingStatus()) === 'ConnectionLost' ? inv : undefined;
  });
  expect(down.Status).toBe('InProgress');
  expect(nodeReady()).toBe(false);

  // Still down just before the reboot time has passed.
  now += REBOOT_MS - 1000;
  await new Promise((r) => setTimeout(r, 150));
  expect((await invocation(id)).Status).toBe('InProgress');
  expect(await pingStatus()).toBe('ConnectionLost');

  now += 1000;
  const done = await waitForInvocation(clients.ssm, id, instanceId);
  const after = await hostBootId();
  expect(after).not.toBe(before);
  expect(done).toMatchObject({
    Status: 'Success',
    ResponseCode: 0,
    StandardOutputContent: `${REBOOTED} boot ${before} is now boot ${after}`,
  });
  expect(await pingStatus()).toBe('Online');
  await until('the node to be Ready again', () => nodeReady() === true);
  expect(await nodeBootId()).toBe(after);
  // The reboot restarted the kubelet; swap is in the host's configuration and stays on.
  expect(sim.control.hostFaults(HOST).faults).toEqual(['swap-on']);
  expect((sim.control.effects() as Record<string, Record<string, number>>)[HOST]?.reboot).toBe(1);
});

it('reboots again each time the script asks again, until the execution timeout ends the invocation', async () => {
  const reboots = () => (sim.control.effects() as Record<string, Record<string, number>>)[HOST]?.reboot ?? 0;
  const first = reboots();
  const id = await send(['echo "asking"', 'exit 194']);
  for (let i = 1; i <= 3; i++) {
    // Back after each reboot, the agent runs the script again, and it asks again.
    await until(`reboot ${i}`, () => reboots() === first + i);
    expect((await invocation(id)).Status).toBe('InProgress');
    now += REBOOT_MS;
  }
  now += 1200_000;
  const timedOut = await until('the invocation to time out', async () => {
    const inv = await invocation(id);
    return inv.Status === 'TimedOut' ? inv : undefined;
  });
  expect(timedOut).toMatchObject({ StandardOutputContent: 'asking' });
});
