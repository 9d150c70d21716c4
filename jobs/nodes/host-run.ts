import type { CommandResult } from '../../src/cloud-ports';
import { nextLookMs, typicalDurationMs } from '../../src/domain/changes/next-look';
import { BotError, ErrorCode } from '../../src/errors';
import { type StepContext, StepWaiting } from '../changes/change-feature';

const FINISHED = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut']);

/** How long the step has been under way, on the bot's clock. */
export function stepElapsedMs(ctx: StepContext): number {
  return ctx.deps.clock.now() - (ctx.step.startedAt ?? ctx.deps.clock.now());
}

/**
 * Waits again (see nextLookMs: a backoff, or until about when steps like it ended), or gives up
 * once it has waited `limitMinutes`.
 */
export function waitAgain(
  ctx: StepContext,
  progress: string,
  limitMinutes: number,
  givingUp: string,
  expectedMs?: number,
): never {
  const waited = stepElapsedMs(ctx);
  if (waited >= limitMinutes * 60_000) {
    // Not retried: the step has already waited its whole limit; a person decides now.
    throw new BotError(ErrorCode.Timeout, `${givingUp} after ${limitMinutes} min (${progress}).`, {
      retryable: false,
    });
  }
  throw new StepWaiting(progress, nextLookMs(waited, ctx.deps.config.pools, expectedMs));
}

/**
 * How long steps of this kind took on the hosts already through in this change, in the same
 * direction (forward or rolling back): the next look is timed from it.
 */
export function expectedStepMs(ctx: StepContext): number | undefined {
  const back = Boolean(ctx.step.back);
  return typicalDurationMs(
    ctx.journal.filter((s) => s.action === ctx.step.action && s.state === 'done' && Boolean(s.back) === back),
  );
}

/** The comment that finds this step's command in the instance's history: one send per step and Retry. */
export function stepCommandComment(ctx: StepContext): string {
  return `hybrid-bot change ${ctx.change.id} ${ctx.step.key} round ${ctx.step.round ?? 0}`;
}

/**
 * Runs a script on a managed instance once per step (and Retry) and returns its result when it
 * has finished; while it runs, the step waits without holding a worker. A command sent before a
 * worker died is found by its comment, never sent twice. Scripts never carry secrets: SSM keeps
 * every command's parameters in its history.
 */
export async function runOnHostOnce(
  ctx: StepContext,
  instanceId: string,
  commands: string[] | (() => Promise<string[]>),
  opts: {
    what: string;
    limitMinutes: number;
    timeoutSeconds: number;
    /** What this run already found with sentCommand (null: nothing sent yet). */
    sent?: string | null;
  },
): Promise<CommandResult> {
  const { ssm } = ctx.deps.cloud.forCluster(clusterOf(ctx));
  // Looked at again about when steps like it ended on the hosts already through.
  const expectedMs = expectedStepMs(ctx);
  const found = opts.sent === undefined ? await sentCommand(ctx, instanceId) : (opts.sent ?? undefined);
  const commandId =
    found ??
    (await ssm.sendShellCommand(
      [instanceId],
      typeof commands === 'function' ? await commands() : commands,
      opts.timeoutSeconds,
      stepCommandComment(ctx),
    ));
  sentByComment.set(`${instanceId} ${stepCommandComment(ctx)}`, commandId);
  if (sentByComment.size > 1000) sentByComment.delete(sentByComment.keys().next().value as string);
  // Just sent: it cannot have finished yet.
  if (!found)
    return waitAgain(
      ctx,
      `${opts.what}: Pending`,
      opts.limitMinutes,
      `${opts.what} has not finished`,
      expectedMs,
    );
  const result = await ssm.getCommandResult(commandId, instanceId);
  if (FINISHED.has(result.status)) return result;
  return waitAgain(
    ctx,
    `${opts.what}: ${result.status}`,
    opts.limitMinutes,
    `${opts.what} has not finished`,
    expectedMs,
  );
}

/**
 * The command this step (and Retry) already sent to the instance, if any: remembered by this
 * process between looks, else found in SSM's history by its comment (after a crash, or on another
 * worker); none on the step's very first run.
 */
export async function sentCommand(ctx: StepContext, instanceId: string): Promise<string | undefined> {
  const comment = stepCommandComment(ctx);
  const known = sentByComment.get(`${instanceId} ${comment}`);
  if (known) return known;
  // The step's first run ever: every run counts itself before it acts, so none sent anything before.
  if (ctx.step.attempts === 1 && (ctx.step.round ?? 0) === 0) return undefined;
  return ctx.deps.cloud.forCluster(clusterOf(ctx)).ssm.findCommand(instanceId, comment);
}

/** Command IDs by instance and step comment, as sent or found: a command's comment never changes. */
const sentByComment = new Map<string, string>();

function clusterOf(ctx: StepContext) {
  const plan = ctx.plan as { cluster?: unknown };
  const found = ctx.deps.config.clusters.find((c) => c.name === plan.cluster);
  if (!found)
    throw new BotError(ErrorCode.NotFound, `Cluster ${String(plan.cluster)} is no longer configured.`);
  return found;
}

/** nodeadm's error from its zap JSON output (the `error` of its last fatal line), else the last line. */
export function nodeadmError(result: { stdout: string; stderr: string; status: string }): string {
  const lines = `${result.stdout}\n${result.stderr}`.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line) as { level?: string; error?: string; msg?: string };
      if (parsed.error) return parsed.error;
    } catch {
      if (line.trim()) return line.trim().slice(0, 300);
    }
  }
  return result.status;
}

/**
 * A nodeadm command that failed on a host: what failed, nodeadm's error, what to do (`fix`), and
 * the last lines it printed.
 */
export function nodeadmFailed(
  host: string,
  what: string,
  result: { stdout: string; stderr: string; status: string },
  fix: string,
): never {
  const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-8).join('\n').slice(-1500);
  throw new BotError(
    ErrorCode.Conflict,
    `\`${what}\` failed on ${host}: ${nodeadmError(result)}. ${fix}` +
      (tail ? `\n\`\`\`\n${tail}\n\`\`\`` : ''),
  );
}
