import type { Telemetry } from 'bullmq';

export interface Tracing {
  /** BullMQ's OpenTelemetry integration: a job's spans join the trace of whatever added it. */
  telemetry: Telemetry;
  /** Sends the spans still buffered; on SIGTERM, before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces over OTLP/HTTP, configured by the standard OTEL_* variables, or nothing when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or its traces-only form) is unset. It patches http, ioredis and the AWS
 * SDK as they load, and follows fetch (Slack), so it must start before the bot's modules are required;
 * when off, none of the SDK is even loaded.
 */
export function startTracing(env: NodeJS.ProcessEnv): Tracing | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  if (env.OTEL_SDK_DISABLED === 'true') return undefined;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { IORedisInstrumentation } =
    require('@opentelemetry/instrumentation-ioredis') as typeof import('@opentelemetry/instrumentation-ioredis');
  const { AwsInstrumentation } =
    require('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { BullMQOtel } = require('bullmq-otel') as typeof import('bullmq-otel');
  const slackApi = env.SLACK_API_URL ?? 'https://slack.com/api/';

  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'hybrid-bot',
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        // The probes and Prometheus's scrapes would outnumber everything else.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ''),
      }),
      // The command's name only: arguments carry job data, stored state and sealed secrets.
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
      // fetch: the outbox's Slack Web API calls and response_url answers (headers, and so the token,
      // are not recorded). A response_url lets whoever holds it post for 30 minutes: only Web API
      // URLs are kept whole.
      new UndiciInstrumentation({
        startSpanHook: (request) =>
          new URL(request.path, request.origin).href.startsWith(slackApi)
            ? {}
            : { 'url.full': `${request.origin}/REDACTED`, 'url.path': '/REDACTED' },
      }),
    ],
  });
  sdk.start();
  return {
    telemetry: new BullMQOtel({ tracerName: 'hybrid-bot' }),
    shutdown: () => sdk.shutdown().catch(() => undefined),
  };
}
