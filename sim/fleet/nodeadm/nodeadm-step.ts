/** One `nodeadm` invocation, read from its arguments. */
export type NodeadmStep =
  | { kind: 'install'; version?: string; provider?: string; containerdSource?: string }
  | { kind: 'init'; configPath?: string }
  | { kind: 'upgrade'; version?: string; configPath?: string }
  | { kind: 'uninstall' }
  | { kind: 'other'; words: string[] };

/** What `nodeadm <args>` asks for: a verb with its flags, or another subcommand. */
export function nodeadmStep(args: string[]): NodeadmStep {
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
