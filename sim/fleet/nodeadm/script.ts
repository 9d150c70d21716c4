/** One `nodeadm` invocation found in a shell script. */
export type NodeadmStep =
  | { kind: 'install'; version?: string; provider?: string }
  | { kind: 'init'; configPath?: string }
  | { kind: 'upgrade'; version?: string; configPath?: string }
  | { kind: 'uninstall' }
  | { kind: 'other'; words: string[] };

export interface ParsedScript {
  steps: NodeadmStep[];
  /** Files the script writes before running nodeadm, by path. */
  files: Map<string, string>;
}

const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/**
 * Reads what an AWS-RunShellScript would do to a host: files written with heredocs
 * (`cat > f <<'EOF' … EOF`, `tee f <<EOF`) or `echo <base64> | base64 -d > f`, and nodeadm commands.
 */
export function parseScript(commands: string[]): ParsedScript {
  const lines = commands.join('\n').split('\n');
  const files = new Map<string, string>();
  const steps: NodeadmStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = HEREDOC.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i += 1; i < lines.length && lines[i]!.trim() !== heredoc[2]; i++) body.push(lines[i]!);
      const target = /(?:>|tee(?:\s+-a)?)\s*([^\s<>|;&]+)/.exec(line.replace(HEREDOC, ''))?.[1];
      if (target) files.set(target, `${body.join('\n')}\n`);
      continue;
    }
    const b64 = /echo\s+['"]?([A-Za-z0-9+/=]+)['"]?\s*\|\s*base64\s+(?:-d|--decode)\s*>\s*(\S+)/.exec(line);
    if (b64) files.set(b64[2]!, Buffer.from(b64[1]!, 'base64').toString('utf8'));
    for (const command of line.split(/&&|\|\||;/)) {
      const words = command.trim().split(/\s+/).filter(Boolean);
      const at = words.indexOf('nodeadm');
      if (at >= 0 && words.slice(0, at).every((w) => w === 'sudo' || w.includes('=') || w.endsWith('/'))) {
        steps.push(stepOf(words.slice(at + 1)));
      } else if (at < 0 && words.some((w) => w.endsWith('/nodeadm'))) {
        steps.push(stepOf(words.slice(words.findIndex((w) => w.endsWith('/nodeadm')) + 1)));
      }
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
      return { kind: 'install', version: positional, provider: flag('--credential-provider', '-p') };
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
