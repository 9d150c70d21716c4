import { Redis } from 'ioredis';
import { RedisAwsPacer } from '../../../src/adapters/redis/aws-call-pacer';
import { buildActivationRequest } from '../../../src/domain/activation-request';
import { ErrorCode } from '../../../src/errors';
import { startRedisServer } from '../../support/redis-server';
import { until } from '../../support/until';
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
      // Clients of its own: the SDK's retry quota (a bucket each throttled retry draws on) is per client,
      // and the test before may have drained the shared one's.
      const own = await startAdapters({}, { maxAttempts: 10 });
      try {
        own.sim.control.addHybridNodes('demo', { count: 60 });
        own.sim.control.setFault({ service: 'eks', throttleRate: 0.5 });
        own.sim.control.setFault({
          service: 'ssm',
          operation: 'DescribeInstanceInformation',
          throttleRate: 0.4,
        });
        const demo = own.clients.forCluster(DEMO);
        expect((await demo.eks.describeCluster('demo')).status).toBe('ACTIVE');
        expect(await demo.eks.listNodegroups('demo')).toHaveLength(1);
        expect((await demo.ssm.describeInstances()).length).toBeGreaterThanOrEqual(60);
      } finally {
        await own.close();
      }
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

describe('CreateActivation paced by what the throttles teach', () => {
  // The simulator's bucket refills on its own clock, which this test moves: it stands still until the
  // first throttle (the 41st call finds the bucket empty, however slowly the calls come on a loaded
  // machine), then the rest wait for the refills the test lets happen.
  it('issues a burst of 100 activations against a bucket of 40 refilled at 40 a second: all of them, throttles seen', async () => {
    const redisServer = await startRedisServer();
    const redis = new Redis(redisServer.url);
    let simNow = Date.now();
    // Two attempts only: a throttle must not use them up, the pacer retries it at the rate it learned.
    const env = await startAdapters(
      { clock: { now: () => new Date(simNow) } },
      { maxAttempts: 2, pacer: new RedisAwsPacer(redis) },
    );
    try {
      env.sim.control.setRateLimit({ api: 'ssm:CreateActivation', ratePerSecond: 40, burst: 40 });
      const hosts = Array.from({ length: 100 }, (_, i) => `burst-${i}`);
      let done = false;
      const all = Promise.all(
        hosts.map((h) => env.clients.forCluster(DEMO).ssm.createActivation(request(h))),
      ).finally(() => {
        done = true;
      });
      // Once a call was throttled: refills, a tenth of a second of the bucket's time at each look, until every call got through.
      await until(
        'every activation issued',
        async () => {
          if (done) return true;
          if (env.sim.control.throttles()['ssm:CreateActivation']) simNow += 100;
          return undefined;
        },
        { timeoutMs: 120_000, intervalMs: 25 },
      );
      const issued = await all;
      expect(new Set(issued.map((i) => i.activationId)).size).toBe(100);
      const throttles = env.sim.control.throttles()['ssm:CreateActivation'] ?? 0;
      expect(throttles).toBeGreaterThan(0);
      // Learned, not hammered: fewer than two throttles per call.
      expect(throttles).toBeLessThan(200);
    } finally {
      redis.disconnect();
      await env.close();
      await redisServer.stop();
    }
  });
});
