import { hostNameProblem } from '../../../src/domain/host-name';

describe('hostNameProblem', () => {
  it.each(['store-12-pos-1', 'a', '0', 'edge01.store-12.example', `${'a'.repeat(63)}.b`])(
    'accepts %s',
    (name) => {
      expect(hostNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['', /host name is required/],
    ['Store-12', /contains "S".*Use lowercase/],
    ['store_12', /contains "_"/],
    ['store 12', /contains " "/],
    ['-store', /starts or ends with "-"/],
    ['store-', /starts or ends with "-"/],
    ['store..12', /empty label/],
    ['store.', /empty label/],
    [`${'a'.repeat(64)}`, /is 64 characters; each label may have at most 63/],
    [Array(64).fill('abc').join('.'), /is 255 characters; at most 253/],
  ])('rejects %j with a message saying what to do', (name, message) => {
    expect(hostNameProblem(name)).toMatch(message);
  });

  it('accepts exactly 253 characters', () => {
    const name = `${Array(63).fill('abc').join('.')}.a`;
    expect(name).toHaveLength(253);
    expect(hostNameProblem(name)).toBeUndefined();
  });
});
