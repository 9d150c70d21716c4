import { request } from 'node:https';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RunningSimulator } from '../../sim/index';

/** An EKS token as aws eks get-token makes it: a presigned STS GetCallerIdentity URL naming the cluster. */
export async function eksToken(cluster: string): Promise<string> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    region: 'us-west-2',
    service: 'sts',
    sha256: Sha256,
  });
  const hostname = 'sts.us-west-2.amazonaws.com';
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': cluster },
    },
    { expiresIn: 60 },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `k8s-aws-v1.${Buffer.from(`https://${hostname}/?${query}`).toString('base64url')}`;
}

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes JSON as the tests read it.
export type Json = any;

/** GETs a path from a simulated cluster's API server over HTTPS, trusting the simulator's CA. */
export function kubeGet(sim: RunningSimulator, cluster: string, path: string): Promise<Json> {
  return kubeRequest(sim, cluster, 'GET', path);
}

export async function kubeRequest(
  sim: RunningSimulator,
  cluster: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const { kubeEndpoint, caPem } = sim.clusters[cluster]!;
  const token = await eksToken(cluster);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(`${kubeEndpoint}${path}`, { method, ca: caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`${res.statusCode}: ${parsed.message}`));
        else resolve(parsed);
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export const isReady = (o: Json) =>
  o.status?.conditions?.some((c: Json) => c.type === 'Ready' && c.status === 'True') === true;
