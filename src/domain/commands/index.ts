export { type CommandSpec, type OptionSpec, usageOf } from './command-spec';

import { CHANGE_COMMANDS } from './changes';
import { CNI_COMMANDS } from './cni';
import type { CommandSpec } from './command-spec';
import { HOST_COMMANDS } from './hosts';
import { MONITORING_COMMANDS } from './monitoring';
import { POOL_CHANGE_COMMANDS, POOL_READ_COMMANDS } from './pools';
import { PROFILE_COMMANDS } from './profiles';

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'help',
    role: 'viewer',
    summary: 'List the commands and the role each one needs.',
    positionals: [],
    options: {},
  },
  {
    name: 'ping',
    role: 'viewer',
    summary: 'Check that the bot and its workers answer; reports the queue latency.',
    positionals: [],
    options: {},
  },
  {
    name: 'audit',
    role: 'admin',
    summary: 'Show the audit trail: who asked for what, when, and how it ended.',
    positionals: [],
    options: {
      user: { type: 'string', description: 'only this Slack user (ID or <@mention>)' },
      limit: { type: 'string', description: 'how many entries, 1–100 (default 20)' },
    },
  },
  ...MONITORING_COMMANDS,
  ...HOST_COMMANDS,
  ...CHANGE_COMMANDS,
  ...CNI_COMMANDS,
  ...PROFILE_COMMANDS,
  ...POOL_READ_COMMANDS,
  ...POOL_CHANGE_COMMANDS,
];
