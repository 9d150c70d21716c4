/**
 * An error as an AWS service reports it. Each protocol renders it its own way:
 * EKS with `x-amzn-errortype` and a JSON body, SSM with `__type`, STS as query-protocol XML.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Smithy's wording for a failed model constraint, as AWS services send it. */
export function constraintError(code: string, value: unknown, member: string, constraint: string): AwsError {
  return new AwsError(
    code,
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
