import { BotError, ErrorCode } from '../../errors';
import type { CredentialProvider } from '../aws/credentials';
import { presignEksToken } from './eks-token';

/** EKS accepts a token for about 15 minutes; renewing at 10 leaves room for clock skew and slow calls. */
export const TOKEN_REFRESH_MS = 10 * 60_000;

export interface TokenSourceOptions {
  clusterName: string;
  region: string;
  stsEndpoint: string;
  credentials: CredentialProvider;
  now?: () => number;
  refreshAfterMs?: number;
}

/** One cluster's EKS token, signed when first needed and again once it is old or was refused. */
export class EksTokenSource {
  private current?: { token: string; signedAt: number };
  private pending?: Promise<string>;
  private readonly now: () => number;
  private readonly refreshAfterMs: number;

  constructor(private readonly options: TokenSourceOptions) {
    this.now = options.now ?? Date.now;
    this.refreshAfterMs = options.refreshAfterMs ?? TOKEN_REFRESH_MS;
  }

  async token(): Promise<string> {
    const c = this.current;
    if (c && this.now() - c.signedAt < this.refreshAfterMs) return c.token;
    this.pending ??= this.sign().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Drops the token the API server refused, so the next call signs a new one. */
  invalidate(refused: string): void {
    if (this.current?.token === refused) this.current = undefined;
  }

  private async sign(): Promise<string> {
    const signedAt = this.now();
    let credentials: Awaited<ReturnType<CredentialProvider>>;
    try {
      credentials = await this.options.credentials();
    } catch (err) {
      if (err instanceof BotError) throw err;
      throw new BotError(
        ErrorCode.AccessDenied,
        `No AWS credentials to sign a Kubernetes token for cluster ${this.options.clusterName}: configure the bot's AWS credentials (environment, profile or instance role).`,
        { cause: err },
      );
    }
    const token = await presignEksToken({
      clusterName: this.options.clusterName,
      region: this.options.region,
      stsEndpoint: this.options.stsEndpoint,
      credentials,
      signingDate: new Date(signedAt),
    });
    this.current = { token, signedAt };
    return token;
  }
}
