import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals secrets that must wait in Redis (a bootstrap the outbox could not deliver yet) with
 * AES-256-GCM under a key that is never stored in Redis, so neither Redis nor its AOF files hold them in clear.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the text was changed or sealed under another key. */
  open(sealed: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
/** Binds every sealed value to this use: a value sealed elsewhere with the same key does not open here. */
const AAD = Buffer.from('hybrid-bot sealed secret v1');

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  return {
    seal: (plaintext) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join('.');
    },
    open: (sealed) => {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
        throw new Error('not a sealed value');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(AAD);
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** 32 bytes written as 64 hex digits or as base64; undefined when the text is neither. */
export function parseSecretKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/**
 * `HYBRID_BOT_SECRET_KEY` when set (validated at start), else a key derived with HKDF-SHA256 from the
 * signing secret: every replica derives the same key, and none of it is in Redis.
 */
export function secretKeyFrom(env: { HYBRID_BOT_SECRET_KEY?: string; SLACK_SIGNING_SECRET: string }): Buffer {
  if (env.HYBRID_BOT_SECRET_KEY) {
    const key = parseSecretKey(env.HYBRID_BOT_SECRET_KEY);
    if (!key) throw new Error('HYBRID_BOT_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
    return key;
  }
  return Buffer.from(
    hkdfSync('sha256', env.SLACK_SIGNING_SECRET, 'hybrid-bot', 'outbox secrets at rest', 32),
  );
}
