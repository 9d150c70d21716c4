import {
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import {
  CreateActivationCommand,
  DeleteActivationCommand,
  DescribeActivationsCommand,
  DescribeInstanceInformationCommand,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type RunningSimulator, startSimulator } from '../../sim/index';
import { awsClients } from './sim-helpers';

let sim: RunningSimulator;
let clients: ReturnType<typeof awsClients>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  clients = awsClients(sim.awsEndpoint);
});
afterAll(() => sim.close());
afterEach(() => sim.control.clearFaults());

describe('EKS', () => {
  it('describes the demo cluster as hybrid-ready, with the endpoint and CA of its Kubernetes API', async () => {
    const { cluster } = await clients.eks.send(new DescribeClusterCommand({ name: 'demo' }));
    expect(cluster).toMatchObject({
      name: 'demo',
      version: '1.31',
      status: 'ACTIVE',
      endpoint: sim.clusters.demo!.kubeEndpoint,
      accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' },
      kubernetesNetworkConfig: { serviceIpv4Cidr: '172.20.0.0/16' },
      remoteNetworkConfig: {
        remoteNodeNetworks: [{ cidrs: ['10.80.0.0/16'] }],
        remotePodNetworks: [{ cidrs: ['10.85.0.0/16'] }],
      },
    });
    expect(cluster?.resourcesVpcConfig?.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(cluster?.resourcesVpcConfig?.clusterSecurityGroupId).toMatch(/^sg-/);
    expect(Buffer.from(cluster!.certificateAuthority!.data!, 'base64').toString()).toBe(
      sim.clusters.demo!.caPem,
    );
    expect(cluster?.createdAt).toBeInstanceOf(Date);
  });

  it('shows the legacy cluster without remoteNetworkConfig and with CONFIG_MAP authentication', async () => {
    const { cluster } = await clients.eks.send(new DescribeClusterCommand({ name: 'legacy' }));
    expect(cluster?.remoteNetworkConfig).toBeUndefined();
    expect(cluster?.accessConfig?.authenticationMode).toBe('CONFIG_MAP');
  });

  it('answers an unknown cluster with ResourceNotFoundException', async () => {
    await expect(clients.eks.send(new DescribeClusterCommand({ name: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('pages ListClusters with maxResults and nextToken and rejects a bad maxResults', async () => {
    const first = await clients.eks.send(new ListClustersCommand({ maxResults: 1 }));
    expect(first.clusters).toEqual(['demo']);
    const second = await clients.eks.send(
      new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }),
    );
    expect(second.clusters).toEqual(['gitops']);
    const third = await clients.eks.send(
      new ListClustersCommand({ maxResults: 1, nextToken: second.nextToken }),
    );
    expect(third.clusters).toEqual(['legacy']);
    expect(third.nextToken).toBeUndefined();
    await expect(clients.eks.send(new ListClustersCommand({ maxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('describes node groups and add-ons the doctor checks', async () => {
    expect((await clients.eks.send(new ListNodegroupsCommand({ clusterName: 'demo' }))).nodegroups).toEqual([
      'agents',
    ]);
    const { nodegroup } = await clients.eks.send(
      new DescribeNodegroupCommand({ clusterName: 'demo', nodegroupName: 'agents' }),
    );
    expect(nodegroup).toMatchObject({
      instanceTypes: ['t3.xlarge'],
      diskSize: 20,
      scalingConfig: { minSize: 1, desiredSize: 1 },
      status: 'ACTIVE',
    });
    const legacy = await clients.eks.send(
      new DescribeNodegroupCommand({ clusterName: 'legacy', nodegroupName: 'workers' }),
    );
    expect(legacy.nodegroup).toMatchObject({ instanceTypes: ['t3.medium'], scalingConfig: { minSize: 0 } });
    const { addon } = await clients.eks.send(
      new DescribeAddonCommand({ clusterName: 'demo', addonName: 'vpc-cni' }),
    );
    expect(addon).toMatchObject({ status: 'ACTIVE', addonVersion: expect.stringMatching(/^v1\./) });
    expect((await clients.eks.send(new ListAddonsCommand({ clusterName: 'legacy' }))).addons).not.toContain(
      'vpc-cni',
    );
    await expect(
      clients.eks.send(new DescribeAddonCommand({ clusterName: 'legacy', addonName: 'vpc-cni' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('lists, describes and creates access entries, refusing duplicates and CONFIG_MAP clusters', async () => {
    const role = 'arn:aws:iam::111122223333:role/HybridNodesRole';
    expect(
      (await clients.eks.send(new ListAccessEntriesCommand({ clusterName: 'demo' }))).accessEntries,
    ).toEqual([role]);
    const { accessEntry } = await clients.eks.send(
      new DescribeAccessEntryCommand({ clusterName: 'demo', principalArn: role }),
    );
    expect(accessEntry).toMatchObject({ type: 'HYBRID_LINUX', username: 'system:node:{{SessionName}}' });
    const other = 'arn:aws:iam::111122223333:role/OtherHybridRole';
    const created = await clients.eks.send(
      new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: other, type: 'HYBRID_LINUX' }),
    );
    expect(created.accessEntry).toMatchObject({ principalArn: other, type: 'HYBRID_LINUX' });
    await expect(
      clients.eks.send(
        new CreateAccessEntryCommand({ clusterName: 'demo', principalArn: other, type: 'HYBRID_LINUX' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceInUseException', $metadata: { httpStatusCode: 409 } });
    await expect(
      clients.eks.send(
        new CreateAccessEntryCommand({ clusterName: 'legacy', principalArn: other, type: 'HYBRID_LINUX' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(
      clients.eks.send(
        new CreateAccessEntryCommand({
          clusterName: 'demo',
          principalArn: 'HybridNodesRole',
          type: 'HYBRID_LINUX',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('throttles with 429 TooManyRequestsException when a fault says so', async () => {
    sim.control.setFault({ service: 'eks', operation: 'DescribeCluster', throttleRate: 1 });
    await expect(clients.eks.send(new DescribeClusterCommand({ name: 'demo' }))).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    await expect(clients.eks.send(new ListClustersCommand({}))).resolves.toBeDefined();
  });
});

describe('SSM', () => {
  const inOneDay = () => new Date(Date.now() + 24 * 3600 * 1000);

  it('creates an activation with a 20-character code and a UUID, and describes it without the code', async () => {
    const out = await clients.ssm.send(
      new CreateActivationCommand({
        IamRole: 'HybridNodesRole',
        RegistrationLimit: 1,
        DefaultInstanceName: 'store12-edge-02',
        ExpirationDate: inOneDay(),
        Tags: [{ Key: 'hybrid-bot/cluster', Value: 'demo' }],
      }),
    );
    expect(out.ActivationCode).toHaveLength(20);
    expect(out.ActivationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { ActivationList } = await clients.ssm.send(
      new DescribeActivationsCommand({
        Filters: [{ FilterKey: 'ActivationIds', FilterValues: [out.ActivationId!] }],
      }),
    );
    expect(ActivationList).toEqual([
      expect.objectContaining({
        IamRole: 'HybridNodesRole',
        RegistrationLimit: 1,
        RegistrationsCount: 0,
        Expired: false,
      }),
    ]);
    expect(JSON.stringify(ActivationList)).not.toContain(out.ActivationCode!);
    await clients.ssm.send(new DeleteActivationCommand({ ActivationId: out.ActivationId }));
    await expect(
      clients.ssm.send(new DeleteActivationCommand({ ActivationId: out.ActivationId })),
    ).rejects.toMatchObject({
      name: 'InvalidActivation',
    });
  });

  it.each([
    [
      { IamRole: 'arn:aws:iam::111122223333:role/HybridNodesRole' },
      'ValidationException',
      /Not existing role/,
    ],
    [{ IamRole: 'r'.repeat(65) }, 'ValidationException', /length less than or equal to 64/],
    [
      { IamRole: 'HybridNodesRole', RegistrationLimit: 1001 },
      'ValidationException',
      /less than or equal to 1000/,
    ],
    [
      { IamRole: 'HybridNodesRole', RegistrationLimit: 0 },
      'ValidationException',
      /greater than or equal to 1/,
    ],
    [
      { IamRole: 'HybridNodesRole', DefaultInstanceName: 'bad#name' },
      'ValidationException',
      /regular expression pattern/,
    ],
    [
      { IamRole: 'HybridNodesRole', ExpirationDate: new Date(Date.now() + 31 * 24 * 3600 * 1000) },
      'ValidationException',
      /30 days/,
    ],
    [
      { IamRole: 'HybridNodesRole', ExpirationDate: new Date(Date.now() - 1000) },
      'ValidationException',
      /future/,
    ],
  ])('refuses CreateActivation %o with %s', async (input, name, message) => {
    await expect(clients.ssm.send(new CreateActivationCommand(input))).rejects.toMatchObject({
      name,
      message: expect.stringMatching(message),
    });
  });

  it('keeps DescribeInstanceInformation MaxResults within 5 to 50', async () => {
    await expect(
      clients.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      clients.ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 5 })),
    ).resolves.toBeDefined();
  });

  it('pages DescribeActivations with NextToken', async () => {
    for (let i = 0; i < 3; i++)
      await clients.ssm.send(new CreateActivationCommand({ IamRole: 'PagingRole' }));
    const filter = [{ FilterKey: 'IamRole' as const, FilterValues: ['PagingRole'] }];
    const first = await clients.ssm.send(new DescribeActivationsCommand({ Filters: filter, MaxResults: 2 }));
    expect(first.ActivationList).toHaveLength(2);
    const second = await clients.ssm.send(
      new DescribeActivationsCommand({ Filters: filter, MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.ActivationList).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
  });

  it('throttles CreateActivation with ThrottlingException when a fault says so', async () => {
    sim.control.setFault({ service: 'ssm', operation: 'CreateActivation', throttleRate: 1 });
    await expect(
      clients.ssm.send(new CreateActivationCommand({ IamRole: 'HybridNodesRole' })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('STS', () => {
  it('names the caller and issues role credentials that it then recognises', async () => {
    const me = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/test' });
    const { Credentials, AssumedRoleUser } = await clients.sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/BotRole',
        RoleSessionName: 'hybrid-bot',
      }),
    );
    expect(AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/BotRole/hybrid-bot');
    expect(Credentials?.Expiration).toBeInstanceOf(Date);
    const asRole = new STSClient({
      endpoint: sim.awsEndpoint,
      region: 'us-west-2',
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken,
      },
    });
    expect((await asRole.send(new GetCallerIdentityCommand({}))).Arn).toBe(AssumedRoleUser?.Arn);
  });

  it('refuses a malformed role ARN with ValidationError', async () => {
    await expect(
      clients.sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn-at-all-really', RoleSessionName: 'x1' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});

describe('SigV4', () => {
  it('answers unsigned requests with the services own authentication errors', async () => {
    const eks = await fetch(`${sim.awsEndpoint}/clusters`);
    expect(eks.status).toBe(403);
    expect(eks.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const ssm = await fetch(sim.awsEndpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSSM.DescribeActivations',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });
    expect(await ssm.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const sts = await fetch(sim.awsEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/sts/aws4_request',
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(sts.status).toBe(400);
    expect(await sts.text()).toContain('<Code>IncompleteSignature</Code>');
  });
});
