import type { Fleet, NodeadmVerb } from '../fleet';
import { hostNodeadmVersion, osRelease } from '../host-facts';
import { removePath, resolvePath } from '../host-files';
import type { Host } from '../types';
import { hostCommand } from './host-commands';
import { nodeadmDebug } from './nodeadm-debug';
import { NodeadmLog } from './nodeadm-log';
import { runNodeadm } from './nodeadm-verbs';
import { nodeadmStepOf } from './script';
import { parseShell, type SimpleCommand, type Statement } from './shell';
import { type CommandResult, ssmAgentCommand } from './ssm-agent';

export interface ScriptOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Where a script runs: its working directory, and the name bash gives it in `line N:` messages. */
export interface ScriptPlace {
  cwd: string;
  scriptName: string;
}

/** An operator's shell at the host's console. */
export const CONSOLE: ScriptPlace = { cwd: '/root', scriptName: 'bash' };

/** Where the SSM agent runs an AWS-RunShellScript invocation. */
export function runCommandPlace(instanceId: string, commandId: string): ScriptPlace {
  const cwd = `/var/lib/amazon/ssm/${instanceId}/document/orchestration/${commandId}/awsrunShellScript/0.awsrunShellScript`;
  return { cwd, scriptName: `${cwd}/_script.sh` };
}

/** Runs a script on a host at once, stopping at the first failure as `set -e` would. */
export function runScript(
  fleet: Fleet,
  host: Host,
  commands: string[],
  place: ScriptPlace = CONSOLE,
): ScriptOutcome {
  let outcome: ScriptOutcome | undefined;
  new ScriptRun(fleet, host, commands, place, false, (o) => {
    outcome = o;
  }).next();
  return outcome!;
}

/**
 * Runs a script as Run Command does: each nodeadm verb takes its configured duration on the simulator's
 * clock, and its effects land when it ends; `done` gets the outcome when the script ends.
 */
export function runScriptTimed(
  fleet: Fleet,
  host: Host,
  commands: string[],
  place: ScriptPlace,
  done: (o: ScriptOutcome) => void,
): void {
  new ScriptRun(fleet, host, commands, place, true, done).next();
}

class ScriptRun {
  private readonly statements: Statement[];
  private index = 0;
  private status = 0;
  private exited = false;
  private waited = false;
  private cwd: string;
  private readonly out: string[] = [];
  private readonly err: string[] = [];
  /** Files this script wrote, for nodeadm's look-up by base name in the working directory. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly fleet: Fleet,
    private readonly host: Host,
    commands: string[],
    private readonly place: ScriptPlace,
    private readonly timed: boolean,
    private readonly done: (o: ScriptOutcome) => void,
  ) {
    this.statements = parseShell(commands.join('\n'));
    this.cwd = place.cwd;
  }

  next(): void {
    while (this.index < this.statements.length && !this.exited) {
      const s = this.statements[this.index]!;
      if ((s.after === 'and' && this.status !== 0) || (s.after === 'or' && this.status === 0)) {
        this.index++;
        continue;
      }
      if (s.after === 'seq' && this.status !== 0) break;
      const wait = this.timed && !this.waited ? this.duration(s) : 0;
      if (wait > 0) {
        this.waited = true;
        this.fleet.atSimTime(this.fleet.now().getTime() + wait, () => this.next());
        return;
      }
      this.waited = false;
      this.status = this.runPipeline(s);
      this.index++;
    }
    this.done({ exitCode: this.status, stdout: this.out.join('\n'), stderr: this.err.join('\n') });
  }

  /** How long the nodeadm verbs of a statement take on the simulator's clock. */
  private duration(s: Statement): number {
    const ms = this.fleet.options.nodeadmMs ?? {};
    return s.pipeline.reduce((sum, c) => {
      const kind = nodeadmStepOf(c.words)?.kind;
      return kind && kind !== 'other' ? sum + (ms[kind as NodeadmVerb] ?? 0) : sum;
    }, 0);
  }

  /** Runs a pipeline; its status is the last failing command's (`set -o pipefail`). */
  private runPipeline(s: Statement): number {
    let stdin: string | undefined;
    let status = 0;
    for (const [i, c] of s.pipeline.entries()) {
      const r = this.runCommand(c, c.heredoc ?? stdin, s.line);
      if (r.status !== 0) status = r.status;
      let stdout = r.stdout;
      for (const redirect of c.redirects) {
        const text = redirect.fd === 2 ? r.stderr : stdout;
        if (redirect.fd === 2) r.stderr = '';
        else stdout = '';
        if (redirect.target === '/dev/stderr') r.stderr += text;
        else if (redirect.target === '/dev/stdout') stdout += text;
        else if (redirect.target !== '/dev/null') this.write(redirect.target, text, redirect.append);
      }
      if (r.stderr) this.err.push(r.stderr.replace(/\n$/, ''));
      if (i === s.pipeline.length - 1) {
        if (stdout) this.out.push(stdout.replace(/\n$/, ''));
      } else {
        stdin = stdout;
      }
    }
    return status;
  }

