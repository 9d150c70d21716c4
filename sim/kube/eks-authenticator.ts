/** The `authenticate` hook of the API server, done as EKS does it: `Authorization: Bearer k8s-aws-v1.…`. */
import { type VerifyEksTokenOptions, verifyEksToken } from './eks-token';

export interface EksAuthenticatorOptions extends Omit<VerifyEksTokenOptions, 'now'> {
  now?: () => Date;
}

export function eksAuthenticator(
  opts: EksAuthenticatorOptions,
): (authorizationHeader: string | undefined) => { ok: true; user: string } | { ok: false; reason: string } {
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (header && !match) return { ok: false, reason: 'The Authorization header is not a bearer token.' };
    const { now, ...rest } = opts;
    const verdict = verifyEksToken(match?.[1], { ...rest, now: now?.() ?? new Date() });
    return verdict.ok ? { ok: true, user: verdict.accessKeyId } : verdict;
  };
}
