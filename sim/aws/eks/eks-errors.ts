import { AwsError } from '../aws-error';

export const notFound = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError('ResourceNotFoundException', message, 404, fields);
export const invalidParameter = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError('InvalidParameterException', message, 400, fields);
export const invalidRequest = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError('InvalidRequestException', message, 400, fields);
export const inUse = (message: string, fields: Record<string, unknown> = {}) =>
  new AwsError('ResourceInUseException', message, 409, fields);

export const AUTH_MODE_REQUIRED =
  "The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP] to perform this operation.";
