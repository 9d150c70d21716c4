import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carries it, with its process's service name. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's numbers: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  /** Spans of other traces (or of its own) this one names as related: a change's step, its change. */
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  /** The span exactly as received, to look for text anywhere in it. */
  raw: string;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  arrayValue?: unknown;
};
type KeyValue = { key: string; value: AnyValue };

const plainValue = (v: AnyValue) => v.stringValue ?? v.intValue ?? v.boolValue ?? v.arrayValue;
const attributesOf = (list: KeyValue[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, plainValue(a.value)]));

/** An OpenTelemetry collector's OTLP/HTTP endpoint (JSON), in the test's process: keeps every span. */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans?: {
            resource?: { attributes?: KeyValue[] };
            scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[];
          }[];
        };
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                service,
                scope: ss.scope?.name ?? '',
                traceId: String(s.traceId),
                spanId: String(s.spanId),
                parentSpanId: s.parentSpanId ? String(s.parentSpanId) : undefined,
                name: String(s.name),
                kind: Number(s.kind),
                attributes: attributesOf(s.attributes as KeyValue[]),
                links: (
                  (s.links ?? []) as { traceId: string; spanId: string; attributes?: KeyValue[] }[]
                ).map((l) => ({
                  traceId: l.traceId,
                  spanId: l.spanId,
                  attributes: attributesOf(l.attributes),
                })),
                raw: JSON.stringify(s),
              });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
