import { STSClient } from '@aws-sdk/client-sts';
import { createCloudClients } from '../../../src/adapters/aws/cloud-clients';
import { stsEndpointFor } from '../../../src/adapters/aws/sts-endpoint';
import { DEMO, startAdapters, TEST_CREDENTIALS } from './harness';

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
