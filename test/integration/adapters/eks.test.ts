import { ErrorCode } from '../../../src/errors';
import { botError, DEMO, REGION, startAdapters } from './harness';

describe('the EKS adapter against the simulator', () => {
  let env: Awaited<ReturnType<typeof startAdapters>>;
  beforeAll(async () => {
    env = await startAdapters();
  });
  afterAll(() => env.close());
  const eks = () => env.clients.forCluster(DEMO).eks;

  it('describes a hybrid-ready cluster with its remote networks, authentication mode and endpoint', async () => {
    const demo = await eks().describeCluster('demo');
    expect(demo).toMatchObject({
      name: 'demo',
      version: '1.31',
      status: 'ACTIVE',
      authenticationMode: 'API_AND_CONFIG_MAP',
      remoteNodeNetworks: ['10.80.0.0/16'],
      remotePodNetworks: ['10.85.0.0/16'],
      serviceIpv4Cidr: '172.20.0.0/16',
      endpoint: env.sim.clusters.demo?.kubeEndpoint,
      vpcId: expect.stringMatching(/^vpc-/),
    });
    expect(Buffer.from(demo.caData, 'base64').toString()).toBe(env.sim.clusters.demo?.caPem);
  });

  it('describes a cluster without hybrid nodes: no remote node networks at all', async () => {
    const legacy = await eks().describeCluster('legacy');
    expect(legacy.authenticationMode).toBe('CONFIG_MAP');
    expect(legacy.remoteNodeNetworks).toBeUndefined();
    expect(legacy.remotePodNetworks).toEqual([]);
    expect(legacy.version).toBe('1.29');
  });

  it('describes node groups, add-ons and access entries', async () => {
    expect(await eks().listNodegroups('demo')).toEqual([
      {
        name: 'agents',
        instanceTypes: ['t3.xlarge'],
        diskSize: 20,
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
        status: 'ACTIVE',
      },
    ]);
    expect((await eks().listNodegroups('legacy'))[0]).toMatchObject({
      instanceTypes: ['t3.medium'],
      scalingConfig: { minSize: 0 },
    });
    const addons = await eks().listAddons('demo');
    expect(addons).toContainEqual({ name: 'vpc-cni', status: 'ACTIVE', version: 'v1.19.2-eksbuild.1' });
    expect((await eks().listAddons('legacy')).map((a) => a.name)).not.toContain('vpc-cni');
    expect(await eks().listAccessEntries('demo')).toContainEqual({
      principalArn: 'arn:aws:iam::111122223333:role/HybridNodesRole',
      type: 'HYBRID_LINUX',
    });
  });

  it('sends an add-on configuration once, and says busy rather than failing while another update runs', async () => {
    const values = JSON.stringify({ replicaCount: 3 });
    expect(await eks().updateAddonConfiguration('demo', 'coredns', values)).toBe('sent');
    expect((await eks().describeAddon('demo', 'coredns'))?.status).toBe('UPDATING');
    expect(await eks().updateAddonConfiguration('demo', 'coredns', JSON.stringify({ replicaCount: 4 }))).toBe(
      'busy',
    );
  });

  it('creates a HYBRID_LINUX access entry once, and reports an existing one instead of failing', async () => {
    const role = 'arn:aws:iam::111122223333:role/EdgeNodesRole';
    expect(await eks().createAccessEntry('demo', role, 'HYBRID_LINUX')).toBe('created');
    expect(await eks().createAccessEntry('demo', role, 'HYBRID_LINUX')).toBe('exists');
    expect(await eks().listAccessEntries('demo')).toContainEqual({
      principalArn: role,
      type: 'HYBRID_LINUX',
    });
  });

  it('passes on why EKS refuses an access entry on a cluster still using the aws-auth ConfigMap', async () => {
    const err = await botError(
      eks().createAccessEntry('legacy', 'arn:aws:iam::111122223333:role/EdgeNodesRole', 'HYBRID_LINUX'),
    );
    expect(err.code).toBe(ErrorCode.Validation);
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toMatch(
      /^Creating a HYBRID_LINUX access entry .* on EKS cluster legacy in us-west-2 failed: .*authentication mode/,
    );
  });

  it('says plainly that an unknown cluster does not exist, and does not retry it', async () => {
    const err = await botError(eks().describeCluster('nope'));
    expect(err.code).toBe(ErrorCode.NotFound);
    expect(err.retryable).toBe(false);
    expect(err.userMessage).toContain(`Describing EKS cluster nope in ${REGION} failed`);
    expect(err.userMessage).toContain('Check the name and the region');
    expect(err.cause).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