  private runCommand(c: SimpleCommand, stdin: string | undefined, line: number): CommandResult {
    const step = nodeadmStepOf(c.words);
    if (step) return this.nodeadm(c.words);
    const lead = c.words.findIndex((w) => w !== 'sudo' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const words = lead < 0 ? [] : c.words.slice(lead);
    const [name = '', ...args] = words;
    const ok = (stdout = ''): CommandResult => ({ status: 0, stdout, stderr: '' });
    switch (name.split('/').pop()) {
      case 'cat':
        return this.cat(args, stdin);
      case 'tee': {
        const append = args.includes('-a') || args.includes('--append');
        for (const f of args.filter((a) => !a.startsWith('-'))) this.write(f, stdin ?? '', append);
        return ok(stdin);
      }
      case 'echo': {
        const noNewline = args[0] === '-n';
        const text = args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a))).join(' ');
        return ok(noNewline ? text : `${text}\n`);
      }
      case 'base64': {
        const decode = args.some((a) => a === '-d' || a === '--decode');
        const input = stdin ?? '';
        return ok(
          decode
            ? Buffer.from(input.replace(/\s/g, ''), 'base64').toString('utf8')
            : `${Buffer.from(input).toString('base64')}\n`,
        );
      }
      case 'rm':
        return this.rm(args);
      case 'cd':
        this.cwd = resolvePath(this.cwd, args[0] ?? '/root');
        return ok();
      case 'test':
      case '[':
        return { status: this.test(args.filter((a) => a !== ']')) ? 0 : 1, stdout: '', stderr: '' };
      case 'exit':
        this.exited = true;
        return { status: Number(args[0] ?? this.status) || 0, stdout: '', stderr: '' };
      case 'false':
        return { status: 1, stdout: '', stderr: '' };
      case 'amazon-ssm-agent':
        if (!this.host.ssmAgentInstalled) return this.notFound('amazon-ssm-agent', line);
        return ssmAgentCommand(this.fleet, this.host, args);
      default: {
        const answered = hostCommand(this.fleet, this.host, name.split('/').pop()!, args, stdin);
        // set, umask, mkdir, chmod, chown, other systemctl verbs, true, …: accepted, with nothing to model.
        return answered ?? ok();
      }
    }
  }

  private nodeadm(words: string[]): CommandResult {
    const step = nodeadmStepOf(words)!;
    if (step.kind === 'other') {
      const [verb, ...rest] = step.words;
      if (verb === 'debug') return nodeadmDebug(this.fleet, this.host, rest, (s) => this.readConfig(s));
      if (verb === '--version' || verb === 'version')
        return { status: 0, stdout: `${hostNodeadmVersion(this.host)}\n`, stderr: '' };
      return { status: 0, stdout: '', stderr: '' };
    }
    const log = new NodeadmLog(this.fleet.now());
    const error = runNodeadm(this.fleet, this.host, step, (source) => this.readConfig(source), log);
    return { status: error ? 1 : 0, stdout: log.out.join('\n'), stderr: log.err.join('\n') };
  }

  private cat(args: string[], stdin: string | undefined): CommandResult {
    const files = args.filter((a) => !a.startsWith('-') || a === '-');
    if (files.length === 0) return { status: 0, stdout: stdin ?? '', stderr: '' };
    let stdout = '';
    const errors: string[] = [];
    for (const f of files) {
      const path = resolvePath(this.cwd, f);
      const text =
        f === '-'
          ? stdin
          : (this.host.files.get(path) ?? (path === '/etc/os-release' ? osRelease(this.host) : undefined));
      if (text === undefined) errors.push(`cat: ${f}: No such file or directory`);
      else stdout += text;
    }
    return { status: errors.length > 0 ? 1 : 0, stdout, stderr: errors.join('\n') };
  }

  private rm(args: string[]): CommandResult {
    const flags = args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join('');
    const force = flags.includes('f');
    const recursive = /[rR]/.test(flags);
    const errors: string[] = [];
    for (const f of args.filter((a) => !a.startsWith('-'))) {
      if (!removePath(this.host, resolvePath(this.cwd, f), recursive) && !force) {
        errors.push(`rm: cannot remove '${f}': No such file or directory`);
      }
    }
    return { status: errors.length > 0 ? 1 : 0, stdout: '', stderr: errors.join('\n') };
  }

  private test(args: string[]): boolean {
    const [op, path] = args;
    if (args[0] === '!') return !this.test(args.slice(1));
    if ((op === '-f' || op === '-e' || op === '-r') && path) {
      return this.host.files.has(resolvePath(this.cwd, path));
    }
    if (op === '-s' && path) return (this.host.files.get(resolvePath(this.cwd, path)) ?? '').length > 0;
    return args.length === 1 && args[0] !== '';
  }

  private notFound(command: string, line: number): CommandResult {
    return {
      status: 127,
      stdout: '',
      stderr: `${this.place.scriptName}: line ${line}: ${command}: command not found`,
    };
  }

  private write(path: string, text: string, append: boolean): void {
    const abs = resolvePath(this.cwd, path);
    const content = append ? (this.host.files.get(abs) ?? '') + text : text;
    this.host.files.set(abs, content);
    this.written.set(abs, content);
  }

  /** A `file://` config source: the host's file, or one this script wrote under the same name. */
  private readConfig(source: string | undefined): string | undefined {
    if (!source?.startsWith('file://')) return undefined;
    const path = resolvePath(this.cwd, source.slice('file://'.length));
    const found = this.host.files.get(path);
    if (found !== undefined) return found;
    const base = path.split('/').pop();
    return [...this.written.entries()].find(([p]) => p.split('/').pop() === base)?.[1];
  }
}
