import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger';

/** Bolt logs through the bot's pino logger, so its lines are JSON and redacted like the rest. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
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
