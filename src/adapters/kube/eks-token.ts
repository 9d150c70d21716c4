/**
 * The bearer token EKS accepts for its Kubernetes API: `k8s-aws-v1.` + base64url (no padding) of a
 * presigned STS GetCallerIdentity URL whose signature covers `x-k8s-aws-id: <cluster name>`. The
 * API server has STS run the request and learns who signed it; no aws CLI or kubeconfig involved.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from '../aws/credentials';

export const TOKEN_PREFIX = 'k8s-aws-v1.';
/** What aws-iam-authenticator and `aws eks get-token` use; EKS then accepts the token for about 15 minutes. */
const PRESIGN_SECONDS = 60;

export interface EksTokenInput {
  clusterName: string;
  region: string;
  /** The STS endpoint URL, e.g. https://sts.us-west-2.amazonaws.com */
  stsEndpoint: string;
  credentials: AwsCredentials;
  signingDate: Date;
}

export async function presignEksToken(input: EksTokenInput): Promise<string> {
  const endpoint = new URL(input.stsEndpoint);
  const signer = new SignatureV4({
    credentials: input.credentials,
    region: input.region,
    service: 'sts',
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, 'x-k8s-aws-id': input.clusterName },
    },
    { expiresIn: PRESIGN_SECONDS, signingDate: input.signingDate },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}
