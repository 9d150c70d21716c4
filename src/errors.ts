/** Error codes the bot's own errors carry; users see the message, operators the code. */
export enum ErrorCode {
  Validation = 'validation',
  NotFound = 'not_found',
  AccessDenied = 'access_denied',
  Conflict = 'conflict',
  Throttled = 'throttled',
  Unavailable = 'unavailable',
  Timeout = 'timeout',
  Internal = 'internal',
}

const RETRYABLE = new Set([ErrorCode.Throttled, ErrorCode.Unavailable, ErrorCode.Timeout]);

/**
 * An error that knows whether trying again can help, and what to tell the user:
 * `userMessage` says what failed and what to do, in one or two lines, and never holds a secret.
 */
export class BotError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(userMessage, { cause: options.cause });
    this.name = 'BotError';
    this.retryable = options.retryable ?? RETRYABLE.has(code);
  }
}

/** Wraps anything thrown into a BotError once, at the boundary; unknown errors are retried. */
export function asBotError(err: unknown): BotError {
  if (err instanceof BotError) return err;
  return new BotError(ErrorCode.Internal, 'Something went wrong inside the bot; it will try again.', {
    cause: err,
    retryable: true,
  });
}
