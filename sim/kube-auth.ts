import type { Clock } from './clock';
import type { Identities } from './identities';
import { verifyEksToken } from './kube/eks-token';

/** EKS authentication for one cluster: a `k8s-aws-v1.` bearer token signed with credentials the simulator knows. */
export function eksAuthenticator(clusterName: string, identities: Identities, clock: Clock) {
  return (authorization: string | undefined): { ok: true; user: string } | { ok: false; reason: string } => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, reason: 'No bearer token was presented.' };
    const now = clock.now();
    const verdict = verifyEksToken(m[1], {
      clusterName,
      now,
      lookupSecret: (key) => identities.lookupSecret(key, now),
    });
    return verdict.ok ? { ok: true, user: identities.identityOf(verdict.accessKeyId).arn } : verdict;
  };
}
