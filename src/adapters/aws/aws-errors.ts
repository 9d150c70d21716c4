import { BotError, ErrorCode } from '../../errors';

/** The fields AWS SDK v3 errors carry; read structurally so no SDK type leaks. */
interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NotFoundException',
  'InvalidActivation',
  'InvalidActivationId',
  'InvalidInstanceId',
  'InvalidCommandId',
  'InvocationDoesNotExist',
  'InvalidResourceId',
]);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);
const VALIDATION = new Set([
  'ValidationException',
  'InvalidParameterException',
  'InvalidParameterValue',
  'InvalidParameters',
  'InvalidRequestException',
  'InvalidFilterKey',
  'InvalidFilter',
  'InvalidFilterValue',
  'InvalidInstanceInformationFilterValue',
  'InvalidNextToken',
  'InvalidDocument',
  'InvalidResourceType',
  'UnsupportedPlatformType',
  'TooManyTagsError',
  'MaxDocumentSizeExceeded',
]);
const CONFLICT = new Set(['ResourceInUseException', 'ResourceLimitExceededException', 'DuplicateInstanceId']);
const NETWORK = new Set([
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const ADVICE: Record<ErrorCode, string> = {
  [ErrorCode.NotFound]: 'Check the name and the region in the bot’s configuration.',
  [ErrorCode.AccessDenied]:
    'Check the bot’s AWS credentials and that its IAM policy (or the cluster’s roleArn) allows this call.',
  [ErrorCode.Validation]: 'Correct the request and try again.',
  [ErrorCode.Conflict]:
    'Something else changed it at the same time or a limit was reached; look and try again.',
  [ErrorCode.Throttled]: 'AWS is throttling the bot; it will try again shortly.',
  [ErrorCode.Unavailable]: 'AWS did not answer properly; the bot will try again shortly.',
  [ErrorCode.Timeout]: 'AWS did not answer in time; the bot will try again shortly.',
  [ErrorCode.Internal]: 'The bot did not expect this answer from AWS; tell the bot’s administrators.',
};

/**
 * Where AWS's error name says more than its class. SSM answers InvalidInstanceId for a managed node
 * that exists but is not Online (ConnectionLost, a site down) as for one that never did: the
 * configuration is rarely the cause.
 */
const ADVICE_BY_NAME: Record<string, string> = {
  InvalidInstanceId:
    'SSM does not see that managed node Online: the host may be switched off, cut off from the network, or deregistered. Check the host and its SSM agent (`/hybrid hosts` shows what SSM last saw), then try again.',
};

export interface AwsErrorOptions {
  /**
   * Where a secret (an activation code, a script holding one) travelled. `request`: AWS messages may
   * echo request values, so neither the message nor the SDK error is kept. `response`: the message is
   * kept, but not the SDK error, which can carry an unparsed answer body.
   */
  sensitive?: 'request' | 'response';
}

/** `action` says what was attempted, e.g. `Describing EKS cluster demo in us-west-2`. */
export function awsError(err: unknown, action: string, options: AwsErrorOptions = {}): BotError {
  if (err instanceof BotError) return err;
  const e = (err ?? {}) as AwsErrorShape;
  const name = e.name ?? 'Error';
  const code = classify(e);
  const awsMessage = options.sensitive === 'request' ? '' : oneLine(e.message);
  const what = awsMessage ? `${action} failed: ${awsMessage}` : `${action} failed (${name}).`;
  const advice = ADVICE_BY_NAME[name] ?? ADVICE[code];
  const message = `${what}${/[.!?]$/.test(what) ? '' : '.'} ${advice}`;
  const cause = options.sensitive ? sanitized(e, name) : err;
  return new BotError(code, message, { cause, retryable: retryable(code, e) });
}

function classify(e: AwsErrorShape): ErrorCode {
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (THROTTLING.has(name) || e.$retryable?.throttling || status === 429) return ErrorCode.Throttled;
  if (NOT_FOUND.has(name)) return ErrorCode.NotFound;
  if (ACCESS_DENIED.has(name) || status === 403) return ErrorCode.AccessDenied;
  if (VALIDATION.has(name)) return ErrorCode.Validation;
  if (CONFLICT.has(name)) return ErrorCode.Conflict;
  if (name === 'TimeoutError' || e.code === 'ETIMEDOUT') return ErrorCode.Timeout;
  if (NETWORK.has(name) || (e.code !== undefined && NETWORK.has(e.code))) return ErrorCode.Unavailable;
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) return ErrorCode.Unavailable;
  if (status === 404) return ErrorCode.NotFound;
  if (status === 400) return ErrorCode.Validation;
  return ErrorCode.Internal;
}

function retryable(code: ErrorCode, e: AwsErrorShape): boolean {
  if (code === ErrorCode.Throttled || code === ErrorCode.Unavailable || code === ErrorCode.Timeout)
    return true;
  // An unknown client error will fail the same way again; anything else unknown may pass.
  return code === ErrorCode.Internal && e.$fault !== 'client';
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
}

function sanitized(e: AwsErrorShape, name: string): Error {
  const kept = new Error(`${name} (HTTP ${e.$metadata?.httpStatusCode ?? '?'})`);
  kept.name = name;
  return Object.assign(kept, { requestId: e.$metadata?.requestId });
}

/** True for the AWS error code `name` (e.g. `ResourceInUseException`), read off an SDK error. */
export function isAwsError(err: unknown, name: string): boolean {
  return (err as AwsErrorShape | undefined)?.name === name;
}
