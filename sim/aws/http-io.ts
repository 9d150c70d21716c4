import type { IncomingMessage, ServerResponse } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export function writeReply(res: ServerResponse, reply: HttpReply): void {
  res.writeHead(reply.status, {
    'content-length': String(Buffer.byteLength(reply.body)),
    ...reply.headers,
  });
  res.end(reply.body);
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
