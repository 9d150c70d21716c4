import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from './aws-error';
import type { HttpReply } from './http-io';
import type { SigV4Scope } from './sigv4-header';

export interface AwsCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  scope: SigV4Scope;
  requestId: string;
}

export interface Operation {
  name: string;
  run(): HttpReply | Promise<HttpReply>;
}

/** One AWS service behind the shared endpoint: how it names operations and how it words errors. */
export interface AwsService {
  name: 'eks' | 'ssm' | 'sts';
  /** Whether an (as yet unauthenticated) request is addressed to this service. */
  claims(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): boolean;
  resolve(call: AwsCall): Operation;
  renderError(error: AwsError, requestId: string): HttpReply;
  throttled(): AwsError;
  failed(): AwsError;
  authError(
    code: 'MissingAuthenticationToken' | 'IncompleteSignature' | 'InvalidSignature',
    message: string,
  ): AwsError;
}
