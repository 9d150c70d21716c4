import { TEST_CLUSTERS } from '../support/test-bot';

export const IAM_RA_CLUSTER = {
  ...TEST_CLUSTERS[0],
  name: 'demo',
  iamRolesAnywhere: {
    trustAnchorArn:
      'arn:aws:rolesanywhere:us-west-2:111122223333:trust-anchor/0d1f7a2b-1111-2222-3333-444455556666',
    profileArn: 'arn:aws:rolesanywhere:us-west-2:111122223333:profile/8c9d0e1f-1111-2222-3333-444455556666',
    roleArn: 'arn:aws:iam::111122223333:role/HybridNodesRole',
  },
};

/** Both demo clusters, demo with IAM Roles Anywhere settings. */
export function hostsFile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { clusters: [IAM_RA_CLUSTER, { ...TEST_CLUSTERS[1] }], ...extra };
}

/** The activation ID and code in a bootstrap message (as serialized JSON text). */
export function secretsIn(body: string): { activationId: string; activationCode: string } {
  const activationId = /activationId: ([0-9a-f-]{36})/.exec(body)?.[1];
  const activationCode = /activationCode: ([^\\\s"]+)/.exec(body)?.[1];
  if (!activationId || !activationCode) throw new Error(`no activation in ${body.slice(0, 500)}`);
  return { activationId, activationCode };
}
