export interface UntilOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** More to say when the wait fails, e.g. the last lines a worker logged. */
  detail?: () => string;
}

/**
 * Polls `probe` until it gives something other than undefined, null or false, and returns that.
 * Fails after the timeout (20 s unless given), naming what was awaited. A probe that throws ends
 * the wait with its error.
 */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  options: number | UntilOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const {
    timeoutMs = 20_000,
    intervalMs = 25,
    detail,
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) {
      return value as Exclude<T, undefined | null | false>;
    }
    if (Date.now() > deadline) {
      const more = detail ? `\n${detail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${more}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
