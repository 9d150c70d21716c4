import { STSClient } from '@aws-sdk/client-sts';
import { createCloudClients } from '../../../src/adapters/aws/cloud-clients';
import { stsEndpointFor } from '../../../src/adapters/aws/sts-endpoint';
import { createKube } from '../../../src/adapters/kube/kube-adapter';
import { EksTokenSource } from '../../../src/adapters/kube/token-source';
import { ErrorCode } from '../../../src/errors';
import { botError, DEMO, REGION, startAdapters, TEST_CREDENTIALS } from './harness';

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

describe('the Kubernetes API refuses what EKS would refuse', () => {
  let env: Awaited<ReturnType<typeof startAdapters>>;
  beforeAll(async () => {
    env = await startAdapters();
  });
  afterAll(() => env.close());

  const accessDenied = (err: { code: ErrorCode; retryable: boolean; userMessage: string }) => {
    expect(err.code).toBe(ErrorCode.AccessDenied);
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toContain('Listing nodes of cluster demo failed');
    expect(err.userMessage).toContain('authentication mode is API or API_AND_CONFIG_MAP');
    expect(err.userMessage).toContain('access entry');
  };

  const kubeWithToken = (token: () => Promise<string>) =>
    createKube({
      clusterName: 'demo',
      connect: () => env.clients.forCluster(DEMO).eks.describeCluster('demo'),
      tokens: { token, invalidate: () => undefined },
    });

  it('refuses a request without a token', async () => {
    const kube = kubeWithToken(async () => '');
    accessDenied(await botError(kube.listNodes()));
    kube.close();
  });

  it('refuses a token that is not a presigned STS URL', async () => {
    const kube = kubeWithToken(async () => 'k8s-aws-v1.bm90LWEtdXJs');
    accessDenied(await botError(kube.listNodes()));
    kube.close();
  });

  it('refuses a token signed for another cluster', async () => {
    const legacyTokens = new EksTokenSource({
      clusterName: 'legacy',
      region: REGION,
      stsEndpoint: env.sim.awsEndpoint,
      credentials: async () => TEST_CREDENTIALS,
    });
    const kube = kubeWithToken(() => legacyTokens.token());
    accessDenied(await botError(kube.listNodes()));
    kube.close();
  });

  it('refuses a token signed with keys AWS does not know', async () => {
    const strangers = createCloudClients({
      endpoint: env.sim.awsEndpoint,
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'wrong' },
    });
    try {
      accessDenied(await botError(strangers.forCluster(DEMO).kube.listNodes()));
    } finally {
      strangers.close();
    }
  });
});

describe('where AWS is and who the bot is', () => {
  it('assumes the cluster role for AWS calls and Kubernetes tokens alike', async () => {
    const env = await startAdapters();
    try {
      const roleArn = 'arn:aws:iam::111122223333:role/HybridBotOperator';
      const clients = env.clients.forCluster({ ...DEMO, roleArn });
      expect(await clients.whoAmI()).toEqual({
        account: '111122223333',
        arn: 'arn:aws:sts::111122223333:assumed-role/HybridBotOperator/hybrid-bot',
      });
      expect((await env.clients.forCluster(DEMO).whoAmI()).arn).toBe('arn:aws:iam::111122223333:user/test');
      expect((await clients.eks.describeCluster('demo')).status).toBe('ACTIVE');
      expect((await clients.kube.listNodes()).length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });

  it('finds the endpoint in AWS_ENDPOINT_URL, as the AWS SDK and CLI do', async () => {
    const env = await startAdapters();
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = env.sim.awsEndpoint;
    const fromEnv = createCloudClients({ credentials: TEST_CREDENTIALS });
    try {
      const cluster = fromEnv.forCluster(DEMO);
      expect((await cluster.eks.describeCluster('demo')).endpoint).toBe(env.sim.clusters.demo?.kubeEndpoint);
      expect((await cluster.ssm.describeActivations()).length).toBeGreaterThanOrEqual(0);
      expect((await cluster.kube.listNodes()).length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
      fromEnv.close();
      await env.close();
    }
  });

  it('signs tokens for the configured STS endpoint, else the region’s own', () => {
    const sts = new STSClient({ region: 'eu-central-1' });
    const local = 'http://127.0.0.1:4566';
    expect(stsEndpointFor('eu-central-1', sts, undefined, {})).toBe(
      'https://sts.eu-central-1.amazonaws.com/',
    );
    expect(stsEndpointFor('cn-north-1', sts, undefined, {})).toBe('https://sts.cn-north-1.amazonaws.com.cn/');
    expect(stsEndpointFor('eu-central-1', sts, undefined, { AWS_ENDPOINT_URL: local })).toBe(local);
    expect(
      stsEndpointFor('eu-central-1', sts, undefined, {
        AWS_ENDPOINT_URL: 'http://other',
        AWS_ENDPOINT_URL_STS: local,
      }),
    ).toBe(local);
    expect(
      stsEndpointFor('eu-central-1', sts, undefined, {
        AWS_ENDPOINT_URL: local,
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toBe('https://sts.eu-central-1.amazonaws.com/');
    expect(stsEndpointFor('eu-central-1', sts, local, { AWS_ENDPOINT_URL: 'http://other' })).toBe(local);
    sts.destroy();
  });
});
