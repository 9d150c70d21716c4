import { asBotError, ErrorCode } from '../../errors';
import type { CallOutcome } from '../../metrics-ports';

/** throttled when the error says so (a 429 or the service's throttling code), else error. */
export function outcomeOf(err: unknown): CallOutcome {
  return asBotError(err).code === ErrorCode.Throttled ? 'throttled' : 'error';
}

/**
 * The same object with every method timed: `record` hears each call's method name (a fixed set, the
 * port's own), outcome and seconds. Used where the port's methods are the operations to count.
 */
export function measuredMethods<T extends object>(
  target: T,
  record: (operation: string, outcome: CallOutcome, seconds: number) => void,
): T {
  const measured = { ...target } as Record<string, unknown>;
  for (const [name, value] of Object.entries(target)) {
    if (typeof value !== 'function') continue;
    measured[name] = async (...args: unknown[]) => {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        record(name, 'ok', seconds());
        return result;
      } catch (err) {
        record(name, outcomeOf(err), seconds());
        throw err;
      }
    };
  }
  return measured as T;
}
