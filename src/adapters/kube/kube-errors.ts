import { ApiException } from '@kubernetes/client-node';
import { BotError, ErrorCode } from '../../errors';

/** The parts of a Kubernetes Status body the bot reads. */
export interface KubeStatus {
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

export function statusOf(err: ApiException<unknown>): KubeStatus {
  const body = err.body;
  if (body && typeof body === 'object') return body as KubeStatus;
  if (typeof body !== 'string' || body === '') return {};
  try {
    return JSON.parse(body) as KubeStatus;
  } catch {
    return { message: body.slice(0, 300) };
  }
}

const TLS_FAILURES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

/** `action` says what was attempted, e.g. `Listing nodes of cluster demo`. */
export function kubeError(err: unknown, action: string, cluster: string): BotError {
  if (err instanceof BotError) return err;
  if (!(err instanceof ApiException)) return transportError(err, action, cluster);
  const found = statusOf(err).message?.replace(/\s+/g, ' ').trim();
  const what = found ? `${action} failed: ${found}` : `${action} failed (HTTP ${err.code}).`;
  const say = (code: ErrorCode, advice: string) =>
    new BotError(code, `${what}${/[.!?]$/.test(what) ? '' : '.'} ${advice}`, { cause: err });
  switch (err.code) {
    case 401:
      return say(
        ErrorCode.AccessDenied,
        `The Kubernetes API of ${cluster} did not accept the bot's EKS token: check that the cluster's authentication mode is API or API_AND_CONFIG_MAP and that the bot's IAM principal has an access entry.`,
      );
    case 403:
      return say(
        ErrorCode.AccessDenied,
        `Give the bot's IAM principal an access entry on ${cluster} with a policy that allows this (e.g. AmazonEKSClusterAdminPolicy).`,
      );
    case 404:
      return say(ErrorCode.NotFound, 'It may have been deleted meanwhile; check the name.');
    case 409:
      return say(ErrorCode.Conflict, 'Something else changed it at the same time; the bot will look again.');
    case 400:
    case 422:
      return say(ErrorCode.Validation, 'The request was refused as invalid; tell the bot’s administrators.');
    case 429:
      return say(ErrorCode.Throttled, 'The Kubernetes API is busy; the bot will try again shortly.');
    default:
      if (err.code >= 500) {
        return say(ErrorCode.Unavailable, 'The Kubernetes API failed; the bot will try again shortly.');
      }
      return say(ErrorCode.Internal, 'The bot did not expect this answer; tell the bot’s administrators.');
  }
}

function transportError(err: unknown, action: string, cluster: string): BotError {
  const e = (err ?? {}) as { code?: string; message?: string; name?: string };
  const detail = `${e.code ?? ''} ${e.message ?? ''}`;
  if (TLS_FAILURES.test(detail)) {
    return new BotError(
      ErrorCode.Unavailable,
      `${action} failed: the Kubernetes API of ${cluster} did not present a certificate from the cluster's CA. Check the cluster endpoint.`,
      { cause: err, retryable: false },
    );
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new BotError(
      ErrorCode.Timeout,
      `${action} failed: the Kubernetes API of ${cluster} did not answer in time; the bot will try again shortly.`,
      { cause: err },
    );
  }
  return new BotError(
    ErrorCode.Unavailable,
    `${action} failed: the Kubernetes API of ${cluster} could not be reached (${e.code ?? e.name ?? 'network error'}); the bot will try again shortly.`,
    { cause: err },
  );
}
