/** Reading requests and writing JSON answers the way kube-apiserver frames them. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, KubeError, statusBody } from './errors';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new KubeError(413, 'RequestEntityTooLarge', 'Request entity too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const kubeError =
    err instanceof KubeError
      ? err
      : new KubeError(500, 'InternalError', `Internal error occurred: ${String(err)}`);
  const retryAfter = kubeError.details?.retryAfterSeconds;
  sendJson(
    res,
    kubeError.code,
    statusBody(kubeError),
    retryAfter ? { 'Retry-After': String(retryAfter) } : {},
  );
}

export function successStatus(code: number, details?: Record<string, unknown>): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    ...(details ? { details } : {}),
    code,
  };
}
