/** What replaces a secret: says something was there without saying what. */
export const REDACTED = '[redacted]';

/** A key whose value is a secret, in `key=value`, `key: value` or `"key": "value"` form. */
const SECRET_KEYS = [
  'activation[_-]?code',
  'aws_secret_access_key',
  'secret[_-]?access[_-]?key',
  'aws_session_token',
  'session[_-]?token',
  'security[_-]?token',
  'password',
  'passwd',
  'token',
  'client[_-]?secret',
  'api[_-]?key',
].join('|');

/**
 * Patterns for secrets a host's output may hold, each with the part kept (`$1`) before the secret.
 * Ordered so a whole PEM block goes first, then keyed values, then secrets recognisable on their own.
 */
const PATTERNS: [RegExp, string][] = [
  // A PEM private key, header to footer (or to the end, when output was cut inside it).
  [
    /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    `-----BEGIN $1PRIVATE KEY----- ${REDACTED} -----END $1PRIVATE KEY-----`,
  ],
  // `amazon-ssm-agent -register -code "…" -id "…"` and `--activation-code …`.
  [/((?<![\w-])-{1,2}(?:activation-)?code[\s=]+["']?)[A-Za-z0-9+/=]{8,}/g, `$1${REDACTED}`],
  // `Authorization: Bearer …`, and the EKS token wherever it appears.
  [/(\bBearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/gi, `$1${REDACTED}`],
  [/\bk8s-aws-v1\.[A-Za-z0-9_\-.]+/g, `k8s-aws-v1.${REDACTED}`],
  // key=value, key: value, "key": "value".
  [
    new RegExp(`(\\b(?:${SECRET_KEYS})["']?\\s*[:=]\\s*["']?)(?!\\[redacted\\])[^\\s"'&,;}]+`, 'gi'),
    `$1${REDACTED}`,
  ],
  // AWS access key IDs (long-term AKIA, temporary ASIA) and STS session tokens by their prefixes.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\b(?:IQoJb3JpZ2lu|FwoGZXIvYXdz)[A-Za-z0-9/+=]{20,}/g, REDACTED],
  // A bare activation code (20 characters) or secret access key (40): told apart from words, hashes
  // and names by holding upper case, lower case and digits at once.
  [/(?<![A-Za-z0-9+/=])(?:[A-Za-z0-9+/]{20}|[A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])/g, ''],
  // Slack bot, user, app-level and configuration tokens.
  [/\bxox[abprse]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
];

/**
 * Text from a host with its secrets replaced by `[redacted]`: SSM activation codes, AWS keys and
 * session tokens, bearer and EKS tokens, Slack tokens, private keys, passwords and tokens given as
 * `key=value`. Applied to everything from a host before it is posted or shared as a file.
 */
export function redactSecrets(text: string): string {
  return PATTERNS.reduce(
    (out, [pattern, replacement]) =>
      replacement
        ? out.replace(pattern, replacement)
        : out.replace(pattern, (m) => (looksRandom(m) ? REDACTED : m)),
    text,
  );
}

function looksRandom(token: string): boolean {
  return /[A-Z]/.test(token) && /[a-z]/.test(token) && /[0-9]/.test(token);
}
