import fc from 'fast-check';
import { parseList } from '../../../src/adapters/kube/list-items';

/** Object keys and strings full of what steers the scan: quotes, backslashes, brackets, non-ASCII. */
const tricky = fc.string({
  unit: fc.constantFrom('a', 'é', '✓', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', 'items'),
});
const value = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.dictionary(tricky, tie('json'), { maxKeys: 3 }),
  ),
})).json;
const item = fc.dictionary(tricky, value, { maxKeys: 4 });

describe('parseList (a Kubernetes list answer, item by item)', () => {
  it('reads every list as JSON.parse would, whatever its items hold', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 5 }),
        fc.dictionary(tricky, value, { maxKeys: 3 }),
        fc.option(fc.string(), { nil: undefined }),
        (items, extra, cont) => {
          const list = {
            ...extra,
            kind: 'NodeList',
            metadata: { resourceVersion: '7', ...(cont !== undefined ? { continue: cont } : {}) },
            items,
          };
          const body = Buffer.from(JSON.stringify(list));
          expect(parseList(body)).toEqual(JSON.parse(body.toString('utf8')));
        },
      ),
    );
  });

  it('reads items that are not objects as JSON.parse would', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), (items) => {
        const body = Buffer.from(JSON.stringify({ kind: 'List', items }, null, 1));
        expect(parseList(body)).toEqual(JSON.parse(body.toString('utf8')));
      }),
    );
  });

  it('reads an answer without items, or whose items are nested deeper, as JSON.parse would', () => {
    for (const answer of [
      { kind: 'Status', status: 'Failure', message: 'forbidden' },
      { data: { items: [{ a: 1 }] } },
      { spec: { template: { metadata: { name: 'x' } } }, items: [] },
    ]) {
      const body = Buffer.from(JSON.stringify(answer));
      expect(parseList(body)).toEqual(answer);
    }
  });

  it('refuses an answer that is not JSON, as JSON.parse does', () => {
    expect(() => parseList(Buffer.from('{"items":[{"a":1},'))).toThrow(SyntaxError);
    expect(() => parseList(Buffer.from('<html>'))).toThrow(SyntaxError);
  });
});
