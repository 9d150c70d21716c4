import { resolveCiliumVersion } from '../../../../src/domain/cni/cilium-version';

const configured = ['1.17.6-0', '1.18.3-0', '1.18.3-1', '1.18.5-0'];

describe('--cilium as typed', () => {
  it("resolves a bare upstream version to AWS's newest configured build of it, and says what was typed", () => {
    expect(resolveCiliumVersion('1.18.3', configured)).toEqual({ version: '1.18.3-1', from: '1.18.3' });
    expect(resolveCiliumVersion('v1.17.6', configured)).toEqual({ version: '1.17.6-0', from: 'v1.17.6' });
  });

  it('keeps a chart tag as typed, and a version with no configured build, for the rules to judge', () => {
    expect(resolveCiliumVersion('1.18.3-0', configured)).toEqual({ version: '1.18.3-0' });
    expect(resolveCiliumVersion('1.18.4', configured)).toEqual({ version: '1.18.4' });
    expect(resolveCiliumVersion('latest', configured)).toEqual({ version: 'latest' });
  });
});
