import { type ParseArgsConfig, parseArgs } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
import { COMMANDS, type CommandSpec, usageOf } from './commands';
import { unescapeSlackText } from './slack-text';
import { tokenize } from './tokenize';

export interface ParsedCommand {
  spec: CommandSpec;
  positionals: Record<string, string>;
  options: Record<string, string | boolean>;
}

export type ParseResult =
  | { ok: true; command: ParsedCommand }
  | { ok: false; message: string; suggestion?: string };

/**
 * Parses the text after `/hybrid`. Commands are matched on their longest word prefix, so
 * `host register web-1` finds `host register` once that command exists.
 */
export function parseCommand(text: string, commands: readonly CommandSpec[] = COMMANDS): ParseResult {
  if (text.length > MAX_COMMAND_CHARS) return tooLong(text);
  const words = tokenize(unescapeSlackText(text));
  if (words.length === 0) return parseCommand('help', commands);
  const matcher = findMatcher(words, commands);
  if (!matcher) return unknown(words, commands);
  const { spec } = matcher;
  const rest = negativeValuesJoined(words.slice(matcher.words.length), matcher.options);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: matcher.options,
      allowPositionals: true,
      strict: true,
    });
    return bindPositionals(spec, positionals, values as Record<string, string | boolean>);
  } catch (err) {
    return { ok: false, message: `${describeArgError(err as Error)}\nUsage: \`${usageOf(spec)}\`` };
  }
}

/** Far longer than any /hybrid command; past it the text is not parsed, echoed or stored whole. */
export const MAX_COMMAND_CHARS = 1000;

function tooLong(text: string): ParseResult {
  const count = (n: number) => n.toLocaleString('en-US');
  return {
    ok: false,
    message: `That command is ${count(text.length)} characters long; /hybrid takes at most ${count(MAX_COMMAND_CHARS)}. To register many hosts at once, use \`/hybrid host register --bulk\`.`,
  };
}

interface SpecMatcher {
  spec: CommandSpec;
  words: string[];
  options: ParseArgsConfig['options'];
}

// Built once per command table: the request path parses every slash command with them.
const matchers = new WeakMap<readonly CommandSpec[], SpecMatcher[]>();

/** Longest command names first, so `host register` wins over a `host` command. */
function matchersOf(commands: readonly CommandSpec[]): SpecMatcher[] {
  let list = matchers.get(commands);
  if (!list) {
    list = commands
      .map((spec) => ({
        spec,
        words: spec.name.split(' '),
        options: Object.fromEntries(
          Object.entries(spec.options).map(([k, o]) => [
            k,
            { type: o.type === 'boolean' ? ('boolean' as const) : ('string' as const) },
          ]),
        ),
      }))
      .sort((a, b) => b.words.length - a.words.length);
    matchers.set(commands, list);
  }
  return list;
}

function findMatcher(words: string[], commands: readonly CommandSpec[]): SpecMatcher | undefined {
  const lower = words.map((w) => w.toLowerCase());
  return matchersOf(commands).find((m) => m.words.every((part, i) => lower[i] === part));
}

function bindPositionals(
  spec: CommandSpec,
  given: string[],
  options: Record<string, string | boolean>,
): ParseResult {
  const usage = `Usage: \`${usageOf(spec)}\``;
  if (given.length > spec.positionals.length) {
    return { ok: false, message: `\`${given[spec.positionals.length]}\` is not expected here.\n${usage}` };
  }
  const positionals: Record<string, string> = {};
  for (const [i, p] of spec.positionals.entries()) {
    const value = given[i];
    if (value !== undefined) positionals[p.name] = value;
    else if (p.required) return { ok: false, message: `\`${spec.name}\` needs <${p.name}>.\n${usage}` };
  }
  return { ok: true, command: { spec, positionals, options } };
}

function unknown(words: string[], commands: readonly CommandSpec[]): ParseResult {
  const tried = words.slice(0, 2).join(' ').toLowerCase();
  const names = commands.map((c) => c.name);
  const first = words[0]?.toLowerCase() ?? '';
  const candidate = closest(tried, names);
  const near = distance(tried, candidate) <= Math.max(2, Math.floor(candidate.length / 3));
  const nearFirst = closest(first, names);
  const suggestion = near
    ? candidate
    : distance(first, nearFirst) <= Math.max(2, Math.floor(nearFirst.length / 3))
      ? nearFirst
      : undefined;
  const hint = suggestion ? ` Did you mean \`/hybrid ${suggestion}\`?` : '';
  // `host regster`: the first word names a group of commands, the second is the unknown one.
  const group = names.filter((n) => n.startsWith(`${first} `)).map((n) => n.slice(first.length + 1));
  if (group.length > 0) {
    const what =
      words[1] === undefined
        ? `\`${first}\` needs one of`
        : `\`${words[1]}\` is not a \`${first}\` command: use`;
    return {
      ok: false,
      message: `${what} ${group.map((g) => `\`${g}\``).join(', ')}.${hint} Type \`/hybrid help\` for the list.`,
      suggestion,
    };
  }
  return {
    ok: false,
    message: `\`${words[0]}\` is not a /hybrid command.${hint} Type \`/hybrid help\` for the list.`,
    suggestion,
  };
}

/**
 * `--page -1`: node:util takes `-1` for an option and reports a missing value; a negative number after
 * an option that takes a value is that value, so the command's own check can say what is wrong with it.
 */
function negativeValuesJoined(args: string[], options: ParseArgsConfig['options']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const takesValue = arg.startsWith('--') && options?.[arg.slice(2)]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** node:util's messages name the parser's internals; say what the user typed and what to do instead. */
function describeArgError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `\`${option}\` is not an option of this command.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `\`${option}\` needs a value.`;
  return err.message;
}
