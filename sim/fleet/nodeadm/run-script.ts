import { Bash, parse } from 'just-bash';
import type { Fleet } from '../fleet';
import { osRelease, procMeminfo } from '../host-facts';
import { bootId } from '../host-reboot';
import type { Host } from '../types';
import { HostFs } from './host-fs';
import { hostCommands } from './host-shell-commands';
import { ScriptClock } from './script-clock';

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

/** Runs a script on a host as root's bash would, at once: nodeadm's durations apply to Run Command only. */
export function runScript(
  fleet: Fleet,
  host: Host,
  commands: string[],
  place: ScriptPlace = CONSOLE,
): Promise<ScriptOutcome> {
  return run(fleet, host, commands, place, false);
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
  void run(fleet, host, commands, place, true, done);
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

async function run(
  fleet: Fleet,
  host: Host,
  commands: string[],
  place: ScriptPlace,
  timed: boolean,
  done?: (o: ScriptOutcome) => void,
): Promise<ScriptOutcome> {
  const script = commands.join('\n');
  fleet.scripts.wake();
  try {
    const fs = new HostFs(
      host,
      {
        '/etc/os-release': () => osRelease(host),
        '/proc/meminfo': () => procMeminfo(host),
        '/proc/sys/kernel/random/boot_id': () => `${bootId(host)}\n`,
      },
      host.node.installedVersion ? ['/var/lib/kubelet', '/var/lib/containerd'] : [],
    );
    await fs.mkdir(place.cwd, { recursive: true });
    const bash = new Bash({
      fs,
      cwd: place.cwd,
      env: { HOME: '/root', USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash', HOSTNAME: host.name, PATH },
      customCommands: hostCommands({ fleet, host, fs, clock: new ScriptClock(fleet, timed) }),
      processInfo: { uid: 0, gid: 0 },
      // The simulator's own scripts, not untrusted code: its host programs schedule timers and reach the
      // fleet, which the library's guard against escaping JavaScript would block.
      defenseInDepth: false,
      // A Run Command waits on the simulator's clock, which a test may hold still for as long as it likes.
      executionLimits: { maxExecutionTimeMs: Number.POSITIVE_INFINITY },
    });
    let outcome: ScriptOutcome;
    try {
      const r = await bash.exec(script, { rawScript: true });
      outcome = {
        exitCode: r.exitCode,
        stdout: lastLine(r.stdout),
        stderr: lastLine(withLineNumbers(r.stderr, script, place.scriptName)),
      };
    } catch (e) {
      outcome = { exitCode: 2, stdout: '', stderr: `${place.scriptName}: ${(e as Error).message}` };
    }
    // Before this script counts as done, so an AWS answer waiting on the fleet's scripts sees it recorded.
    done?.(outcome);
    return outcome;
  } finally {
    fleet.scripts.sleep();
  }
}

/** SSM and the console show the output without its final newline. */
function lastLine(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * bash names the script and line in its own messages (`_script.sh: line 3: foo: command not found`);
 * the shell library says `bash: foo: …`. The line is the next one, in the script's order, whose command
 * is (or has among its words) what the message names.
 */
function withLineNumbers(stderr: string, script: string, scriptName: string): string {
  if (!stderr.includes('bash: ')) return stderr;
  let commands: Array<{ line: number; words: string[] }> = [];
  try {
    commands = simpleCommands(parse(script));
  } catch {
    // A script bash cannot parse has its own message already.
  }
  let from = 0;
  return stderr
    .split('\n')
    .map((l) => {
      const m = /^bash: (.+?): /.exec(l);
      if (!m) return l;
      const named = (c: { line: number; words: string[] }) => c.words.includes(m[1]!);
      const found = commands.find((c) => c.line >= from && named(c)) ?? commands.find(named);
      if (!found) return `${scriptName}: ${l.slice('bash: '.length)}`;
      from = found.line;
      return `${scriptName}: line ${found.line}: ${l.slice('bash: '.length)}`;
    })
    .join('\n');
}

/** Every simple command of a parsed script (inside subshells, loops and `$(…)` too), with its line and literal words. */
function simpleCommands(node: unknown, out: Array<{ line: number; words: string[] }> = []) {
  if (Array.isArray(node)) {
    for (const n of node) simpleCommands(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'SimpleCommand' && typeof o.line === 'number') {
      out.push({ line: o.line, words: [o.name, ...((o.args as unknown[]) ?? [])].map(literal) });
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') simpleCommands(v, out);
  }
  return out;
}

/** The literal text of a word (quotes removed; expansions left out). */
function literal(word: unknown): string {
  if (!word || typeof word !== 'object') return '';
  const o = word as Record<string, unknown>;
  if (typeof o.value === 'string') return o.value;
  return Array.isArray(o.parts) ? o.parts.map(literal).join('') : '';
}
