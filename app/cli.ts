import type { Tracing } from '../src/adapters/tracing/tracing';
import { ConfigError, loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/logger';
import { type Mode, startBot } from './start-bot';

const USAGE = 'usage: hybrid-bot web | worker | all';

/** `hybrid-bot web | worker | all`: load and check the configuration, start, stop cleanly on SIGTERM. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  tracing?: Tracing,
): Promise<void> {
  const mode = argv[0] as Mode | undefined;
  if (mode !== 'web' && mode !== 'worker' && mode !== 'all') {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`hybrid-bot: ${err.message}\n`);
    if (!env.SLACK_BOT_TOKEN && !env.HYBRID_BOT_CONFIG) {
      process.stderr.write(
        'To try hybrid-bot without Slack or AWS, run it against the simulator: npm run demo\n',
      );
    }
    process.exitCode = 1;
    return;
  }
  const log = createLogger({ level: config.env.LOG_LEVEL });
  let bot: Awaited<ReturnType<typeof startBot>>;
  try {
    bot = await startBot(config, mode, log, { telemetry: tracing?.telemetry });
  } catch (err) {
    // E.g. its port taken: one line that says what to do, not a stack trace.
    process.stderr.write(`hybrid-bot: ${(err as Error).message}\n`);
    await tracing?.shutdown();
    process.exitCode = 1;
    return;
  }
  log.info({ mode, clusters: config.clusters.map((c) => c.name) }, 'hybrid-bot started');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: no new requests; letting running jobs finish');
    bot.stop().then(
      async () => {
        // The last spans, of the jobs that just finished.
        await tracing?.shutdown();
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
