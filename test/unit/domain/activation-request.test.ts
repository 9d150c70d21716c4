import {
  buildActivationRequest,
  readActivationTags,
  roleNameFromArn,
  TAG_CLUSTER,
  TAG_HOST,
  TAG_MANAGED,
  TAG_REQUESTED_BY,
  TAG_SITE,
} from '../../../src/domain/activation-request';

const now = new Date('2026-11-24T09:00:00Z');
const input = {
  hybridNodesRole: 'demo-hybrid-nodes',
  hostName: 'store-12-pos-1',
  cluster: 'demo',
  site: 'store-12',
  requester: 'U024BE7LH',
  now,
};

describe('buildActivationRequest', () => {
  it('builds a single-use activation named after the host, expiring in 24 h by default, tagged for the inventory', () => {
    const result = buildActivationRequest(input);
    expect(result).toEqual({
      ok: true,
      request: {
        IamRole: 'demo-hybrid-nodes',
        RegistrationLimit: 1,
        ExpirationDate: new Date('2026-11-25T09:00:00Z'),
        DefaultInstanceName: 'store-12-pos-1',
        Description: 'Hybrid node store-12-pos-1 for cluster demo, site store-12, requested by U024BE7LH',
        Tags: [
          { Key: TAG_MANAGED, Value: 'true' },
          { Key: TAG_CLUSTER, Value: 'demo' },
          { Key: TAG_SITE, Value: 'store-12' },
          { Key: TAG_HOST, Value: 'store-12-pos-1' },
          { Key: TAG_REQUESTED_BY, Value: 'U024BE7LH' },
        ],
      },
    });
  });

  it('honours a configured expiry up to 30 days and refuses more', () => {
    const month = buildActivationRequest({ ...input, expiresInHours: 720 });
    expect(month.ok && month.request.ExpirationDate).toEqual(new Date('2026-12-24T09:00:00Z'));
    const tooLong = buildActivationRequest({ ...input, expiresInHours: 721 });
    expect(tooLong).toEqual({
      ok: false,
      problems: [expect.stringMatching(/at most 720 hours \(30 days\), not 721/)],
    });
    expect(buildActivationRequest({ ...input, expiresInHours: 0 }).ok).toBe(false);
  });

  it('refuses a role ARN and says which name to use instead', () => {
    const result = buildActivationRequest({
      ...input,
      hybridNodesRole: 'arn:aws:iam::123456789012:role/eks/demo-hybrid-nodes',
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'The hybrid nodes role must be a role name, not an ARN: use "demo-hybrid-nodes" in the cluster config.',
      ],
    });
  });

  it('refuses a role name longer than 64 characters', () => {
    expect(buildActivationRequest({ ...input, hybridNodesRole: 'r'.repeat(65) }).ok).toBe(false);
    expect(buildActivationRequest({ ...input, hybridNodesRole: 'r'.repeat(64) }).ok).toBe(true);
  });

  it('lists every problem at once, including values SSM cannot store', () => {
    const result = buildActivationRequest({ ...input, hostName: 'pos#1', site: '', expiresInHours: 1000 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      expect.stringMatching(/expiry/),
      expect.stringMatching(/host name "pos#1" cannot be stored by SSM/),
      'The site is empty: give one.',
    ]);
  });

  it('keeps the description within 256 characters', () => {
    const result = buildActivationRequest({ ...input, site: 's'.repeat(250) });
    expect(result.ok && result.request.Description.length).toBe(256);
  });
});

describe('activation tags', () => {
  it('reads back what was written', () => {
    const result = buildActivationRequest(input);
    if (!result.ok) throw new Error('expected a request');
    expect(readActivationTags(result.request.Tags)).toEqual({
      cluster: 'demo',
      site: 'store-12',
      host: 'store-12-pos-1',
      requestedBy: 'U024BE7LH',
    });
  });

  it('ignores resources the bot did not tag', () => {
    expect(readActivationTags([{ Key: 'Name', Value: 'x' }])).toBeUndefined();
    expect(
      readActivationTags([
        { Key: TAG_CLUSTER, Value: 'demo' },
        { Key: TAG_HOST, Value: 'h' },
      ]),
    ).toBeUndefined();
  });
});

describe('roleNameFromArn', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/demo-hybrid-nodes', 'demo-hybrid-nodes'],
    ['arn:aws-us-gov:iam::123456789012:role/a/b/name', 'name'],
    ['arn:aws:iam::123456789012:user/bob', undefined],
    ['demo-hybrid-nodes', undefined],
  ])('%s → %s', (arn, name) => expect(roleNameFromArn(arn)).toBe(name));
});
