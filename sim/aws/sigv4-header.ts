/** What a well-formed SigV4 signature tells the simulator: who signed, for which region and service. */
export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export type SigV4Check =
  | { ok: true; scope: SigV4Scope }
  | { ok: false; code: 'MissingAuthenticationToken' | 'IncompleteSignature'; message: string };

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/;

/**
 * Checks the shape of a SigV4 signature (header or presigned query), not its value:
 * the simulator accepts any key, as the issue asks, but not a request that AWS would refuse unread.
 */
export function checkSigV4(
  headers: Record<string, string | string[] | undefined>,
  query: URLSearchParams,
): SigV4Check {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0)
    return checkHeader(authorization, headers);
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) return checkQuery(query);
  return { ok: false, code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' };
}

function checkHeader(
  authorization: string,
  headers: Record<string, string | string[] | undefined>,
): SigV4Check {
  const [algorithm, ...rest] = authorization.trim().split(/\s+/);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    return incomplete(
      `Authorization header requires 'AWS4-HMAC-SHA256' algorithm. Authorization=${authorization}`,
    );
  }
  const params = new Map<string, string>();
  for (const part of rest.join(' ').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length > 0) {
    const needs = missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ');
    return incomplete(`${needs} Authorization=${authorization}`);
  }
  if (!headers['x-amz-date'] && !headers.date) {
    return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  return scopeFrom(params.get('Credential')!, params.get('Signature')!);
}

function checkQuery(query: URLSearchParams): SigV4Check {
  if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
    return incomplete("AWS query-string parameters must include 'X-Amz-Algorithm'.");
  }
  const missing = ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'].filter(
    (p) => !query.get(p),
  );
  if (missing.length > 0) {
    return incomplete(`AWS query-string parameters must include ${missing.map((m) => `'${m}'`).join(', ')}.`);
  }
  return scopeFrom(query.get('X-Amz-Credential')!, query.get('X-Amz-Signature')!);
}

function scopeFrom(credential: string, signature: string): SigV4Check {
  const m = CREDENTIAL.exec(credential);
  if (!m) {
    return incomplete(
      `Credential should be scoped to a valid region, date, service and terminator 'aws4_request'. Credential=${credential}`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) return incomplete(`Signature must be 64 hexadecimal characters.`);
  return { ok: true, scope: { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! } };
}

function incomplete(message: string): SigV4Check {
  return { ok: false, code: 'IncompleteSignature', message };
}
