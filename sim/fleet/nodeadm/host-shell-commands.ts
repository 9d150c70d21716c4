import { posix } from 'node:path';
import {
  type Command,
  defineCommand,
  type ExecResult,
  latin1FromBytes,
  type ResolvedCommandContext,
} from 'just-bash';
import type { Fleet } from '../fleet';
import { hostNodeadmVersion } from '../host-facts';
import type { Host } from '../types';
import { HOST_PROGRAMS } from './host-commands';
import type { HostFs } from './host-fs';
import { nodeadmDebug } from './nodeadm-debug';
import { NodeadmLog } from './nodeadm-log';
import { nodeadmStep } from './nodeadm-step';
import { type ConfigReader, runNodeadm } from './nodeadm-verbs';
import type { ScriptClock } from './script-clock';
import { type CommandResult, ssmAgentCommand } from './ssm-agent';

type CommandExecOptions = Parameters<NonNullable<ResolvedCommandContext['exec']>>[1];

/** What one script on a host runs against. */
export interface HostSession {
  fleet: Fleet;
  host: Host;
  fs: HostFs;
  clock: ScriptClock;
}

/** The exit status of a command a `timeout` (SIGTERM) stopped. */
const KILLED = 143;

/**
 * The host's programs as commands of its shell: nodeadm, the SSM agent and the system tools the
 * simulator models (HOST_PROGRAMS), plus what a root shell has that the shell library lacks (sudo,
 * umask, chown, id) and `sleep`/`timeout` on the simulator's clock.
 */
export function hostCommands(s: HostSession): Command[] {
  const programs = Object.entries(HOST_PROGRAMS).map(([name, program]) =>
    defineCommand(name, async (args) =>
      program.installed && !program.installed(s.host)
        ? notFound(name)
        : result(program.run(s.fleet, s.host, args)),
    ),
  );
  return [
    ...programs,
    defineCommand('nodeadm', (args, ctx) => nodeadm(s, args, ctx)),
    defineCommand('amazon-ssm-agent', async (args) =>
      s.host.ssmAgentInstalled
        ? result(ssmAgentCommand(s.fleet, s.host, args))
        : notFound('amazon-ssm-agent'),
    ),
    defineCommand('sudo', async (args, ctx) => {
      const at = skipOptions(args, ['-u', '-g', '-C', '-h', '-p', '-U', '-D', '-r', '-t']);
      const [name, ...rest] = args.slice(at);
      if (!name) return fail('usage: sudo [-u user] command [arg ...]\n', 1);
      const r = await ctx.exec!(quote(name), subcommand(ctx, rest));
      // sudo looks the command up itself and says so.
      return r.exitCode === 127 && r.stderr === `bash: ${name}: command not found\n`
        ? fail(`sudo: ${name}: command not found\n`, 1)
        : r;
    }),
    defineCommand('timeout', (args, ctx) => timeout(s, args, ctx)),
    defineCommand('sleep', async (args) => {
      const seconds = args.map(durationSeconds);
      if (args.length === 0 || seconds.some((n) => n === undefined))
        return fail(`sleep: invalid time interval '${args[seconds.indexOf(undefined)] ?? ''}'\n`, 1);
      const total = seconds.reduce<number>((a, n) => a + (n ?? 0), 0);
      return (await s.clock.wait(total * 1000)) ? done() : fail('', KILLED);
    }),
    // bash's builtin; the simulated host's files have no modes to mask.
    defineCommand('umask', async (args) => done(args.length === 0 ? '0022\n' : '')),
    defineCommand('chown', async (args, ctx) => {
      const files = args.filter((a) => !a.startsWith('-')).slice(1);
      const missing: string[] = [];
      for (const f of files) if (!(await ctx.fs.exists(posix.resolve(ctx.cwd, f)))) missing.push(f);
      return missing.length === 0
        ? done()
        : fail(missing.map((f) => `chown: cannot access '${f}': No such file or directory\n`).join(''), 1);
    }),
    defineCommand('whoami', async () => done('root\n')),
    defineCommand('id', async (args) =>
      done(
        args.includes('-u')
          ? '0\n'
          : args.includes('-un')
            ? 'root\n'
            : 'uid=0(root) gid=0(root) groups=0(root)\n',
      ),
    ),
  ];
}

