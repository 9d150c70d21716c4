import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { escapeMrkdwn } from '../src/blocks/mrkdwn';
import { errorMessage } from '../src/blocks/simple-messages';
import { type CommandJobName, jobSpecNamed } from '../src/domain/commands';
import { commandLine } from '../src/domain/commands/command-line';
import { asBotError } from '../src/errors';
import type { CommandJobData } from '../src/job-data';
import { replyTo } from '../src/ports';
import type { CommandDeps, CommandProcessor, CommandProcessors } from './job-context';
import { ReportedFailure } from './reported-failure';

/**
 * Runs the processor named by the job. Permanent failures fail at once with one clear message to
 * the requester; transient ones are retried, and the user hears only if every try failed.
 */
export function commandRunner(processors: CommandProcessors, deps: CommandDeps) {
  return async (job: Job<CommandJobData>): Promise<unknown> => {
    const log = deps.log.child({ jobId: job.id, job: job.name, requestId: job.data.request.requestId });
    // The one place a name read back from Redis meets the typed map: a job's name and data were
    // typed together when it was started (src/domain/commands, src/command-job.ts).
    const processor = processors[job.name as CommandJobName] as unknown as
      | CommandProcessor<CommandJobName>
      | undefined;
    if (!processor) throw new UnrecoverableError(`no processor for job ${job.name}`);
    job.data = withDeclaredArgs(job.data);
    try {
      // A cluster imported a moment ago in another process is known to the command that names it.
      await deps.stores.clusters.refresh();
      const result = await processor(job, { ...deps, log });
      await audit(job, deps, 'done');
      deps.metrics.command(job.name, 'done');
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof ReportedFailure) {
        await audit(job, deps, 'failed', err.message);
        deps.metrics.command(job.name, 'failed');
        throw err;
      }
      const e = asBotError(err);
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      log.warn(
        { code: e.code, retryable: e.retryable, attempt: job.attemptsMade + 1, err: e.message },
        'job failed',
      );
      if (!e.retryable || lastTry) {
        const suffix = e.retryable ? ` (gave up after ${job.attemptsMade + 1} tries)` : '';
        await deps.outbox.send(
          replyTo(
            job.data.request,
            errorMessage(`\`${escapeMrkdwn(commandLine(job.data))}\``, e.userMessage + suffix),
          ),
          {
            jobId: `error-${job.id}`,
          },
        );
        await audit(job, deps, 'failed', e.userMessage);
        deps.metrics.command(job.name, 'failed');
        throw new UnrecoverableError(e.message);
      }
      deps.metrics.command(job.name, 'retry');
      throw e;
    }
  };
}

/**
 * A job queued by an earlier version may carry a list option as the text typed (`h1,h2`): read
 * through its spec's schema, it reaches the processor as the list. Data the schema refuses is left
 * as it is, for the processor to answer as before.
 */
function withDeclaredArgs(data: CommandJobData): CommandJobData {
  const checked = jobSpecNamed(data.command)?.args.safeParse({
    positionals: data.positionals,
    options: data.options,
  });
  return checked?.success ? ({ ...data, ...(checked.data as object) } as CommandJobData) : data;
}

async function audit(
  job: Job<CommandJobData>,
  deps: CommandDeps,
  outcome: string,
  detail?: string,
): Promise<void> {
  const { request, command } = job.data;
  await deps.audit.append({
    at: deps.clock.now(),
    user: request.user,
    channel: request.channel,
    command,
    outcome,
    detail,
  });
}
