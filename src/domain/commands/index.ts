import type { Role } from '../roles';
import { MONITORING_COMMANDS } from './monitoring';

export type OptionSpec = { type: 'string' | 'boolean'; description: string };

/** One `/hybrid` subcommand: what it is called, who may run it, and what it takes. */
export interface CommandSpec {
  name: string;
  role: Role;
  summary: string;
  positionals: { name: string; required: boolean }[];
  options: Record<string, OptionSpec>;
}

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
];

export function usageOf(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const opts = Object.entries(spec.options).map(([k, o]) =>
    o.type === 'boolean' ? `[--${k}]` : `[--${k} …]`,
  );
  return ['/hybrid', spec.name, ...pos, ...opts].join(' ');
}
