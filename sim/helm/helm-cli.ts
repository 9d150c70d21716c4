import { parse } from 'yaml';
import type { HelmUpgradeRequest } from './helm-upgrade';
import { HelmError } from './helm-upgrade';
import { mergeValues, type Values } from './merge-values';

/**
 * `helm upgrade [--install] RELEASE CHART --version V -n NS -f FILE… --set k=v…` as the helm CLI reads
 * it: values files coalesced in order, then each `--set` on top (strvals: `a.b=c,d=e`, `list[0]=x`;
 * true, false, null and integers typed, anything else a string). `readFile` gives a file's content.
 */
export function helmUpgradeFromCommand(
  line: string,
  readFile: (name: string) => string | undefined,
): HelmUpgradeRequest {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'helm' || words[1] !== 'upgrade') throw new HelmError(`not a helm upgrade: ${line}`);
  const positional: string[] = [];
  let version = '';
  let namespace = 'default';
  let values: Values = {};
  const sets: string[] = [];
  for (let i = 2; i < words.length; i++) {
    const w = words[i]!;
    const [flag, inline] =
      w.startsWith('--') && w.includes('=')
        ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]
        : [w, undefined];
    const arg = () => inline ?? words[++i] ?? '';
    switch (flag) {
      case '--install':
      case '-i':
      case '--atomic':
      case '--wait':
        break;
      case '--version':
        version = arg();
        break;
      case '-n':
      case '--namespace':
        namespace = arg();
        break;
      case '-f':
      case '--values': {
        const name = arg();
        const text = readFile(name);
        if (text === undefined) throw new HelmError(`open ${name}: no such file or directory`);
        values = mergeValues(values, (parse(text) as Values | null) ?? {});
        break;
      }
      case '--set':
        sets.push(arg());
        break;
      default:
        if (flag.startsWith('-')) throw new HelmError(`unknown flag: ${flag}`);
        positional.push(w);
    }
  }
  const [release, chart] = positional;
  if (!release || !chart) throw new HelmError('"helm upgrade" requires 2 arguments');
  for (const s of sets) values = applySet(values, s);
  return { release, chart, namespace, version, values };
}

/** One `--set` argument: comma-separated `path=value` pairs. */
function applySet(values: Values, arg: string): Values {
  const out = structuredClone(values);
  for (const pair of arg.split(/(?<!\\),/)) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new HelmError(`key "${pair}" has no value`);
    const path = pair
      .slice(0, eq)
      .split(/(?<!\\)\./)
      .map((k) => k.replace(/\\([.,])/g, '$1'));
    let node: Values = out;
    for (const [i, raw] of path.entries()) {
      const index = /^(.+)\[(\d+)\]$/.exec(raw);
      const key = index ? index[1]! : raw;
      const last = i === path.length - 1;
      const value = typed(pair.slice(eq + 1));
      if (index) {
        const list: unknown[] = Array.isArray(node[key]) ? node[key] : [];
        node[key] = list;
        const at = Number(index[2]);
        if (last) list[at] = value;
        else {
          list[at] = typeof list[at] === 'object' && list[at] !== null ? list[at] : {};
          node = list[at] as Values;
        }
      } else if (last) node[key] = value;
      else {
        node[key] =
          typeof node[key] === 'object' && node[key] !== null && !Array.isArray(node[key]) ? node[key] : {};
        node = node[key];
      }
    }
  }
  return out;
}

function typed(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'null') return null;
  if (/^(0|-?[1-9]\d{0,17})$/.test(v)) return Number(v);
  return v.replace(/\\([.,])/g, '$1');
}
