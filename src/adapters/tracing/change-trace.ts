import { context, type Link, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';

/*
 * A change's steps do not run in the trace of the approval that started it: one approval of a large
 * fleet would make one enormous trace. Each step job starts a trace of its own (its job is added
 * without the caller's context), and each step in it has a span that links to the change's start.
 * With traces off, the API's no-op implementations make all of this cost next to nothing.
 */

/** The active span as a W3C traceparent (no baggage, no secret); undefined when traces are off. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

const tracer = () => trace.getTracer('hybrid-bot');

/**
 * Runs one step of a change in a span of its own, in the active trace (its job's), linked to the
 * change's start and named by the change: a tracing UI shows which change the step belongs to.
 */
export async function inStepSpan<T>(
  change: { id: string; kind: string; traceparent?: string },
  key: string,
  run: () => Promise<T>,
  outcomeOf: (ran: T) => string,
): Promise<T> {
  const started = change.traceparent
    ? trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: change.traceparent }))
    : undefined;
  const links: Link[] = started ? [{ context: started }] : [];
  const attributes = {
    'hybrid_bot.change.id': change.id,
    'hybrid_bot.change.kind': change.kind,
    'hybrid_bot.step.key': key,
  };
  return tracer().startActiveSpan(`change step ${change.kind}`, { attributes, links }, async (span) => {
    try {
      const ran = await run();
      span.setAttribute('hybrid_bot.step.outcome', outcomeOf(ran));
      return ran;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
