import type { STSClient } from '@aws-sdk/client-sts';

export type Env = Record<string, string | undefined>;

/**
 * The STS endpoint an EKS token is presigned for. The SDK clients find configured endpoints
 * themselves; the token is signed outside a client, so the same configuration is read here:
 * an explicit endpoint, then AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL (unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true), then the region's own endpoint from the SDK's rules.
 */
export function stsEndpointFor(
  region: string,
  sts: STSClient,
  explicit: string | undefined,
  env: Env,
): string {
  if (explicit) return explicit;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
    const configured = env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL;
    if (configured) return configured;
  }
  const resolved = sts.config.endpointProvider({
    Region: region,
    UseFIPS: false,
    UseDualStack: false,
    // The token must name the regional endpoint: EKS rejects tokens for the global one in some partitions.
    UseGlobalEndpoint: false,
  });
  return resolved.url.href;
}
