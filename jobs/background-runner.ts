import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { BackgroundJobName } from '../src/background-jobs';
import { errorMessage } from '../src/blocks/simple-messages';
import { asBotError } from '../src/errors';
import type { BackgroundProcessors, CommandDeps } from './job-context';
import { ReportedFailure } from './reported-failure';

export { ReportedFailure };

/** What a job's data says about who to tell. */
interface Audience {
  responseUrl?: string;
  user?: string;
  requester?: string;
}

/**
 * Runs the background processor named by the job, with the same error model as commands: a
 * permanent failure fails at once and reaches the person the job works for once (their
 * response_url, else a direct message), with what to do; a transient one is retried and reported
 * the same way after the last try. Each is audited. A job with no processor is one of those.
 */
export function backgroundRunner(processors: BackgroundProcessors, deps: CommandDeps) {
  return async (job: Job): Promise<unknown> => {
    const log = deps.log.child({ jobId: job.id, job: job.name });
    // The one place a name read back from Redis meets the typed map: a job's name and data were
    // typed together when it was started (src/background-jobs.ts).
    const processor = processors[job.name as BackgroundJobName] as
      | ((job: Job, deps: CommandDeps) => Promise<unknown>)
      | undefined;
    try {
      if (!processor)
        throw new UnrecoverableError(`this version of the bot has no processor for ${job.name} jobs`);
      return await processor(job, { ...deps, log });
    } catch (err) {
      if (err instanceof DelayedError || err instanceof ReportedFailure) throw err;
      // An UnrecoverableError already says what is wrong; anything else is read as a BotError.
      const e = err instanceof UnrecoverableError ? undefined : asBotError(err);
      const message = e?.userMessage ?? (err as Error).message;
      const retryable = e?.retryable ?? false;
      const lastTry = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.warn(
        { code: e?.code, attempt: job.attemptsMade + 1, lastTry, err: (err as Error).message },
        'background job failed',
      );
      if (!lastTry) throw e;
      await report(job, deps, message + (retryable ? ` (gave up after ${job.attemptsMade + 1} tries)` : ''));
      throw new UnrecoverableError((err as Error).message);
    }
  };
}

async function report(job: Job, deps: CommandDeps, message: string): Promise<void> {
  const who = (job.data ?? {}) as Audience;
  const user = who.user ?? who.requester;
  const reply = errorMessage(
    `Background work \`${job.name}\``,
    `${message}. Nothing more will be tried; ask again, or tell the bot's operators if it persists`,
  );
  const jobId = `failure-${job.id}`.replace(/:/g, '-');
  if (who.responseUrl) {
    await deps.outbox.send(
      {
        kind: 'respond',
        responseUrl: who.responseUrl,
        responseType: 'ephemeral',
        replaceOriginal: false,
        ...reply,
      },
      { jobId },
    );
  } else if (user) {
    await deps.outbox.send({ kind: 'post', channel: user, ...reply }, { jobId });
  } else {
    deps.log.error(
      { jobId: job.id, job: job.name, err: message },
      'background job failed and nobody waits for it',
    );
  }
  await deps.audit.append({
    at: deps.clock.now(),
    user: user ?? 'hybrid-bot',
    channel: '',
    command: job.name,
    outcome: 'failed',
    detail: message,
  });
}
