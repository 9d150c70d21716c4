import { type CommandArgs, type CommandJobName, type CommandJobs, jobSpecNamed } from './domain/commands';
import type { CommandJobData, RequestContext } from './job-data';

/**
 * A command job for a request: the options and positionals are the ones its spec declares, so a
 * form that sends the wrong shape does not compile.
 */
export function commandJob<N extends CommandJobName>(
  command: N,
  request: RequestContext,
  args: CommandJobs[N],
): CommandJobData<N> {
  return { request, command, ...args } as CommandJobData<N>;
}

/**
 * A typed command's job: the grammar read it against the same spec, and the spec's schema checks
 * the result once more here, where a name read from text meets the typed map. Undefined for a
 * command no job runs (help).
 */
export function parsedCommandJob(
  name: string,
  request: RequestContext,
  args: CommandArgs,
): CommandJobData | undefined {
  const spec = jobSpecNamed(name);
  if (!spec) return undefined;
  const checked = spec.args.parse(args) as CommandArgs;
  return { request, command: spec.name, ...checked } as CommandJobData;
}