/**
 * `nodeadm <verb>`: install, init, upgrade and uninstall take their scenario duration on the simulator's
 * clock in a Run Command and land their effects as they end; `debug` and `--version` answer at once.
 */
async function nodeadm(s: HostSession, args: string[], ctx: ResolvedCommandContext): Promise<ExecResult> {
  const readConfig: ConfigReader = (source) =>
    source?.startsWith('file://')
      ? s.fs.readText(posix.resolve(ctx.cwd, source.slice('file://'.length)))
      : undefined;
  const step = nodeadmStep(args);
  if (step.kind === 'other') {
    const [verb, ...rest] = step.words;
    if (verb === 'debug') return result(nodeadmDebug(s.fleet, s.host, rest, readConfig));
    if (verb === '--version' || verb === 'version') return done(`${hostNodeadmVersion(s.host)}\n`);
    return done();
  }
  const ms = s.fleet.options.nodeadmMs?.[step.kind] ?? 0;
  if (!(await s.clock.wait(ms))) return fail('', KILLED);
  const log = new NodeadmLog(s.fleet.now());
  const error = runNodeadm(s.fleet, s.host, step, readConfig, log);
  return result({ status: error ? 1 : 0, stdout: log.out.join('\n'), stderr: log.err.join('\n') });
}

/** GNU `timeout [-s SIG] [-k D] DURATION COMMAND…`: 124 when the command was still running at DURATION. */
async function timeout(s: HostSession, args: string[], ctx: ResolvedCommandContext): Promise<ExecResult> {
  const at = skipOptions(args, ['-s', '--signal', '-k', '--kill-after']);
  const seconds = durationSeconds(args[at] ?? '');
  if (seconds === undefined)
    return fail(
      `timeout: invalid time interval '${args[at] ?? ''}'\nTry 'timeout --help' for more information.\n`,
      125,
    );
  const [name, ...rest] = args.slice(at + 1);
  if (!name) return fail("timeout: missing operand\nTry 'timeout --help' for more information.\n", 125);
  const run = (signal?: AbortSignal) =>
    ctx.exec!(quote(name), { ...subcommand(ctx, rest), ...(signal ? { signal } : {}) });
  // 0 disables the limit, as in GNU timeout.
  if (seconds === 0) return run();
  const { result: r, timedOut } = await s.clock.within(seconds, (signal) =>
    run(signal).catch((): ExecResult => ({ stdout: '', stderr: '', exitCode: KILLED })),
  );
  // The shell library reports the stop it was asked for; GNU timeout says nothing of it.
  return timedOut ? { ...r, stderr: r.stderr.replace(/^bash: execution aborted\n?/m, ''), exitCode: 124 } : r;
}

/** The index of the first operand, past options (those in `withValue` take the next word). */
function skipOptions(args: string[], withValue: string[]): number {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '-') {
    if (args[i] === '--') return i + 1;
    i += withValue.includes(args[i]!) ? 2 : 1;
  }
  return i;
}

/** A command run on behalf of this one, in its directory, with its standard input. */
function subcommand(ctx: ResolvedCommandContext, args: string[]): CommandExecOptions {
  return {
    cwd: ctx.cwd,
    args,
    stdin: latin1FromBytes(ctx.stdin),
    stdinKind: 'bytes',
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
}

/** `5`, `2.5s`, `10m`, `1h`, `1d`: seconds; undefined when not a duration. */
function durationSeconds(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text ?? '');
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** bash's own message: the script runner adds the line it was on. */
function notFound(name: string): ExecResult {
  return fail(`bash: ${name}: command not found\n`, 127);
}

function done(stdout = ''): ExecResult {
  return { stdout, stderr: '', exitCode: 0 };
}

function fail(stderr: string, exitCode: number): ExecResult {
  return { stdout: '', stderr, exitCode };
}

/** A simulated tool's answer as a process's output: each stream ends its last line. */
function result(r: CommandResult): ExecResult {
  const line = (t: string) => (t === '' || t.endsWith('\n') ? t : `${t}\n`);
  return { stdout: line(r.stdout), stderr: line(r.stderr), exitCode: r.status };
}
