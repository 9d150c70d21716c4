import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { LocatedProblem } from './profile-path';

export interface Position {
  line: number;
  column: number;
}

/**
 * Where a problem sits in the YAML text: the offending value, the key for an unknown field, the
 * nearest existing parent for a missing one, and the TOML error's own line inside a block scalar.
 */
export function positionOf(
  doc: Document,
  text: string,
  lineCounter: LineCounter,
  problem: LocatedProblem,
): Position | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let found = true;
  for (const segment of problem.segments) {
    const child = childOf(node, segment);
    if (!child) {
      found = false;
      break;
    }
    node = child.value;
    keyNode = child.key;
  }
  // A missing field is shown at its parent's key ("kubernetes:"), the line a person would add it under.
  const target = ((problem.atKey || !found) && keyNode !== undefined ? keyNode : node) ?? node;
  const start = rangeStart(target);
  if (start === undefined) return undefined;
  const at = lineCounter.linePos(start);
  const position = { line: at.line, column: at.col };
  if (
    problem.inner &&
    isScalar(target) &&
    (target.type === 'BLOCK_LITERAL' || target.type === 'BLOCK_FOLDED')
  ) {
    // A block scalar's text starts on the line after its "|" header, indented.
    const line = position.line + problem.inner.line;
    const source = text.split(/\r?\n/)[line - 1] ?? '';
    const indent = source.length - source.trimStart().length;
    return { line, column: indent + problem.inner.column };
  }
  return position;
}

function childOf(node: unknown, segment: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
    return pair ? { key: pair.key, value: pair.value ?? pair.key } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: item, value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}
