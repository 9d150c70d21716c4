export { type ArgsOf, type CommandArgs, type CommandSpec, type OptionSpec, usageOf } from './command-spec';

import { CHANGE_COMMANDS } from './changes';
import { CLUSTER_COMMANDS } from './clusters';
import { CNI_COMMANDS } from './cni';
import { type ArgsOf, type CommandSpec, command } from './command-spec';
import { FLEET_COMMANDS } from './fleets';
import { HOST_COMMANDS, HOST_FORM_JOBS } from './hosts';
import { MONITORING_COMMANDS } from './monitoring';
import { POOL_CHANGE_COMMANDS, POOL_READ_COMMANDS } from './pools';
import { PROFILE_COMMANDS } from './profiles';

export const COMMANDS = [
  command({
    name: 'help',
    role: 'viewer',
    summary: 'List the commands and the role each one needs.',
    positionals: [],
    options: {},
    handlerOnly: true,
  }),
  command({
    name: 'ping',
    role: 'viewer',
    summary: 'Check that the bot and its workers answer; reports the queue latency.',
    positionals: [],
    options: {},
  }),
  command({
    name: 'audit',
    role: 'admin',
    summary: 'Show the audit trail: who asked for what, when, and how it ended.',
    positionals: [],
    options: {
      user: { type: 'string', description: 'only this Slack user (ID or <@mention>)' },
      limit: { type: 'string', description: 'how many entries, 1–100 (default 20)' },
    },
  }),
  ...MONITORING_COMMANDS,
  ...CLUSTER_COMMANDS,
  ...HOST_COMMANDS,
  ...CHANGE_COMMANDS,
  ...CNI_COMMANDS,
  ...PROFILE_COMMANDS,
  ...POOL_READ_COMMANDS,
  ...POOL_CHANGE_COMMANDS,
  ...FLEET_COMMANDS,
] as const;

/** Every spec a job runs: the slash commands but help, and the jobs only a form starts. */
const JOB_SPECS = [...COMMANDS, ...HOST_FORM_JOBS] as const;

type JobSpec = Exclude<(typeof JOB_SPECS)[number], { handlerOnly: true }>;

/**
 * Every command job: name → its positionals and options, as its spec declares them. Handlers and
 * forms that start one and the processors that run it share these types.
 */
export type CommandJobs = { [S in JobSpec as S['name']]: ArgsOf<S> };

export type CommandJobName = keyof CommandJobs;

/** The spec of a command job, by name: its role, its options and its payload's schema. */
export function specOf<N extends CommandJobName>(name: N): Extract<JobSpec, { name: N }> {
  return JOB_SPECS.find((s) => s.name === name) as Extract<JobSpec, { name: N }>;
}

/** The job a spec names, when it is one (not help); for names read back from Slack or Redis. */
export function jobSpecNamed(name: string): CommandSpec | undefined {
  return JOB_SPECS.find((s): s is JobSpec => s.name === name && !('handlerOnly' in s && s.handlerOnly));
}
