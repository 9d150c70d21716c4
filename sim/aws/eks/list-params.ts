import type { AwsCall } from '../service';
import { invalidParameter } from './eks-errors';

/** EKS list operations take maxResults 1–100 and an opaque nextToken in the query string. */
export function listParams(call: AwsCall, clusterName?: string): { maxResults: number; nextToken?: string } {
  const raw = call.query.get('maxResults');
  const maxResults = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw invalidParameter('maxResults must be between 1 and 100', clusterName ? { clusterName } : {});
  }
  return { maxResults, nextToken: call.query.get('nextToken') ?? undefined };
}

export const badToken = () => invalidParameter('The nextToken provided is invalid.');
