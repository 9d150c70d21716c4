import { LogLevel, type Logger as SlackLibLogger } from '@slack/logger';
import type { Logger } from '../../logger';

/** Bolt and the Web API client log through the bot's pino logger, so its lines are JSON and redacted like the rest. */
export function slackLogger(log: Logger): SlackLibLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => {
      const line = m.map(String).join(' ');
      // The Web API client echoes message bodies and results at debug level; a message to a requester
      // can carry an activation code, so neither reaches the log.
      if (!/http (request|response) (body|result)|http response/i.test(line)) child.debug(line);
    },
    info: (...m: unknown[]) => child.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => child.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => child.error(m.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
