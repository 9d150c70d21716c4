import type { z } from 'zod';
import { BotError, ErrorCode } from '../../src/errors';
import type { StepContext, StepExecutor } from '../changes/change-feature';

/** A step's input, parsed once with its schema: a journal the bot cannot read pauses the change, naming the step. */
export function stepInput<I>(ctx: StepContext<unknown>, schema: z.ZodType<I>): I {
  const parsed = schema.safeParse(ctx.step.input);
  if (parsed.success) return parsed.data;
  const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
  throw new BotError(
    ErrorCode.Validation,
    `Step ${ctx.step.key} has an input this bot cannot read (${why}).`,
  );
}

/** An executor whose run gets its step's input typed, parsed once before it acts. */
export function typedStep<P, I>(
  schema: z.ZodType<I>,
  run: (ctx: StepContext<P>, input: I) => Promise<string>,
): StepExecutor<P> {
  return { run: async (ctx) => run(ctx, stepInput(ctx, schema)) };
}
