import { chooseCluster, findCluster } from '../../../src/domain/cluster-choice';
import { validateHostRegistration } from '../../../src/domain/host-registration';

const clusters = [
  { name: 'demo', channel: 'C0DEMO', alertChannel: 'C0ALERTS' },
  { name: 'legacy', channel: 'C0LEGACY', alertChannel: 'C0ALERTS' },
];
const pool = (...where: string[]) => ({ kind: 'pool' as const, name: 'pos', in: where, mustExist: true });

describe('chooseCluster', () => {
  it('takes --cluster as given, when configured', () => {
    expect(chooseCluster({ given: 'legacy', clusters, channel: 'C0DEMO' })).toEqual({
      ok: true,
      cluster: 'legacy',
    });
    const unknown = chooseCluster({ given: 'prod', clusters, channel: 'C0DEMO' });
    expect(unknown).toMatchObject({ ok: false, reason: 'unknown-cluster' });
    expect(unknown.ok || unknown.message).toBe(
      'No cluster named `prod` is configured: use `demo` or `legacy`.',
    );
  });

  it('finds the only cluster holding the pool, whatever the channel', () => {
    expect(chooseCluster({ clusters, channel: 'C0DEMO', subject: pool('legacy') })).toEqual({
      ok: true,
      cluster: 'legacy',
    });
  });

  it('between clusters holding the pool, takes the one the channel reports for', () => {
    expect(chooseCluster({ clusters, channel: 'C0LEGACY', subject: pool('demo', 'legacy') })).toEqual({
      ok: true,
      cluster: 'legacy',
    });
  });

  it('names the candidates when neither the pool nor the channel decides', () => {
    const choice = chooseCluster({ clusters, channel: 'C0ALERTS', subject: pool('demo', 'legacy') });
    expect(choice).toEqual({
      ok: false,
      reason: 'ambiguous',
      message: 'Pool pos is in demo and legacy: add --cluster demo or --cluster legacy.',
    });
    const bare = chooseCluster({ clusters, channel: 'C0ELSEWHERE' });
    expect(bare.ok || bare.message).toBe(
      'This could be demo and legacy: add --cluster demo or --cluster legacy.',
    );
  });

  it('with nothing to go on but the channel or a single cluster, takes that', () => {
    expect(chooseCluster({ clusters, channel: 'C0DEMO' })).toEqual({ ok: true, cluster: 'demo' });
    expect(chooseCluster({ clusters: clusters.slice(1), channel: 'C0ELSEWHERE' })).toEqual({
      ok: true,
      cluster: 'legacy',
    });
  });

  it('says a missing pool is missing, in one wording, and where one of that name is', () => {
    const nowhere = chooseCluster({ clusters, channel: 'C0DEMO', subject: pool() });
    expect(nowhere.ok || nowhere.message).toBe('No pool `pos` on any cluster: see `/hybrid pools`.');
    const elsewhere = chooseCluster({ given: 'demo', clusters, channel: 'C0DEMO', subject: pool('legacy') });
    expect(elsewhere.ok || elsewhere.message).toBe(
      'No pool `pos` in demo; there is one in legacy: --cluster legacy.',
    );
    const missing = chooseCluster({ given: 'demo', clusters, channel: 'C0DEMO', subject: pool() });
    expect(missing.ok || missing.message).toBe('No pool `pos` in demo: see `/hybrid pools --cluster demo`.');
  });

  it('a hint (hosts of a new pool) narrows the choice but is not required to exist', () => {
    const hosts = { kind: 'host' as const, name: 'h1', in: [] as string[], mustExist: false };
    expect(chooseCluster({ clusters, channel: 'C0LEGACY', subject: hosts })).toEqual({
      ok: true,
      cluster: 'legacy',
    });
    expect(chooseCluster({ clusters, channel: 'C0ALERTS', subject: { ...hosts, in: ['demo'] } })).toEqual({
      ok: true,
      cluster: 'demo',
    });
  });
});

describe('findCluster: one wording for an unknown cluster, wherever it is typed', () => {
  it('finds a configured cluster', () => {
    expect(findCluster(clusters, 'legacy')).toEqual({ ok: true, cluster: clusters[1] });
  });

  it('names the clusters there are, the same for a command, a job and the register form', () => {
    const message = 'No cluster named `<!channel>` is configured: use `demo` or `legacy`.';
    expect(findCluster(clusters, '<!channel>')).toEqual({ ok: false, message });
    const infos = clusters.map((c) => ({
      name: c.name,
      supportedVersions: ['1.31'],
      hybridEnabled: true,
      remoteNodeNetworks: [],
      version: '1.31',
    }));
    const request = {
      name: 'h1',
      cluster: '<!channel>',
      site: 's1',
      ip: '10.80.0.5',
      arch: 'amd64',
      auth: 'ssm',
    };
    const form = validateHostRegistration(request, infos, []);
    expect(form).toMatchObject({ ok: false, errors: { cluster: message } });
  });

  it('says so when no cluster is configured', () => {
    expect(findCluster([], 'prod')).toEqual({
      ok: false,
      message: "No cluster named `prod` is configured; none is: add one to the bot's configuration.",
    });
  });
});
