/** Who a set of AWS credentials belongs to, as STS GetCallerIdentity would answer. */
export interface Identity {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
  userId: string;
  expiresAt?: Date;
}

/**
 * The credentials the simulator knows: the scenario's long-term keys and those AssumeRole issued.
 * Kubernetes tokens are verified against these secrets.
 */
export class Identities {
  private readonly byKey = new Map<string, Identity>();

  constructor(private readonly account: string) {}

  addUser(accessKeyId: string, secretAccessKey: string): void {
    const arn = `arn:aws:iam::${this.account}:user/${accessKeyId}`;
    this.byKey.set(accessKeyId, {
      accessKeyId,
      secretAccessKey,
      arn,
      userId: `AIDA${pseudoId(accessKeyId)}`,
    });
  }

  add(identity: Identity): void {
    this.byKey.set(identity.accessKeyId, identity);
  }

  lookupSecret(accessKeyId: string, now: Date): string | undefined {
    const id = this.byKey.get(accessKeyId);
    if (!id || (id.expiresAt && id.expiresAt <= now)) return undefined;
    return id.secretAccessKey;
  }

  /** Any well-formed key is accepted by the AWS endpoint; unknown ones are treated as users of the account. */
  identityOf(accessKeyId: string): Pick<Identity, 'arn' | 'userId'> {
    return (
      this.byKey.get(accessKeyId) ?? {
        arn: `arn:aws:iam::${this.account}:user/${accessKeyId}`,
        userId: `AIDA${pseudoId(accessKeyId)}`,
      }
    );
  }
}

/** A stable 17-character upper-case ID derived from a key, in the style of IAM unique IDs. */
export function pseudoId(seed: string): string {
  let h = 2166136261;
  let out = '';
  while (out.length < 17) {
    for (const c of seed + out.length) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(36).toUpperCase();
  }
  return out.slice(0, 17);
}
