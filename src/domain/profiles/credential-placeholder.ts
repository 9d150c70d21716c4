import type { NodeCredential } from '../node-config';

/**
 * Stand-ins for a host's credential, for showing a profile's NodeConfig before any host is
 * registered. Each one is visibly a placeholder yet passes nodeadm's own checks, so a preview is
 * validated exactly like the real file.
 */
// nodeadm requires 20 to 250 characters; this text (35) says where the real code lives.
export const PLACEHOLDER_ACTIVATION_CODE = '<activation code, on the host only>';
// nodeadm requires a lowercase UUID; the nil UUID is never issued by SSM.
export const PLACEHOLDER_ACTIVATION_ID = '00000000-0000-0000-0000-000000000000';
// Placeholders inside ARNs keep the arn:partition:service:region:account: shape nodeadm checks.
const PLACEHOLDER_ACCOUNT = '000000000000';

export function credentialPlaceholder(kind: 'ssm' | 'iam-ra', hostName?: string): NodeCredential {
  if (kind === 'ssm') {
    return { kind, activationId: PLACEHOLDER_ACTIVATION_ID, activationCode: PLACEHOLDER_ACTIVATION_CODE };
  }
  return {
    kind,
    nodeName: hostName ?? 'node-name-from-certificate-cn',
    trustAnchorArn: `arn:aws:rolesanywhere:region:${PLACEHOLDER_ACCOUNT}:trust-anchor/<trust anchor ID>`,
    profileArn: `arn:aws:rolesanywhere:region:${PLACEHOLDER_ACCOUNT}:profile/<profile ID>`,
    roleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/<hybrid nodes role>`,
  };
}

/** Whether a credential is (partly) a placeholder: it must never reach a host. */
export function isPlaceholderCredential(credential: NodeCredential): boolean {
  if (credential.kind === 'ssm') {
    return (
      credential.activationCode === PLACEHOLDER_ACTIVATION_CODE ||
      credential.activationId === PLACEHOLDER_ACTIVATION_ID
    );
  }
  return [credential.trustAnchorArn, credential.profileArn, credential.roleArn].some((arn) =>
    arn.includes(`:${PLACEHOLDER_ACCOUNT}:`),
  );
}
