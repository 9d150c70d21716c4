import {
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  ListCommandInvocationsCommand,
  SendCommandCommand,
} from '@aws-sdk/client-ssm';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { until } from '../support/until';
import { awsClients } from './sim-helpers';

// One simulator: 60 SSM hybrid nodes on demo, and one host registered by hand on Ubuntu 20.04.
let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
let ids: string[];
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
  sim.control.addHybridNodes('demo', { count: 60 });
  ids = [];
  let NextToken: string | undefined;
  do {
    const page = await clients.ssm.send(
      new DescribeInstanceInformationCommand({
        Filters: [{ Key: 'PingStatus', Values: ['Online'] }],
        MaxResults: 50,
        NextToken,
      }),
    );
    ids.push(...(page.InstanceInformationList ?? []).map((i) => i.InstanceId!));
    NextToken = page.NextToken;
  } while (NextToken);
});
afterAll(() => sim.close());

const send = (InstanceIds: string[]) =>
  clients.ssm.send(
    new SendCommandCommand({
      DocumentName: 'AWS-RunShellScript',
      InstanceIds,
      Parameters: { commands: ['uname -r'], executionTimeout: ['60'] },
      Comment: 'hybrid-bot host facts r1 batch 0',
    }),
  );

it('DescribeInstanceInformation gives each host its platform and agent version, as SSM does', async () => {
  const a = await clients.ssm.send(
    new CreateActivationCommand({ IamRole: 'HybridNodesRole', DefaultInstanceName: 'focal-edge' }),
  );
  await fetch(`${sim.awsEndpoint}/_sim/hosts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      hosts: [
        {
          name: 'focal-edge',
          site: 'plant-3',
          ip: '10.80.2.41',
          os: 'ubuntu-20.04',
          nodeadmVersion: 'v1.0.15',
        },
      ],
    }),
  });
  const id = sim.control.bootstrapHost('focal-edge', {
    activationId: a.ActivationId,
    activationCode: a.ActivationCode,
  }).managedInstanceId!;
  const out = await clients.ssm.send(
    new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [id, ids[0]!] }] }),
  );
  const byId = new Map(out.InstanceInformationList?.map((i) => [i.InstanceId, i]));
  expect(byId.get(id)).toMatchObject({
    PlatformName: 'Ubuntu',
    PlatformVersion: '20.04',
    Name: 'focal-edge',
  });
  expect(byId.get(ids[0])).toMatchObject({ PlatformName: 'Ubuntu', PlatformVersion: '22.04' });
  expect(byId.get(id)?.AgentVersion).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
});

it('refuses more than 50 instance IDs in one SendCommand, as SSM does', async () => {
  await expect(send(ids.slice(0, 51))).rejects.toMatchObject({ name: 'ValidationException' });
});

it('runs one SendCommand on 50 hosts; ListCommandInvocations pages every invocation with its output', async () => {
  sim.control.clearApiCalls();
  const batch = ids.slice(0, 50);
  const commandId = (await send(batch)).Command!.CommandId!;
  const list = (MaxResults: number, NextToken?: string) =>
    clients.ssm.send(
      new ListCommandInvocationsCommand({ CommandId: commandId, Details: true, MaxResults, NextToken }),
    );
  await until(
    'every invocation to finish',
    async () => {
      const all = (await list(50)).CommandInvocations ?? [];
      return all.length === 50 && all.every((i) => i.Status === 'Success');
    },
    { timeoutMs: 10_000, intervalMs: 20 },
  );
  const first = await list(50);
  expect(first.NextToken).toBeUndefined();
  const rows = first.CommandInvocations ?? [];
  expect(new Set(rows.map((r) => r.InstanceId))).toEqual(new Set(batch));
  for (const r of rows) {
    expect(r).toMatchObject({ CommandId: commandId, Comment: 'hybrid-bot host facts r1 batch 0' });
    expect(r.CommandPlugins?.[0]?.Output).toMatch(/^\d+\.\d+\.\d+-/);
  }
  // Smaller pages: 20, 20, 10, chained by NextToken.
  const sizes: number[] = [];
  let token: string | undefined;
  do {
    const page = await list(20, token);
    sizes.push(page.CommandInvocations?.length ?? 0);
    token = page.NextToken;
  } while (token);
  expect(sizes).toEqual([20, 20, 10]);
  // Without Details, SSM leaves the plugins' output out.
  const bare = await clients.ssm.send(new ListCommandInvocationsCommand({ CommandId: commandId }));
  expect(bare.CommandInvocations?.[0]?.CommandPlugins).toEqual([]);
  expect(sim.control.apiCalls()['ssm:SendCommand']).toBe(1);
});
