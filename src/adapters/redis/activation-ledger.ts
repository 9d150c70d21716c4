import type { Redis } from 'ioredis';
import type { SecretBox } from '../secret-box';
import { key } from './connection';

/**
 * Where one issue request stands: `creating` before CreateActivation, `created` once SSM answered
 * (the code kept sealed, so a retry reuses the activation instead of making another), `delivered`
 * once the code is on its way to the requester (the sealed code is dropped then).
 */
export type IssueState =
  | { state: 'creating' }
  | { state: 'created'; activationId: string; sealedCode: string; expiresAt: number }
  | { state: 'delivered'; activationId: string };

const TTL_SECONDS = 7 * 24 * 3600;

/**
 * The per-request record of activations: a job retried after a crash resumes from it, never
 * creating a second activation for a host it already made one for, never deleting one it delivered.
 * A request still `creating` after a crash may have left an activation whose code nobody holds:
 * the retry deletes it before making a new one. Codes are only ever stored sealed.
 */
export class ActivationLedger {
  constructor(
    private readonly redis: Redis,
    private readonly box: SecretBox,
  ) {}

  async get(issueKey: string): Promise<IssueState | undefined> {
    const raw = await this.redis.get(key('issue', issueKey));
    return raw ? (JSON.parse(raw) as IssueState) : undefined;
  }

  /** The recorded issue keys among these (one round trip). */
  async known(issueKeys: readonly string[]): Promise<Set<string>> {
    if (issueKeys.length === 0) return new Set();
    const values = await this.redis.mget(...issueKeys.map((k) => key('issue', k)));
    return new Set(issueKeys.filter((_, i) => values[i] !== null));
  }

  async creating(issueKey: string): Promise<void> {
    await this.set(issueKey, { state: 'creating' });
  }

  async created(
    issueKey: string,
    activationId: string,
    activationCode: string,
    expiresAt: number,
  ): Promise<void> {
    await this.set(issueKey, {
      state: 'created',
      activationId,
      sealedCode: this.box.seal(activationCode),
      expiresAt,
    });
  }

  /** The code of a created activation, or undefined when it was sealed under another key. */
  codeOf(state: Extract<IssueState, { state: 'created' }>): string | undefined {
    try {
      return this.box.open(state.sealedCode);
    } catch {
      return undefined;
    }
  }

  async delivered(issueKey: string, activationId: string): Promise<void> {
    await this.set(issueKey, { state: 'delivered', activationId });
  }

  private async set(issueKey: string, state: IssueState): Promise<void> {
    await this.redis.set(key('issue', issueKey), JSON.stringify(state), 'EX', TTL_SECONDS);
  }
}
