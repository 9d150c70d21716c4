import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { awsError } from './aws-errors';

/** Structurally the SDK's AwsCredentialIdentity, so it can be handed to any client. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<AwsCredentials>;

export const SESSION_NAME = 'hybrid-bot';
const ASSUMED_ROLE_SECONDS = 3600;
/** Renew this long before expiry, as the SDK does, so no request is signed with keys about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * Credentials for `roleArn`, assumed with `sts` (which signs with the base credentials) and kept
 * until shortly before they expire. Concurrent callers share one AssumeRole call.
 */
export function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  now: () => number = Date.now,
): CredentialProvider {
  let current: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials | undefined): c is AwsCredentials =>
    c !== undefined && (c.expiration === undefined || c.expiration.getTime() - RENEW_BEFORE_MS > now());

  const assume = async (): Promise<AwsCredentials> => {
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: SESSION_NAME,
          DurationSeconds: ASSUMED_ROLE_SECONDS,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    } catch (err) {
      throw awsError(err, `Assuming role ${roleArn}`);
    }
  };

  return async () => {
    if (fresh(current)) return current;
    pending ??= assume().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current;
  };
}

/** A fixed set of keys or a provider, as a provider. */
export function toProvider(credentials: AwsCredentials | CredentialProvider): CredentialProvider {
  return typeof credentials === 'function' ? credentials : async () => credentials;
}
