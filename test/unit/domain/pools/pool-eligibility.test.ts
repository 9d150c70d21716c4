import {
  type CandidateHost,
  hostPlacementProblems,
  type PoolRequestFacts,
  poolRequestProblems,
} from '../../../../src/domain/pools/pool-eligibility';
import { profileFixture } from './pool-fixtures';

const host = (name: string, extra: Partial<CandidateHost> = {}): CandidateHost => ({
  name,
  cluster: 'demo',
  auth: 'ssm',
  deregistered: false,
  managedInstanceId: `mi-${name}`,
  ping: 'Online',
  arch: 'amd64',
  os: 'ubuntu-22.04',
  ...extra,
});

const facts = (extra: Partial<PoolRequestFacts> = {}): PoolRequestFacts => ({
  cluster: 'demo',
  pool: 'edge-a',
  arch: 'amd64',
  hosts: ['h1', 'h2'],
  existingPools: [],
  inventory: [host('h1'), host('h2')],
  profile: profileFixture(),
  controlPlaneVersion: '1.31',
  blockingChecks: [],
  ...extra,
});

describe('pool request checks', () => {
  it('accepts registered, Online hosts of the right architecture and OS', () => {
    expect(poolRequestProblems(facts())).toEqual([]);
  });

  it.each<[string, Partial<PoolRequestFacts>, string]>([
    ['a bad name', { pool: 'Edge_A' }, 'Pool name "Edge_A" is invalid'],
    ['a taken name', { existingPools: ['edge-a'] }, 'already exists in demo'],
    ['no hosts', { hosts: [] }, 'No hosts given'],
    ['a host twice', { hosts: ['h1', 'h1'] }, 'listed twice'],
    ['an unknown host', { hosts: ['h9'] }, 'Host h9 is not registered'],
    [
      'a host of another cluster',
      { inventory: [host('h1', { cluster: 'gitops' }), host('h2')] },
      'registered for cluster gitops',
    ],
    [
      'a host in another pool',
      { inventory: [host('h1', { pool: 'edge-b' }), host('h2')] },
      'already in pool edge-b',
    ],
    [
      'a host not yet in SSM',
      { inventory: [host('h1', { managedInstanceId: undefined }), host('h2')] },
      'has not registered with SSM',
    ],
    [
      'a host offline',
      { inventory: [host('h1', { ping: 'ConnectionLost' }), host('h2')] },
      'ConnectionLost in SSM',
    ],
    [
      'another architecture',
      { inventory: [host('h1', { arch: 'arm64' }), host('h2')] },
      'Host h1 is arm64; the pool is amd64',
    ],
    [
      'an OS the profile does not allow',
      { inventory: [host('h1', { os: 'ubuntu-24.04' }), host('h2')] },
      'Host h1: The profile supports',
    ],
    [
      'an OS AWS does not support for hybrid nodes, naming the host and how to fix it',
      {
        inventory: [
          host('h1', { os: undefined, platform: { name: 'Ubuntu', version: '18.04' } }),
          host('h2'),
        ],
      },
      'Host h1 (mi-h1) runs Ubuntu 18.04, which AWS does not support for hybrid nodes: re-image it with one AWS supports (Ubuntu 20.04, 22.04, 24.04; RHEL 8, 9; Amazon Linux 2023; Bottlerocket (VMware) 1.37 or later), or leave it out.',
    ],
    [
      'a host already joined at another Kubernetes minor',
      { inventory: [host('h1', { nodeName: 'mi-h1', kubeletVersion: 'v1.29.8-eks-1' }), host('h2')] },
      'adopts a running node only at its own version',
    ],
    ['a control plane older than the profile', { controlPlaneVersion: '1.30' }, 'newer'],
    [
      'a failing doctor check',
      { blockingChecks: ['Remote networks configured'] },
      'Remote networks configured',
    ],
    ['no Cilium layer', { cniMissing: 'Cilium is not installed.' }, '/hybrid cni set demo'],
  ])('refuses %s, saying what to do', (_, extra, expected) => {
    expect(poolRequestProblems(facts(extra)).join('\n')).toContain(expected);
  });

  it('lets IAM Roles Anywhere hosts in without SSM', () => {
    const inventory = [
      host('h1', { auth: 'iam-ra', managedInstanceId: undefined, ping: undefined }),
      host('h2'),
    ];
    expect(poolRequestProblems(facts({ inventory }))).toEqual([]);
  });

  it("adopts a host that already runs as a node at the profile's Kubernetes minor", () => {
    const inventory = [host('h1', { nodeName: 'mi-h1', kubeletVersion: 'v1.31.4-eks-1' }), host('h2')];
    expect(poolRequestProblems(facts({ inventory }))).toEqual([]);
  });

  it('lets an existing pool grow under its own name', () => {
    expect(poolRequestProblems(facts({ existingPools: ['edge-a'], adding: true }))).toEqual([]);
  });
});

describe("what the pool form can check from the bot's records alone", () => {
  const inventory = [
    host('free', { ping: undefined, os: undefined }),
    host('taken', { pool: 'kiosks' }),
    host('arm', { arch: 'arm64' }),
    host('pending', { managedInstanceId: undefined }),
    host('elsewhere', { cluster: 'gitops' }),
  ];
  const placement = (name: string) =>
    hostPlacementProblems(name, { cluster: 'demo', pool: 'edge-a', arch: 'amd64', inventory });

  it('takes a free host of the cluster and architecture without asking SSM', () => {
    expect(placement('free')).toEqual([]);
  });

  it.each([
    ['taken', 'Host taken is already in pool kiosks.'],
    ['arm', 'Host arm is arm64; the pool is amd64.'],
    ['pending', 'Host pending has not registered with SSM yet: run its bootstrap first.'],
    ['elsewhere', 'Host elsewhere is registered for cluster gitops, not demo.'],
  ])('refuses %s with the same words as the text command', (name, problem) => {
    expect(placement(name)).toEqual([problem]);
    expect(poolRequestProblems(facts({ hosts: [name], inventory }))).toContain(problem);
  });
});
