import { createCloudClients } from '../../../src/adapters/aws/cloud-clients';
import { createKube } from '../../../src/adapters/kube/kube-adapter';
import { EksTokenSource } from '../../../src/adapters/kube/token-source';
import { ErrorCode } from '../../../src/errors';
import { botError, DEMO, REGION, startAdapters, TEST_CREDENTIALS } from './harness';

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

describe('a Kubernetes API that cannot be reached as it should', () => {
  const tokens = { token: async () => 'k8s-aws-v1.unused', invalidate: () => undefined };

  it('is retried later when nothing answers', async () => {
    const kube = createKube({
      clusterName: 'demo',
      connect: async () => ({ endpoint: 'https://127.0.0.1:1', caData: '' }),
      tokens,
    });
    const err = await botError(kube.listNodes());
    expect(err).toMatchObject({ code: ErrorCode.Unavailable, retryable: true });
    expect(err.userMessage).toContain('could not be reached');
    kube.close();
  });

  it('is not trusted, nor retried, when its certificate is not from the cluster CA', async () => {
    const env = await startAdapters();
    try {
      const kube = createKube({
        clusterName: 'demo',
        // The system's CAs instead of the cluster's: the simulator's certificate does not chain to them.
        connect: async () => ({ endpoint: env.sim.clusters.demo?.kubeEndpoint ?? '', caData: '' }),
        tokens,
      });
      const err = await botError(kube.listNodes());
      expect(err).toMatchObject({ code: ErrorCode.Unavailable, retryable: false });
      expect(err.userMessage).toContain("did not present a certificate from the cluster's CA");
      kube.close();
    } finally {
      await env.close();
    }
  });

  it('is abandoned as a timeout, to be retried, when it does not answer in time', async () => {
    const env = await startAdapters();
    try {
      env.sim.control.setFault({ service: 'kubernetes', operation: 'listNodes', latencyMs: 2000 });
      const kube = createKube({
        clusterName: 'demo',
        connect: () => env.clients.forCluster(DEMO).eks.describeCluster('demo'),
        tokens: new EksTokenSource({
          clusterName: 'demo',
          region: REGION,
          stsEndpoint: env.sim.awsEndpoint,
          credentials: async () => TEST_CREDENTIALS,
        }),
        requestTimeoutMs: 200,
      });
      const started = Date.now();
      const err = await botError(kube.listNodes());
      expect(Date.now() - started).toBeLessThan(1500);
      expect(err).toMatchObject({ code: ErrorCode.Timeout, retryable: true });
      expect(err.userMessage).toContain('did not answer in time');
      kube.close();
    } finally {
      await env.close();
    }
  });
});
