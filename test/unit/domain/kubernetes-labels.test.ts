import { labelKeyProblem, nodeLabelProblems, taintProblem } from '../../../src/domain/kubernetes-labels';

describe('node labels', () => {
  it('accepts the labels the bot and users commonly set', () => {
    expect(
      nodeLabelProblems({
        'hybrid-bot.io/pool': 'pos',
        'hybrid-bot.io/site': 'store-12',
        'topology.kubernetes.io/zone': 'store-12',
        'node.kubernetes.io/role-hint': 'edge',
        tier: '',
        'example.com/Gpu_Model': 'A2.x',
      }),
    ).toEqual([]);
  });

  it('refuses kubernetes.io labels kubelet may not set itself', () => {
    expect(labelKeyProblem('node-role.kubernetes.io/worker')).toMatch(/is reserved: kubelet may not set it/);
    expect(labelKeyProblem('k8s.io/anything')).toMatch(/reserved/);
  });

  it('refuses malformed keys and values', () => {
    expect(
      nodeLabelProblems({ 'Bad Prefix/x': 'y', '-x': 'y', ok: 'has space', long: 'v'.repeat(64) }),
    ).toEqual([
      expect.stringMatching(/invalid prefix/),
      expect.stringMatching(/Label key "-x" is invalid/),
      expect.stringMatching(/ok="has space" has an invalid value/),
      expect.stringMatching(/long="v+" has an invalid value/),
    ]);
  });
});

describe('taintProblem', () => {
  it.each(['dedicated=pos:NoSchedule', 'edge:PreferNoSchedule', 'example.com/maintenance=true:NoExecute'])(
    'accepts %s',
    (taint) => {
      expect(taintProblem(taint)).toBeUndefined();
    },
  );

  it.each([
    ['dedicated=pos', /is not key\[=value\]:Effect/],
    ['dedicated=pos:Never', /effect "Never": use NoSchedule, PreferNoSchedule, NoExecute/],
    ['bad key=x:NoSchedule', /Taint key "bad key" is invalid/],
    ['k=bad value:NoSchedule', /Taint k="bad value" has an invalid value/],
  ])('rejects %s', (taint, message) => expect(taintProblem(taint)).toMatch(message));
});
