import { buildActivationRequest } from '../../../src/domain/activation-request';
import { ErrorCode } from '../../../src/errors';
import { botError, DEMO, startAdapters } from './harness';

function request(hostName: string) {
  const built = buildActivationRequest({
    hybridNodesRole: 'HybridNodesRole',
    hostName,
    cluster: 'demo',
    site: 'store-12',
    requester: 'U0123ABCD',
    now: new Date(),
  });
  if (!built.ok) throw new Error(built.problems.join('; '));
  return built.request;
}

// The SDK backs off about a second per throttled attempt and, in adaptive mode, slows the whole client.
const SDK_BACKOFF_MS = 90_000;

describe('AWS calls under injected faults', () => {
  let env: Awaited<ReturnType<typeof startAdapters>>;
  // Ten attempts make a call fail under 50% throttling once in a thousand: the test stays reliable.
  beforeAll(async () => {
    env = await startAdapters({}, { maxAttempts: 10 });
  });
  afterAll(() => env.close());
  afterEach(() => env.sim.control.clearFaults());
  const cluster = () => env.clients.forCluster(DEMO);

  it(
    'issues every activation under 50% throttling of CreateActivation, none twice',
    async () => {
      env.sim.control.setFault({ service: 'ssm', operation: 'CreateActivation', throttleRate: 0.5 });
      const hosts = ['edge-a', 'edge-b', 'edge-c', 'edge-d'];
      const issued = await Promise.all(hosts.map((h) => cluster().ssm.createActivation(request(h))));
      expect(new Set(issued.map((i) => i.activationId)).size).toBe(hosts.length);
      env.sim.control.clearFaults();
      const all = await cluster().ssm.describeActivations();
      for (const host of hosts) {
        expect(all.filter((a) => a.defaultInstanceName === host)).toHaveLength(1);
      }
    },
    SDK_BACKOFF_MS,
  );

  it(
    'reads clusters and pages of instances under throttling',
    async () => {
      env.sim.control.addHybridNodes('demo', { count: 60 });
      env.sim.control.setFault({ service: 'eks', throttleRate: 0.5 });
      env.sim.control.setFault({
        service: 'ssm',
        operation: 'DescribeInstanceInformation',
        throttleRate: 0.4,
      });
      expect((await cluster().eks.describeCluster('demo')).status).toBe('ACTIVE');
      expect(await cluster().eks.listNodegroups('demo')).toHaveLength(1);
      expect((await cluster().ssm.describeInstances()).length).toBeGreaterThanOrEqual(60);
    },
    SDK_BACKOFF_MS,
  );

  it('gives up on a service that keeps failing with an error the job may retry later', async () => {
    const once = await startAdapters({}, { maxAttempts: 2 });
    try {
      once.sim.control.setFault({ service: 'eks', operation: 'DescribeCluster', errorRate: 1 });
      const err = await botError(once.clients.forCluster(DEMO).eks.describeCluster('demo'));
      expect(err.code).toBe(ErrorCode.Unavailable);
      expect(err.retryable).toBe(true);
      expect(err.userMessage).toMatch(/^Describing EKS cluster demo in us-west-2 failed/);
      expect(err.userMessage).toContain('will try again');

      once.sim.control.setFault({ service: 'ssm', throttleRate: 1 });
      const throttled = await botError(once.clients.forCluster(DEMO).ssm.describeActivations());
      expect(throttled).toMatchObject({ code: ErrorCode.Throttled, retryable: true });
    } finally {
      await once.close();
    }
  });
});
