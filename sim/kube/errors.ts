/** Errors raised by the simulated API, carried to clients as Kubernetes Status objects. */

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Unauthorized'
  | 'TooManyRequests'
  | 'Conflict'
  | 'BadRequest'
  | 'Invalid'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'InternalError';

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
  retryAfterSeconds?: number;
}

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export function statusBody(err: KubeError): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    ...(err.details ? { details: err.details } : {}),
    code: err.code,
  };
}

/** The message kube-apiserver gives, e.g. `nodes "mi-0123" not found`. */
export function notFound(resource: string, name: string, group = ''): KubeError {
  return new KubeError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });
}

export function alreadyExists(resource: string, name: string, group = ''): KubeError {
  return new KubeError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    group,
    kind: resource,
  });
}

export function conflict(resource: string, name: string, group = ''): KubeError {
  return new KubeError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );
}

export function badRequest(message: string): KubeError {
  return new KubeError(400, 'BadRequest', message);
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}
