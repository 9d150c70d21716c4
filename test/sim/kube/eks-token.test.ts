import { spawnSync } from 'node:child_process';
import { eksAuthenticator } from '../../../sim/kube/eks-authenticator';
import { verifyEksToken } from '../../../sim/kube/eks-token';
import { presignEksToken } from './presign-eks-token';

const KEY = 'AKIDSIMULATEDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const lookupSecret = (id: string) => (id === KEY ? SECRET : undefined);
const signedAt = new Date('2026-11-24T09:00:00Z');
const presign = (overrides: Partial<Parameters<typeof presignEksToken>[0]> = {}) =>
  presignEksToken({
    clusterName: 'demo',
    accessKeyId: KEY,
    secretAccessKey: SECRET,
    signingDate: signedAt,
    ...overrides,
  });
const at = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

describe('verifyEksToken against tokens presigned with the AWS SDK signer', () => {
  it('accepts a token for its own cluster within 15 minutes', async () => {
    const token = await presign();
    expect(verifyEksToken(token, { clusterName: 'demo', now: at(30), lookupSecret })).toEqual({
      ok: true,
      accessKeyId: KEY,
    });
    expect(verifyEksToken(token, { clusterName: 'demo', now: at(899), lookupSecret }).ok).toBe(true);
  });

  it('accepts tokens presigned against the real STS hosts and with session credentials', async () => {
    for (const stsEndpoint of ['https://sts.amazonaws.com/', 'https://sts.us-west-2.amazonaws.com/']) {
      const token = await presign({ stsEndpoint, sessionToken: 'FwoGZXIvYXdzE+/session=token' });
      expect(verifyEksToken(token, { clusterName: 'demo', now: at(1), lookupSecret }).ok).toBe(true);
    }
  });

  it('refuses a token made for another cluster', async () => {
    const token = await presign({ clusterName: 'legacy' });
    const verdict = verifyEksToken(token, { clusterName: 'demo', now: at(1), lookupSecret });
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('signature does not match') });
  });

  it('refuses an expired token and one dated in the future', async () => {
    const token = await presign();
    expect(verifyEksToken(token, { clusterName: 'demo', now: at(901), lookupSecret })).toEqual({
      ok: false,
      reason: 'The token has expired; get a new one.',
    });
    expect(verifyEksToken(token, { clusterName: 'demo', now: at(-600), lookupSecret })).toEqual({
      ok: false,
      reason: 'The token is dated in the future.',
    });
    expect(
      verifyEksToken(token, { clusterName: 'demo', now: at(120), lookupSecret, maxAgeSeconds: 60 }).ok,
    ).toBe(false);
  });

  it('refuses an unknown access key and a wrong secret', async () => {
    const unknown = await presign({ accessKeyId: 'AKIDUNKNOWNKEY000000' });
    expect(verifyEksToken(unknown, { clusterName: 'demo', now: at(1), lookupSecret })).toEqual({
      ok: false,
      reason: 'The access key AKIDUNKNOWNKEY000000 is not known.',
    });
    const forged = await presign({ secretAccessKey: 'not-the-secret' });
    expect(verifyEksToken(forged, { clusterName: 'demo', now: at(1), lookupSecret }).ok).toBe(false);
  });

  it('refuses a token whose URL was tampered with after signing', async () => {
    const url = Buffer.from((await presign()).slice('k8s-aws-v1.'.length), 'base64url').toString();
    const tampered = `k8s-aws-v1.${Buffer.from(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=900')).toString('base64url')}`;
    expect(verifyEksToken(tampered, { clusterName: 'demo', now: at(1), lookupSecret }).ok).toBe(false);
    const otherHost = `k8s-aws-v1.${Buffer.from(url.replace('127.0.0.1:4566', '127.0.0.1:4567')).toString('base64url')}`;
    expect(verifyEksToken(otherHost, { clusterName: 'demo', now: at(1), lookupSecret })).toEqual({
      ok: false,
      reason: expect.stringContaining('signature does not match'),
    });
  });

  it('says what is wrong with tokens that are not EKS tokens at all', async () => {
    const verdict = (token: string | undefined) =>
      verifyEksToken(token, { clusterName: 'demo', now: at(1), lookupSecret });
    expect(verdict(undefined)).toEqual({ ok: false, reason: 'No bearer token was presented.' });
    expect(verdict('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toEqual({
      ok: false,
      reason: 'The token does not start with "k8s-aws-v1.".',
    });
    expect(verdict('k8s-aws-v1.aGVsbG8=')).toEqual({
      ok: false,
      reason: 'The token is not base64url without padding.',
    });
    const noHeader = `k8s-aws-v1.${Buffer.from('https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDSIMULATEDEXAMPLE%2F20261124%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261124T090000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00').toString('base64url')}`;
    expect(verdict(noHeader)).toEqual({
      ok: false,
      reason: 'The token does not sign the x-k8s-aws-id header.',
    });
    const notSts = `k8s-aws-v1.${Buffer.from('https://sts.amazonaws.com/?Action=AssumeRole').toString('base64url')}`;
    expect(verdict(notSts)).toEqual({
      ok: false,
      reason: expect.stringContaining('lacks Version, X-Amz-Algorithm'),
    });
  });
});

describe('verifyEksToken against the aws CLI', () => {
  it('accepts `aws eks get-token` for its cluster and refuses it for another', () => {
    const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
    if (aws.error) {
      console.warn(`skipped: the aws CLI is not on PATH (${aws.error.message})`);
      return;
    }
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: KEY,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const run = spawnSync('aws', ['eks', 'get-token', '--cluster-name', 'demo', '--region', 'us-west-2'], {
      encoding: 'utf8',
      env,
    });
    expect(run.stderr).toBe('');
    const token = JSON.parse(run.stdout).status.token as string;
    const now = new Date();
    expect(verifyEksToken(token, { clusterName: 'demo', now, lookupSecret })).toEqual({
      ok: true,
      accessKeyId: KEY,
    });
    expect(verifyEksToken(token, { clusterName: 'legacy', now, lookupSecret }).ok).toBe(false);
  });
});

describe('eksAuthenticator', () => {
  const authenticate = eksAuthenticator({ clusterName: 'demo', lookupSecret, now: () => at(5) });

  it('accepts `Bearer <token>` and names the caller by access key', async () => {
    expect(authenticate(`Bearer ${await presign()}`)).toEqual({ ok: true, user: KEY });
  });

  it('refuses other schemes and a missing header', () => {
    expect(authenticate('Basic YWRtaW46YWRtaW4=')).toEqual({
      ok: false,
      reason: 'The Authorization header is not a bearer token.',
    });
    expect(authenticate(undefined)).toEqual({ ok: false, reason: 'No bearer token was presented.' });
  });
});
