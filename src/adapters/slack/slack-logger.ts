import { LogLevel, type Logger as SlackLibLogger } from '@slack/logger';
import type { Logger } from '../../logger';

/** Bolt and the Web API client log through the bot's pino logger, so its lines are JSON and redacted like the rest. */
export function slackLogger(log: Logger): SlackLibLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(m.map(String).join(' ')),
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
