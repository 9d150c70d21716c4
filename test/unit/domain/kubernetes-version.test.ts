import {
  checkKubeletSkew,
  isSupported,
  parseKubernetesVersion,
  unsupportedVersionMessage,
} from '../../../src/domain/kubernetes-version';

describe('parseKubernetesVersion', () => {
  it.each([
    ['1.31', { major: 1, minor: 31 }],
    ['v1.31', { major: 1, minor: 31 }],
    ['1.31.2', { major: 1, minor: 31, patch: 2 }],
    ['v1.31.2-eks-7f9249a', { major: 1, minor: 31, patch: 2 }],
    ['v1.29.15-eks-473151a', { major: 1, minor: 29, patch: 15 }],
  ])('reads %s', (text, value) => expect(parseKubernetesVersion(text)).toEqual({ ok: true, value }));

  it.each(['1', '1.x', 'latest', 'v1.31.2.4', ''])('rejects %j', (text) => {
    expect(parseKubernetesVersion(text)).toEqual({
      ok: false,
      problem: expect.stringMatching(/e\.g\. 1\.31/),
    });
  });
});

describe('checkKubeletSkew', () => {
  it('allows the same minor and up to three minors older', () => {
    expect(checkKubeletSkew('v1.31.2-eks-7f9249a', '1.31')).toEqual({ result: 'ok' });
    expect(checkKubeletSkew('1.28', '1.31')).toEqual({ result: 'ok' });
  });

  it('refuses a kubelet newer than the control plane', () => {
    expect(checkKubeletSkew('1.32', '1.31')).toEqual({
      result: 'too-new',
      message:
        'Kubelet 1.32 is newer than the control plane 1.31: use 1.31 or older, or upgrade the cluster first.',
    });
  });

  it('refuses a kubelet more than three minors older', () => {
    expect(checkKubeletSkew('v1.27.9', '1.31')).toEqual({
      result: 'too-old',
      message: expect.stringMatching(
        /^Kubelet 1\.27 is 4 minor versions behind the control plane 1\.31 \(at most 3\)/,
      ),
    });
  });

  it('treats a different major as out of skew', () => {
    expect(checkKubeletSkew('2.0', '1.31').result).toBe('too-new');
  });

  it('reports an unreadable version instead of guessing', () => {
    expect(checkKubeletSkew('abc', '1.31')).toEqual({
      result: 'invalid',
      message: expect.stringMatching(/"abc"/),
    });
  });
});

describe('isSupported', () => {
  const supported = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];
  it('matches on the minor version whatever the form', () => {
    expect(isSupported('v1.31.2-eks-7f9249a', supported)).toBe(true);
    expect(isSupported('1.35', supported)).toBe(true);
    expect(isSupported('1.28', supported)).toBe(false);
    expect(isSupported('1.36', supported)).toBe(false);
    expect(isSupported('junk', supported)).toBe(false);
  });
  it('names the supported versions in its message', () => {
    expect(unsupportedVersionMessage('1.28', ['1.29', '1.30'])).toBe(
      'Kubernetes 1.28 is not supported for hybrid nodes: choose one of 1.29, 1.30.',
    );
  });
});
