import { EksTokenSource } from '../../../src/adapters/kube/token-source';
import { DEMO, REGION, startAdapters, TEST_CREDENTIALS } from './harness';

const MINUTE = 60_000;

/** A clock the simulator and the bot share, moved by the test instead of waiting. */
function testClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    date: () => new Date(Date.now() + offset),
    advance: (ms: number) => {
      offset += ms;
    },
  };
}

/** Base credentials that count how often a token (or anything else) was signed with them. */
function countingCredentials() {
  const counter = { calls: 0 };
  const provider = async () => {
    counter.calls++;
    return TEST_CREDENTIALS;
  };
  return { counter, provider };
}

describe('EKS tokens for the Kubernetes API', () => {
  it('signs a new token ahead of expiry, so a long-lived worker keeps its access', async () => {
    const clock = testClock();
    const { counter, provider } = countingCredentials();
    const env = await startAdapters(
      { clock: { now: clock.date } },
      { now: clock.now, credentials: provider },
    );
    try {
      const kube = env.clients.forCluster(DEMO).kube;
      expect((await kube.listNodes()).length).toBeGreaterThan(0);
      const signed = counter.calls;
      await kube.listNodes();
      expect(counter.calls).toBe(signed);
      // At 11 minutes the old token would still pass (EKS allows about 15): a new one was signed anyway.
      clock.advance(11 * MINUTE);
      expect((await kube.listNodes()).length).toBeGreaterThan(0);
      expect(counter.calls).toBe(signed + 1);
    } finally {
      await env.close();
    }
  });

  it('signs a new token once when the API server refuses an expired one', async () => {
    const clock = testClock();
    const env = await startAdapters(
      { clock: { now: clock.date } },
      { now: clock.now, tokenRefreshMs: 24 * 60 * MINUTE },
    );
    try {
      const kube = env.clients.forCluster(DEMO).kube;
      await kube.listNodes();
      // The cached token is now too old for the API server, and the bot would not renew it by age.
      clock.advance(16 * MINUTE);
      expect((await kube.listNodes()).length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });

  it('shares one signature among concurrent callers and reuses it until it ages', async () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    const { counter, provider } = countingCredentials();
    const tokens = new EksTokenSource({
      clusterName: 'demo',
      region: REGION,
      stsEndpoint: 'https://sts.us-west-2.amazonaws.com/',
      credentials: provider,
      now: () => now,
    });
    const first = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(new Set(first).size).toBe(1);
    expect(counter.calls).toBe(1);
    const [token] = first;
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from((token as string).slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.host).toBe('sts.us-west-2.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261124T100000Z');
    now += 9 * MINUTE;
    expect(await tokens.token()).toBe(token);
    now += 2 * MINUTE;
    expect(await tokens.token()).not.toBe(token);
    expect(counter.calls).toBe(2);
  });
});
