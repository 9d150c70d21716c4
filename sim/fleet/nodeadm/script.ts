import { parseShell } from './shell';

/** One `nodeadm` invocation found in a shell script. */
export type NodeadmStep =
  | { kind: 'install'; version?: string; provider?: string; containerdSource?: string }
  | { kind: 'init'; configPath?: string }
  | { kind: 'upgrade'; version?: string; configPath?: string }
  | { kind: 'uninstall' }
  | { kind: 'other'; words: string[] };

export interface ParsedScript {
  steps: NodeadmStep[];
  /** Files the script writes (heredocs, `echo … | base64 -d > f`), by path as written. */
  files: Map<string, string>;
}

/** The nodeadm command a shell command runs, if it runs one (behind `sudo`, env assignments or a path). */
export function nodeadmStepOf(words: string[]): NodeadmStep | undefined {
  const at = words.findIndex((w) => w === 'nodeadm' || w.endsWith('/nodeadm'));
  if (at < 0 || !words.slice(0, at).every((w) => w === 'sudo' || w.includes('='))) return undefined;
  return stepOf(words.slice(at + 1));
}

/**
 * Reads what an AWS-RunShellScript would do to a host without running it: the files it writes
 * with heredocs (`cat > f <<'EOF' … EOF`, `tee f <<EOF`) or `echo <base64> | base64 -d > f`, and its
 * nodeadm commands.
 */
export function parseScript(commands: string[]): ParsedScript {
  const files = new Map<string, string>();
  const steps: NodeadmStep[] = [];
  for (const { pipeline } of parseShell(commands.join('\n'))) {
    const first = pipeline[0]!;
    const last = pipeline[pipeline.length - 1]!;
    const target = last.redirects.find((r) => r.fd === 1)?.target;
    const step = nodeadmStepOf(first.words);
    if (step) steps.push(step);
    if (first.heredoc !== undefined) {
      const tee = first.words.indexOf('tee');
      const teeTarget = tee >= 0 ? first.words.slice(tee + 1).find((w) => !w.startsWith('-')) : undefined;
      const path = teeTarget ?? target;
      if (path) files.set(path, first.heredoc);
    } else if (pipeline.length === 2 && first.words[0] === 'echo' && last.words[0] === 'base64' && target) {
      files.set(target, Buffer.from(first.words.slice(1).join(' '), 'base64').toString('utf8'));
    }
  }
  return { steps, files };
}

function stepOf(args: string[]): NodeadmStep {
  const [verb, ...rest] = args;
  const flag = (...names: string[]) => {
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      for (const n of names) {
        if (w === n) return rest[i + 1];
        if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
      }
    }
    return undefined;
  };
  const positional = rest.find((w, i) => !w.startsWith('-') && !(rest[i - 1] ?? '').startsWith('-'));
  switch (verb) {
    case 'install':
      return {
        kind: 'install',
        version: positional,
        provider: flag('--credential-provider', '-p'),
        ...(flag('--containerd-source', '-s') ? { containerdSource: flag('--containerd-source', '-s') } : {}),
      };
    case 'init':
      return { kind: 'init', configPath: flag('--config-source', '-c') };
    case 'upgrade':
      return { kind: 'upgrade', version: positional, configPath: flag('--config-source', '-c') };
    case 'uninstall':
      return { kind: 'uninstall' };
    default:
      return { kind: 'other', words: args };
  }
}

/** The file a `file://` config source names, matched by path or, relative to the working directory, by name. */
export function readConfigSource(source: string | undefined, files: Map<string, string>): string | undefined {
  if (!source?.startsWith('file://')) return undefined;
  const path = source.slice('file://'.length);
  const base = (p: string) => p.split('/').pop();
  return files.get(path) ?? [...files.entries()].find(([p]) => base(p) === base(path))?.[1];
}
