import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { BotMetrics } from '../../metrics-ports';

export const PREFIX = 'hybrid_bot_';

/** Slack wants an answer within 3 s: the buckets resolve that range finely. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/** AWS and Kubernetes calls: milliseconds to the SDK's 30 s request timeout. */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Steps and sweeps: a cordon takes a second, a node's join or drain minutes. */
const STEP_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800];

export interface MetricsRegistry {
  registry: Registry;
  metrics: BotMetrics;
}

/**
 * One registry per process, with Node's own metrics and the bot's, all prefixed `hybrid_bot_`.
 * Built once in the composition root and passed to whatever records.
 */
export function createMetricsRegistry(opts: { nodeMetrics: boolean }): MetricsRegistry {
  const registry = new Registry();
  // Node's own metrics watch the event loop and GC for as long as the process runs: only where served.
  if (opts.nodeMetrics) {
    collectDefaultMetrics({ register: registry, prefix: PREFIX });
    // prom-client names these gauges *_total, which Prometheus keeps for counters (promtool refuses
    // them); the same counts by type remain as nodejs_active_handles, _requests and _resources.
    for (const name of ['active_handles_total', 'active_requests_total', 'active_resources_total']) {
      registry.removeSingleMetric(`${PREFIX}nodejs_${name}`);
    }
  }
  const registers = [registry];

  const slackRequests = new Counter({
    name: `${PREFIX}slack_requests_total`,
    help: 'Requests Slack sent to /slack/events, by kind and how the bot answered.',
    labelNames: ['kind', 'outcome'],
    registers,
  });
  const ackSeconds = new Histogram({
    name: `${PREFIX}slack_ack_duration_seconds`,
    help: 'Time from a Slack request reaching the bot to its answer (Slack gives up after 3 s).',
    labelNames: ['kind'],
    buckets: ACK_BUCKETS,
    registers,
  });
  const commands = new Counter({
    name: `${PREFIX}commands_total`,
    help: 'Command job runs by command and outcome (retry: a transient failure, tried again).',
    labelNames: ['command', 'outcome'],
    registers,
  });
  const steps = new Counter({
    name: `${PREFIX}change_steps_total`,
    help: "Runs of changes' steps by change kind, step action and outcome.",
    labelNames: ['kind', 'step', 'outcome'],
    registers,
  });
  const stepSeconds = new Histogram({
    name: `${PREFIX}change_step_duration_seconds`,
    help: "How long one run of a change's step took.",
    labelNames: ['kind', 'step'],
    buckets: STEP_BUCKETS,
    registers,
  });
  const sweeps = new Counter({
    name: `${PREFIX}monitor_sweeps_total`,
    help: 'Monitor evaluations of a cluster: ok, unreachable (the cluster could not be read) or failed.',
    labelNames: ['outcome'],
    registers,
  });
  const sweepSeconds = new Histogram({
    name: `${PREFIX}monitor_sweep_duration_seconds`,
    help: 'How long one monitor evaluation of a cluster took.',
    buckets: STEP_BUCKETS,
    registers,
  });
  const nodesSeen = new Counter({
    name: `${PREFIX}monitor_nodes_seen_total`,
    help: 'Nodes read by monitor evaluations (their rate is the nodes watched per second).',
    registers,
  });
  const awsCalls = new Counter({
    name: `${PREFIX}aws_requests_total`,
    help: 'AWS API attempts by service, operation and outcome (ok, throttled, error); SDK retries count each.',
    labelNames: ['service', 'operation', 'outcome'],
    registers,
  });
  const awsSeconds = new Histogram({
    name: `${PREFIX}aws_request_duration_seconds`,
    help: 'Latency of one AWS API attempt.',
    labelNames: ['service', 'operation'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const kubeCalls = new Counter({
    name: `${PREFIX}kubernetes_requests_total`,
    help: 'Kubernetes API calls by operation and outcome (ok, throttled, error).',
    labelNames: ['operation', 'outcome'],
    registers,
  });
  const kubeSeconds = new Histogram({
    name: `${PREFIX}kubernetes_request_duration_seconds`,
    help: 'Latency of one Kubernetes API call (pages of a list included).',
    labelNames: ['operation'],
    buckets: CALL_BUCKETS,
    registers,
  });
  const deliveries = new Counter({
    name: `${PREFIX}slack_api_calls_total`,
    help: "Calls to Slack's Web API (and response_url) by method and outcome (ok, rate_limited: a 429, error).",
    labelNames: ['method', 'outcome'],
    registers,
  });

  return {
    registry,
    metrics: {
      slackRequest: (kind, outcome, seconds) => {
        slackRequests.inc({ kind, outcome });
        if (outcome === 'acked') ackSeconds.observe({ kind }, seconds);
      },
      command: (command, outcome) => commands.inc({ command, outcome }),
      changeStep: (kind, step, outcome, seconds) => {
        steps.inc({ kind, step, outcome });
        stepSeconds.observe({ kind, step }, seconds);
      },
      monitorSweep: (outcome, seconds, nodes) => {
        sweeps.inc({ outcome });
        sweepSeconds.observe(seconds);
        nodesSeen.inc(nodes);
      },
      apiCall: (api, service, operation, outcome, seconds) => {
        if (api === 'aws') {
          awsCalls.inc({ service, operation, outcome });
          awsSeconds.observe({ service, operation }, seconds);
        } else {
          kubeCalls.inc({ operation, outcome });
          kubeSeconds.observe({ operation }, seconds);
        }
      },
      slackCall: (method, outcome) => deliveries.inc({ method, outcome }),
    },
  };
}
