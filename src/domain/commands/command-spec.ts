import { z } from 'zod';
import { splitList } from '../pools/pool-metadata';
import type { Role } from '../roles';

export type OptionSpec = {
  /** `list`: typed comma-separated (`h1,h2`), carried in the job as the list it names. */
  type: 'string' | 'boolean' | 'list';
  description: string;
  /** A role above the command's that this option alone needs (admins' `--force`). */
  role?: Role;
};
export type PositionalSpec = { name: string; required: boolean };

/** What a job of a command carries besides who asked: its positionals and options by name. */
export interface CommandArgs {
  positionals: { [name: string]: string | undefined };
  options: { [name: string]: string | boolean | string[] | undefined };
}

/** One `/hybrid` subcommand: what it is called, who may run it, and what it takes. */
export interface CommandSpec {
  name: string;
  role: Role;
  summary: string;
  positionals: readonly PositionalSpec[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Answered by the handler itself (help): no job runs it. */
  handlerOnly?: true;
  /** A job's positionals and options, checked where a typed command becomes a job. */
  args: z.ZodTypeAny;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type PositionalsOf<P extends readonly PositionalSpec[]> = Simplify<
  { [E in P[number] as E['required'] extends true ? E['name'] : never]: string } & {
    [E in P[number] as E['required'] extends true ? never : E['name']]?: string;
  }
>;

type OptionsOf<O extends Readonly<Record<string, OptionSpec>>> = {
  -readonly [K in keyof O]?: O[K]['type'] extends 'boolean'
    ? boolean
    : O[K]['type'] extends 'list'
      ? string[]
      : string;
};

/** A spec that keeps its literal name and the payload its options and positionals make. */
export interface TypedCommandSpec<
  N extends string,
  A,
  O extends Readonly<Record<string, OptionSpec>> = Readonly<Record<string, OptionSpec>>,
> extends CommandSpec {
  name: N;
  options: O;
  args: z.ZodType<A>;
}

/** The payload a typed spec's job carries. */
export type ArgsOf<S> = S extends TypedCommandSpec<string, infer A> ? A : never;

/**
 * Declares a command. `formFields` are options only a form sends (a pasted CSV, a whole profile):
 * part of the job's payload, never read from the command line.
 */
export function command<
  const N extends string,
  const P extends readonly PositionalSpec[],
  const O extends Readonly<Record<string, OptionSpec>>,
  const F extends Readonly<Record<string, OptionSpec>> = Record<never, OptionSpec>,
  const H extends true | undefined = undefined,
>(def: {
  name: N;
  role: Role;
  summary: string;
  positionals: P;
  options: O;
  formFields?: F;
  handlerOnly?: H;
}): TypedCommandSpec<
  N,
  { positionals: PositionalsOf<P>; options: Simplify<OptionsOf<O> & OptionsOf<F>> },
  O
> &
  (H extends true ? { handlerOnly: true } : unknown) {
  const { formFields, ...spec } = def;
  const value = (o: OptionSpec) =>
    (o.type === 'boolean'
      ? z.boolean()
      : o.type === 'list'
        ? z.union([z.array(z.string()), z.string().transform(splitList)])
        : z.string()
    ).optional();
  const args = z.object({
    positionals: z
      .object(
        Object.fromEntries(
          def.positionals.map((p) => [p.name, p.required ? z.string() : z.string().optional()]),
        ),
      )
      .strict(),
    options: z
      .object(
        Object.fromEntries(Object.entries({ ...def.options, ...formFields }).map(([k, o]) => [k, value(o)])),
      )
      .strict(),
  });
  return { ...spec, args } as never;
}

export function usageOf(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  const opts = Object.entries(spec.options).map(([k, o]) =>
    o.type === 'boolean' ? `[--${k}]` : `[--${k} …]`,
  );
  return ['/hybrid', spec.name, ...pos, ...opts].join(' ');
}
