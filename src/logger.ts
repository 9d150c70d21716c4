import pino, { type Logger } from 'pino';

export type { Logger };

/** Field names whose values are secrets wherever they appear in a log object. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'activationCode',
  'ActivationCode',
  'authorization',
  'password',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
]);

/** Catches secrets by their shape, wherever they hide inside a string. */
const SECRET_PATTERNS: RegExp[] = [/xox[abprs]-[0-9A-Za-z-]+/g, /xapp-[0-9A-Za-z-]+/g];

export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((t, re) => t.replace(re, '[redacted]'), text);
}

export function createLogger(
  opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      name: opts.name ?? 'hybrid-bot',
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        // Messages are free text: scrub them by shape as a last line of defence.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    opts.destination,
  );
}
