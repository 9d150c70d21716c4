import type { Role } from '../roles';

export type OptionSpec = { type: 'string' | 'boolean'; description: string };

/** One `/hybrid` subcommand: what it is called, who may run it, and what it takes. */
export interface CommandSpec {
  name: string;
  role: Role;
  summary: string;
  positionals: { name: string; required: boolean }[];
  options: Record<string, OptionSpec>;
}

export function usageOf(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const opts = Object.entries(spec.options).map(([k, o]) =>
    o.type === 'boolean' ? `[--${k}]` : `[--${k} …]`,
  );
  return ['/hybrid', spec.name, ...pos, ...opts].join(' ');
}
