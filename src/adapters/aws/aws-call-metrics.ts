import type { DeserializeMiddleware, HandlerExecutionContext, MiddlewareStack } from '@smithy/types';
import { ErrorCode } from '../../errors';
import type { BotMetrics } from '../../metrics-ports';
import { awsError } from './aws-errors';

/**
 * Counts every attempt of every call the client makes, by service, operation (the SDK command, e.g.
 * `DescribeCluster`) and outcome: in the deserialize step, below the SDK's retries, so a throttle the
 * SDK retried away is still counted.
 */
export type MeasurableClient = { middlewareStack: MiddlewareStack<object, object> };

export function measureAwsCalls(
  client: MeasurableClient,
  service: 'eks' | 'ssm' | 'sts',
  metrics: BotMetrics,
): void {
  const middleware: DeserializeMiddleware<object, object> =
    (next, context: HandlerExecutionContext) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const out = await next(args);
        metrics.apiCall('aws', service, operation, 'ok', seconds());
        return out;
      } catch (err) {
        const throttled = awsError(err, operation).code === ErrorCode.Throttled;
        metrics.apiCall('aws', service, operation, throttled ? 'throttled' : 'error', seconds());
        throw err;
      }
    };
  client.middlewareStack.add(middleware, { step: 'deserialize', name: 'hybridBotCallMetrics' });
}
