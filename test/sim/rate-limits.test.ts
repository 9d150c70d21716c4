import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { CreateActivationCommand, DescribeActivationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { loadScenario } from '../../sim/scenario/load-scenario';
import { awsClients } from './sim-helpers';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;
let now = Date.parse('2026-03-01T12:00:00Z');
const advance = (ms: number) => {
  now += ms;
};

afterEach(() => sim?.close());

const createActivation = (ssm: SSMClient = clients.ssm) =>
  ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' }));

/** How each of n calls ended: 'ok' or the error's name and HTTP status. */
async function outcomes(n: number, call: () => Promise<unknown>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await call().then(
        () => 'ok',
        (e: { name: string; $metadata?: { httpStatusCode?: number } }) =>
          `${e.name} ${e.$metadata?.httpStatusCode}`,
      ),
    );
  }
  return out;
}

describe('per-API token buckets', () => {
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, clock: { now: () => new Date(now) } });
    clients = awsClients(sim.awsEndpoint);
  });

  it('lets a burst through, then answers ThrottlingException (400) until the simulated clock refills the bucket', async () => {
    sim.control.setRateLimit({ api: 'ssm:CreateActivation', ratePerSecond: 2, burst: 3 });
    const throttle = 'ThrottlingException 400';
    expect(await outcomes(5, createActivation)).toEqual(['ok', 'ok', 'ok', throttle, throttle]);
    // Other operations have their own allowance.
    await expect(clients.ssm.send(new DescribeActivationsCommand({}))).resolves.toBeDefined();

    advance(500); // one token at 2 a second
    expect(await outcomes(2, createActivation)).toEqual(['ok', throttle]);
    advance(60_000); // refilled up to the burst, never beyond
    expect(await outcomes(4, createActivation)).toEqual(['ok', 'ok', 'ok', throttle]);

    expect(sim.control.throttles()).toEqual({ 'ssm:CreateActivation': 4 });
    expect(sim.control.apiCalls()['ssm:CreateActivation']).toBe(11);
  });

  it('keeps one bucket per account and Region', async () => {
    sim.control.setRateLimit({ api: 'ssm:CreateActivation', ratePerSecond: 1, burst: 1 });
    const { Credentials } = await clients.sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::444455556666:role/Bot', RoleSessionName: 'other' }),
    );
    const otherAccount = new SSMClient({
      endpoint: sim.awsEndpoint,
      region: 'us-west-2',
      maxAttempts: 1,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    const otherRegion = new SSMClient({
      endpoint: sim.awsEndpoint,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    // Another key of the same account shares its bucket.
    const sameAccount = new SSMClient({
      endpoint: sim.awsEndpoint,
      region: 'us-west-2',
      maxAttempts: 1,
      credentials: { accessKeyId: 'second-key', secretAccessKey: 'x' },
    });
    expect(await outcomes(1, createActivation)).toEqual(['ok']);
    expect(await outcomes(1, () => createActivation(sameAccount))).toEqual(['ThrottlingException 400']);
    expect(await outcomes(2, () => createActivation(otherAccount))).toEqual([
      'ok',
      'ThrottlingException 400',
    ]);
    expect(await outcomes(2, () => createActivation(otherRegion))).toEqual(['ok', 'ThrottlingException 400']);
    for (const c of [otherAccount, otherRegion, sameAccount]) c.destroy();
  });

  it('reads, replaces and removes limits and counts throttles over the control API', async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sim.awsEndpoint}/_sim/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const bad = await call('POST', 'rate-limits', { api: 'CreateActivation', ratePerSecond: 0, burst: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: string }).error).toMatch(/service:Action/);
    expect((await call('GET', 'rate-limits')).body).toEqual({});

    await call('POST', 'rate-limits', { api: 'eks:DescribeCluster', ratePerSecond: 1, burst: 1 });
    expect((await call('GET', 'rate-limits')).body).toEqual({
      'eks:DescribeCluster': { ratePerSecond: 1, burst: 1 },
    });
    const describe = () => clients.eks.send(new DescribeClusterCommand({ name: 'demo' }));
    expect(await outcomes(2, describe)).toEqual(['ok', 'TooManyRequestsException 429']);
    // The random throttling of faults stays as it was, and is counted too.
    sim.control.setFault({ service: 'eks', operation: 'ListClusters', throttleRate: 1 });
    expect(await outcomes(1, () => clients.eks.send(new ListClustersCommand({})))).toEqual([
      'TooManyRequestsException 429',
    ]);
    expect((await call('GET', 'throttles')).body).toEqual({
      'eks:DescribeCluster': 1,
      'eks:ListClusters': 1,
    });

    await call('POST', 'rate-limits', { api: 'eks:DescribeCluster', off: true });
    await call('DELETE', 'throttles');
    expect(await outcomes(3, describe)).toEqual(['ok', 'ok', 'ok']);
    expect((await call('GET', 'throttles')).body).toEqual({});
  });
});

it('takes its buckets from the scenario YAML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rate-limits-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(
    file,
    [
      'clusters:',
      '  - name: demo',
      'rateLimits:',
      '  "eks:DescribeCluster": { ratePerSecond: 5, burst: 2 }',
    ].join('\n'),
  );
  sim = await startSimulator({ port: 0, scenario: file, clock: { now: () => new Date(now) } });
  const eks = new EKSClient({
    endpoint: sim.awsEndpoint,
    region: 'us-west-2',
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const describe = () => eks.send(new DescribeClusterCommand({ name: 'demo' }));
  expect(await outcomes(3, describe)).toEqual(['ok', 'ok', 'TooManyRequestsException 429']);
  expect(sim.control.rateLimits()).toEqual({ 'eks:DescribeCluster': { ratePerSecond: 5, burst: 2 } });
  eks.destroy();
});

it('refuses a scenario whose limit is not service:Action, naming the path', () => {
  expect(() => loadScenario({ rateLimits: { CreateActivation: { ratePerSecond: 1, burst: 1 } } })).toThrow(
    /rateLimits.*service:Action/s,
  );
});
