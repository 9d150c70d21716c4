import { randomBytes } from 'node:crypto';
import { createSecretBox, parseSecretKey, secretKeyFrom } from '../../../src/adapters/secret-box';
import { loadConfig } from '../../../src/config/load-config';

const bootstrap = 'activationCode: Abc123+def/GHI456jkl7890';

describe('the secret box', () => {
  it('opens what it sealed, and the sealed text holds nothing of the secret', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal(bootstrap);
    expect(sealed).not.toContain('Abc123');
    expect(sealed).not.toContain(Buffer.from(bootstrap).toString('base64').slice(0, 12));
    expect(box.open(sealed)).toBe(bootstrap);
    // A fresh IV each time: the same secret never seals to the same text.
    expect(box.seal(bootstrap)).not.toBe(sealed);
  });

  it('refuses a sealed value that was changed', () => {
    const box = createSecretBox(randomBytes(32));
    const [version, iv, tag, body] = box.seal(bootstrap).split('.');
    const flipped = Buffer.from(body ?? '', 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => box.open('not sealed at all')).toThrow('not a sealed value');
  });

  it('refuses a value sealed under another key', () => {
    const sealed = createSecretBox(randomBytes(32)).seal(bootstrap);
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it('takes HYBRID_BOT_SECRET_KEY as hex or base64, else derives one key from the signing secret', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url'))?.equals(key)).toBe(true);
    expect(parseSecretKey('too-short')).toBeUndefined();
    expect(parseSecretKey(randomBytes(16).toString('hex'))).toBeUndefined();

    const signing = { SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef' };
    const derived = secretKeyFrom(signing);
    expect(derived).toHaveLength(32);
    // Every replica derives the same key, so one seals and another opens.
    expect(secretKeyFrom({ ...signing }).equals(derived)).toBe(true);
    expect(
      secretKeyFrom({ SLACK_SIGNING_SECRET: 'another-signing-secret-abcdef012345' }).equals(derived),
    ).toBe(false);
    expect(secretKeyFrom({ ...signing, HYBRID_BOT_SECRET_KEY: key.toString('hex') }).equals(key)).toBe(true);
  });

  it('reports a malformed HYBRID_BOT_SECRET_KEY at start in one clear line', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
      HYBRID_BOT_CONFIG: '/etc/hybrid-bot/config.yaml',
      HYBRID_BOT_SECRET_KEY: 'hunter2',
    };
    const file =
      'access: {}\nclusters: [{name: demo, region: us-west-2, channel: C0OPS, hybridNodesRole: R}]';
    expect(() => loadConfig(env, () => file)).toThrow(
      /environment variable HYBRID_BOT_SECRET_KEY must be 32 random bytes as 64 hex digits or base64/,
    );
    const good = randomBytes(32).toString('base64');
    expect(loadConfig({ ...env, HYBRID_BOT_SECRET_KEY: good }, () => file).env.HYBRID_BOT_SECRET_KEY).toBe(
      good,
    );
  });
});
