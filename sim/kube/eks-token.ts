/**
 * Verifies EKS bearer tokens the way the EKS control plane does (aws-iam-authenticator): the token is
 * `k8s-aws-v1.` + base64url of a presigned STS GetCallerIdentity URL whose signature covers the
 * `x-k8s-aws-id` header naming the cluster. The SigV4 check is written here with node:crypto alone, so
 * it does not share code with the SDK signer that produces the tokens.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface VerifyEksTokenOptions {
  clusterName: string;
  now: Date;
  lookupSecret: (accessKeyId: string) => string | undefined;
  /** How long after X-Amz-Date a token is accepted; EKS accepts about 15 minutes. */
  maxAgeSeconds?: number;
  /** How far in the future X-Amz-Date may be; SigV4 allows 5 minutes of clock skew. */
  maxClockSkewSeconds?: number;
}

export type EksTokenVerdict = { ok: true; accessKeyId: string } | { ok: false; reason: string };

const PREFIX = 'k8s-aws-v1.';
const REQUIRED = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
];
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function verifyEksToken(token: string | undefined, opts: VerifyEksTokenOptions): EksTokenVerdict {
  if (!token) return fail('No bearer token was presented.');
  if (!token.startsWith(PREFIX)) return fail(`The token does not start with "${PREFIX}".`);
  const encoded = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return fail('The token is not base64url without padding.');
  let url: URL;
  try {
    url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return fail('The token does not hold a URL.');
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.pathname !== '/') {
    return fail('The token does not hold a presigned STS URL for path "/".');
  }

  const params = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (params.has(key)) return fail(`The presigned URL repeats the parameter ${key}.`);
    params.set(key, value);
  }
  const missing = REQUIRED.filter((k) => !params.has(k));
  if (missing.length > 0) return fail(`The presigned URL lacks ${missing.join(', ')}.`);
  const p = (k: string) => params.get(k) ?? '';
  if (p('Action') !== 'GetCallerIdentity' || p('Version') !== '2011-06-15') {
    return fail('The presigned request is not STS GetCallerIdentity (Version 2011-06-15).');
  }
  if (p('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    return fail('The token is not signed with AWS4-HMAC-SHA256.');

  const [accessKeyId, day, region, service, terminator, ...extra] = p('X-Amz-Credential').split('/');
  if (
    !accessKeyId ||
    !day ||
    !region ||
    service !== 'sts' ||
    terminator !== 'aws4_request' ||
    extra.length > 0
  ) {
    return fail('X-Amz-Credential is not KEY/DATE/REGION/sts/aws4_request.');
  }
  const amzDate = p('X-Amz-Date');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || amzDate.slice(0, 8) !== day)
    return fail('X-Amz-Date is malformed or disagrees with the credential date.');
  if (!/^\d+$/.test(p('X-Amz-Expires'))) return fail('X-Amz-Expires is not a number of seconds.');

  const signedHeaders = p('X-Amz-SignedHeaders').split(';');
  if (!signedHeaders.includes('x-k8s-aws-id'))
    return fail('The token does not sign the x-k8s-aws-id header.');
  if (!signedHeaders.includes('host')) return fail('The token does not sign the host header.');
  const unknown = signedHeaders.filter((h) => h !== 'host' && h !== 'x-k8s-aws-id');
  if (unknown.length > 0)
    return fail(`The token signs headers the API server cannot see: ${unknown.join(', ')}.`);

  const ageSeconds = (opts.now.getTime() - signedAt.getTime()) / 1000;
  if (ageSeconds > (opts.maxAgeSeconds ?? 900)) return fail('The token has expired; get a new one.');
  if (-ageSeconds > (opts.maxClockSkewSeconds ?? 300)) return fail('The token is dated in the future.');

  const secret = opts.lookupSecret(accessKeyId);
  if (secret === undefined) return fail(`The access key ${accessKeyId} is not known.`);

  const headers: [string, string][] = [
    ['host', url.host],
    ['x-k8s-aws-id', opts.clusterName],
  ];
  const presented = Buffer.from(p('X-Amz-Signature'), 'utf8');
  // SDKs hash the empty GET body; some presigners state UNSIGNED-PAYLOAD instead. Both are genuine.
  for (const payloadHash of [EMPTY_BODY_SHA256, 'UNSIGNED-PAYLOAD']) {
    const canonical = canonicalRequest(params, headers, payloadHash);
    const expected = Buffer.from(signature(secret, amzDate, day, region, canonical), 'utf8');
    if (expected.length === presented.length && timingSafeEqual(expected, presented)) {
      return { ok: true, accessKeyId };
    }
  }
  return fail(
    `The signature does not match: the token was not made for cluster "${opts.clusterName}" with a valid key.`,
  );
}

function fail(reason: string): EksTokenVerdict {
  return { ok: false, reason };
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function canonicalRequest(
  params: Map<string, string>,
  headers: [string, string][],
  payloadHash: string,
): string {
  const query = [...params]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = headers.map(([k, v]) => `${k}:${v.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = headers.map(([k]) => k).join(';');
  return ['GET', '/', query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function signature(secret: string, amzDate: string, day: string, region: string, canonical: string): string {
  const scope = `${day}/${region}/sts/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, day);
  for (const part of [region, 'sts', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
