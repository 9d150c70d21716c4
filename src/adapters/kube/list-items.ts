/**
 * The items of a Kubernetes list answer (`{"kind":…,"metadata":{…},"items":[{…},{…}]}`), each parsed
 * from its own bytes. Parsed whole, a list of a hundred nodes is one string of a few hundred KB: V8
 * keeps a string that size among its long-lived objects until a full collection, so a monitor
 * reading a thousand clusters' lists piled them up by the hundred MB between collections. An item's
 * string is small and dies young. Only the bytes `{ } [ ] " \` steer the scan, and in UTF-8 they never
 * occur inside a multi-byte character, so the bytes can be scanned as they are.
 */
export function parseList<T>(body: Buffer): { items: T[]; metadata?: { continue?: string } } {
  const items: T[] = [];
  // The answer without its items (`"items":[]`), parsed for its metadata.
  const envelope: Buffer[] = [];
  let depth = 0;
  let lastKey = '';
  /** The depth of the items array's elements, once inside it. */
  let itemsDepth = -1;
  let itemStart = -1;
  let envelopeFrom = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i] as number;
    if (b === QUOTE) {
      // An item that is a string: not a list of objects, read whole.
      if (depth === itemsDepth - 1) return JSON.parse(body.toString('utf8'));
      const end = stringEnd(body, i + 1);
      if (depth === 1) lastKey = body.toString('utf8', i + 1, end);
      i = end;
    } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth += 1;
      if (depth === itemsDepth && itemStart < 0) itemStart = i;
      else if (b === OPEN_BRACKET && depth === 2 && lastKey === 'items' && itemsDepth < 0) {
        itemsDepth = 3;
        envelope.push(body.subarray(envelopeFrom, i + 1));
      }
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      if (depth === itemsDepth && itemStart >= 0) {
        items.push(JSON.parse(body.toString('utf8', itemStart, i + 1)) as T);
        itemStart = -1;
      } else if (depth === itemsDepth - 1 && itemsDepth > 0) {
        // The end of the items array: the envelope goes on from its `]`.
        itemsDepth = 0;
        envelopeFrom = i;
      }
      depth -= 1;
    } else if (depth === itemsDepth - 1 && b > SPACE && b !== COMMA) {
      // An item that is a number, true, false or null: not a list of objects, read whole.
      return JSON.parse(body.toString('utf8'));
    }
  }
  if (itemsDepth < 0) return JSON.parse(body.toString('utf8'));
  envelope.push(body.subarray(envelopeFrom));
  const rest = JSON.parse(Buffer.concat(envelope).toString('utf8')) as { metadata?: { continue?: string } };
  return { ...rest, items };
}

/** Where the string whose text starts at `from` ends: its closing quote, the first not escaped. */
function stringEnd(body: Buffer, from: number): number {
  for (let at = body.indexOf(QUOTE, from); at >= 0; at = body.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (body[at - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
  return body.length;
}

const SPACE = 0x20;
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
