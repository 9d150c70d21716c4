/** Makes EKS tokens in tests the way an SDK-based client does: SigV4 presign of STS GetCallerIdentity. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface PresignOptions {
  clusterName: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region?: string;
  stsEndpoint?: string;
  signingDate?: Date;
}

export async function presignEksToken(o: PresignOptions): Promise<string> {
  const endpoint = new URL(o.stsEndpoint ?? 'http://127.0.0.1:4566/');
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}),
    },
    region: o.region ?? 'us-west-2',
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
      headers: { host: endpoint.host, 'x-k8s-aws-id': o.clusterName },
    },
    { expiresIn: 60, ...(o.signingDate ? { signingDate: o.signingDate } : {}) },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
