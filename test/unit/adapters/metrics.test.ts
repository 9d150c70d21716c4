import { createMetricsRegistry } from '../../../src/adapters/metrics/bot-metrics';
import { measuredMethods } from '../../../src/adapters/metrics/measured-methods';
import { slackRequestKind, slackRequestOutcome } from '../../../src/adapters/slack/slack-request-kind';
import { BotError, ErrorCode } from '../../../src/errors';

describe('what the Slack request counter calls a request', () => {
  it.each([
    [{ command: '/hybrid', text: 'ping' }, 'command'],
    [{ type: 'block_actions' }, 'action'],
    [{ type: 'view_submission' }, 'view'],
    [{ type: 'event_callback' }, 'event'],
    [{ type: 'block_suggestion' }, 'options'],
    [{ type: 'something_new' }, 'other'],
  ])('%j is a %s', (body, kind) => {
    expect(slackRequestKind(body)).toBe(kind);
  });

  it.each([
    [200, 'acked'],
    [401, 'bad_signature'],
    [413, 'too_large'],
    [400, 'refused'],
    [415, 'refused'],
    [500, 'failed'],
  ])('answered %i is %s', (status, outcome) => {
    expect(slackRequestOutcome(status)).toBe(outcome);
  });
});

describe('a port with every method timed', () => {
  it('counts ok, throttled and error by method name, and passes results and errors through', async () => {
    const seen: string[] = [];
    const port = measuredMethods(
      {
        listNodes: async () => ['n1'],
        getNode: async () => {
          throw new BotError(ErrorCode.Throttled, 'busy');
        },
        deleteNode: async () => {
          throw new BotError(ErrorCode.NotFound, 'gone', { retryable: false });
        },
      },
      (operation, outcome) => seen.push(`${operation} ${outcome}`),
    );
    await expect(port.listNodes()).resolves.toEqual(['n1']);
    await expect(port.getNode()).rejects.toThrow('busy');
    await expect(port.deleteNode()).rejects.toThrow('gone');
    expect(seen).toEqual(['listNodes ok', 'getNode throttled', 'deleteNode error']);
  });
});

describe("the process's registry", () => {
  it("serves the bot's series under hybrid_bot_, with Node's own, and no gauge named like a counter", async () => {
    const { registry, metrics } = createMetricsRegistry({ nodeMetrics: true });
    metrics.changeStep('pool-create', 'join-node', 'done', 2.5);
    metrics.apiCall('aws', 'ssm', 'CreateActivation', 'throttled', 0.2);
    const text = await registry.metrics();
    expect(text).toContain(
      'hybrid_bot_change_steps_total{kind="pool-create",step="join-node",outcome="done"} 1',
    );
    expect(text).toContain(
      'hybrid_bot_aws_requests_total{service="ssm",operation="CreateActivation",outcome="throttled"} 1',
    );
    expect(text).toContain('hybrid_bot_process_resident_memory_bytes');
    expect(text).not.toMatch(/^# TYPE \S+_total gauge$/m);
  });
});
