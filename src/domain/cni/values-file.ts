import { isMap, LineCounter, parseDocument } from 'yaml';
import type { Values } from './helm-values';

export type ValuesFileParse = { ok: true; values: Values } | { ok: false; problem: string };

/** A Slack file named in a command: its ID (F…) or a link to it (…/files/U…/F…/name). */
export function slackFileId(ref: string): string | undefined {
  const trimmed = ref.trim().replace(/^<|>$/g, '');
  if (/^F[A-Z0-9]{6,}$/.test(trimmed)) return trimmed;
  return /\/files\/[A-Z0-9]+\/(F[A-Z0-9]{6,})(\/|$)/.exec(trimmed)?.[1];
}

/** A Helm values file, as `helm -f` reads it: one YAML mapping. Problems name the line. */
export function parseValuesFile(name: string, text: string): ValuesFileParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    return {
      ok: false,
      problem: `${name}${line ? ` line ${line}` : ''}: ${error.message.split('\n')[0]} Fix the YAML and share it again.`,
    };
  }
  if (doc.contents === null) return { ok: true, values: {} };
  if (!isMap(doc.contents)) {
    return {
      ok: false,
      problem: `${name} is not a mapping of values (such as \`operator: {replicas: 1}\`).`,
    };
  }
  return { ok: true, values: doc.toJS() as Values };
}
