import type { AuthorizeResult } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger';
import { slackLogger } from './slack-logger';

/**
 * Bolt's own single-token authorization calls auth.test on every request when token verification
 * is off, and blocks start-up on it when on. Here auth.test runs once in the background (retried
 * with backoff) and requests never wait for Slack: until it answers, they carry just the token.
 */
export function botIdentity(opts: { token: string; apiUrl?: string; log: Logger }): {
  authorize: () => Promise<AuthorizeResult>;
  stop: () => void;
} {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    logger: slackLogger(opts.log),
  });
  let identity: { botId?: string; botUserId?: string; teamId?: string } = {};
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const lookUp = (attempt: number) => {
    client.auth.test().then(
      (r) => {
        identity = { botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id };
      },
      (err: Error) => {
        if (stopped) return;
        opts.log.warn({ err: err.message, attempt }, 'auth.test failed; will retry');
        timer = setTimeout(() => lookUp(attempt + 1), Math.min(1000 * 2 ** attempt, 60_000));
        timer.unref();
      },
    );
  };
  lookUp(0);
  return {
    authorize: async () => ({ botToken: opts.token, ...identity }),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
