/** Where a problem is, as a list of keys and indexes, before it becomes `spec.kubelet.flags[1]` or a line. */
export type PathSegments = readonly (string | number)[];

/** A problem found on a plain object, located by segments; the YAML layer turns it into a line. */
export interface LocatedProblem {
  segments: PathSegments;
  message: string;
  /** The problem is the key itself (an unknown or misspelt field), not its value. */
  atKey?: boolean;
  /** A position inside the value (a TOML error), 1-based, relative to the value's own text. */
  inner?: { line: number; column: number };
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(segments: PathSegments): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The path shown to a person: the document itself has no path, so say so. */
export function describePath(segments: PathSegments): string {
  return segments.length === 0 ? 'The profile' : formatPath(segments);
}

export function valueAt(root: unknown, segments: PathSegments): unknown {
  let node = root;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
