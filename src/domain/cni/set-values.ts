import type { Values } from './helm-values';

export type SetParse = { ok: true; values: Values } | { ok: false; problem: string };

const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Helm's `--set` syntax, the part people type: `a.b=1,c=true,d={x,y},e=null`. Values are read as
 * Helm reads them (integers, true/false, null; anything else a string); `\,` is a literal comma.
 */
export function parseSetValues(text: string): SetParse {
  const values: Values = {};
  for (const pair of splitUnescaped(text, ',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, problem: `\`${pair}\` is not key=value (e.g. operator.replicas=2).` };
    const key = pair.slice(0, eq).trim();
    if (!KEY.test(key)) {
      return { ok: false, problem: `\`${key}\` is not a values path: dotted names such as \`ipam.mode\`.` };
    }
    const raw = pair.slice(eq + 1).replace(/\\,/g, ',');
    const value =
      raw.startsWith('{') && raw.endsWith('}')
        ? raw
            .slice(1, -1)
            .split(',')
            .filter((s) => s !== '')
            .map(scalar)
        : scalar(raw);
    setAt(values, key.split('.'), value);
  }
  return { ok: true, values };
}

function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && text[i + 1] === sep) {
      current += `\\${sep}`;
      i++;
    } else if (c === '{') {
      depth++;
      current += c;
    } else if (c === '}') {
      depth = Math.max(0, depth - 1);
      current += c;
    } else if (c === sep && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function scalar(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  return raw;
}

function setAt(values: Values, path: string[], value: unknown): void {
  let at = values;
  for (const part of path.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[part] = {};
    at = at[part] as Values;
  }
  at[path[path.length - 1] ?? ''] = value;
}
