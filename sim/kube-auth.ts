import type { Clock } from './clock';
import type { Identities } from './identities';
import { eksAuthenticator as verifyBearer } from './kube/eks-authenticator';

/** EKS authentication for one cluster, over the simulator's known credentials; the user is the caller's ARN. */
export function eksAuthenticator(clusterName: string, identities: Identities, clock: Clock) {
  let now = clock.now();
  const verify = verifyBearer({
    clusterName,
    now: () => {
      now = clock.now();
      return now;
    },
    lookupSecret: (key) => identities.lookupSecret(key, now),
  });
  return (authorization: string | undefined): { ok: true; user: string } | { ok: false; reason: string } => {
    const verdict = verify(authorization ?? '');
    return verdict.ok ? { ok: true, user: identities.identityOf(verdict.user).arn } : verdict;
  };
}
