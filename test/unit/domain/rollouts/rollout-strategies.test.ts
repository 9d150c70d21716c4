import { newJournal, runnableSteps } from '../../../../src/domain/changes/journal';
import type { CandidateHost } from '../../../../src/domain/pools/pool-eligibility';
import { chooseSpares } from '../../../../src/domain/rollouts/cutover-spares';
import { cutoverLeftAfterAbort, rolloutJoinPlan } from '../../../../src/domain/rollouts/pool-cutover-plan';
import { reimageLeftAfterAbort } from '../../../../src/domain/rollouts/pool-reimage-plan';
import { planRollout } from '../../../../src/domain/rollouts/pool-rollout-planner';
import type { PoolUpgradePlan } from '../../../../src/domain/rollouts/pool-upgrade-plan';
import { profileFixture } from '../pools/pool-fixtures';

const cutover = {
  arch: 'amd64' as const,
  containerdSource: 'none' as const,
  labels: { store: '12' },
  taints: [],
  spares: [1, 2].map((i) => ({ host: `s${i}`, managedInstanceId: `mi-s${i}` })),
};
const plan: PoolUpgradePlan = {
  cluster: 'demo',
  pool: 'tills',
  from: { name: 'edge', version: '1.0.0', kubernetesVersion: '1.30' },
  to: { name: 'edge', version: '1.1.0', kubernetesVersion: '1.31' },
  action: 'upgrade',
  why: 'Kubernetes 1.30 → 1.31 (upgrade)',
  maxUnavailable: 1,
  nodes: [1, 2].map((i) => ({ host: `h${i}`, nodeName: `mi-h${i}`, managedInstanceId: `mi-h${i}` })),
  cutover,
};

describe('the cutover plan', () => {
  it('per pair: cordon the old node when there is room, join the spare, then drain, uninstall and delete the old one', () => {
    const planned = planRollout(plan);
    expect(planned.steps.filter((s) => s.group === 'h1').map((s) => [s.action, s.input.host])).toEqual([
      ['rollout-start', 'h1'],
      ['record-pool-member', 's1'],
      ['nodeadm-install', 's1'],
      ['write-node-config', 's1'],
      ['nodeadm-init', 's1'],
      ['await-node-ready', 's1'],
      ['ensure-node-labels', 's1'],
      ['rollout-drain', 'h1'],
      ['pool-nodeadm-uninstall', 'h1'],
      ['pool-delete-node', 'h1'],
      ['pool-release-host', 'h1'],
    ]);
    expect(planned.steps.at(-1)?.action).toBe('rollout-record-profile');
    expect(planned.diff.map((d) => `${d.op} ${d.text}`)).toEqual(
      expect.arrayContaining([
        'add node on host s2 (no site), SSM mi-s2, at 1.31',
        'remove node mi-h2 of host h2 (no site) at 1.30',
      ]),
    );
    expect(planned.canRollBack).toBe(false);
    expect(planned.summary.join('\n')).toContain('never has fewer Ready nodes');
  });

  it('replaces one node at a time', () => {
    const planned = planRollout(plan);
    const groups = new Set(runnableSteps(newJournal(planned.steps), planned.maxParallel).map((s) => s.group));
    expect([...groups]).toEqual(['h1']);
  });

  it('says after an abort which pairs are done and what is left half way', () => {
    const done = (...keys: string[]) => keys.map((key) => ({ key, state: 'done' }));
    const left = cutoverLeftAfterAbort(plan, cutover, [
      ...done('h1.start', 'h1.join.claim', 'h1.join.labels', 'h1.drain', 'h1.delete-node', 'h1.release'),
      ...done('h2.start', 'h2.join.claim'),
    ]);
    expect(left).toContain('1 of 2 nodes replaced by hosts at edge@1.1.0 (h1 → s1)');
    expect(left).toContain('In the pool without a finished join: s2');
    expect(left).toContain('Still cordoned: `mi-h2`');
  });
});

const spare = (name: string, extra: Partial<CandidateHost> = {}): CandidateHost => ({
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
const facts = { cluster: 'demo', pool: 'tills', arch: 'amd64' as const, profile: profileFixture() };

const replacing = (...sites: string[]) => sites.map((site, i) => ({ host: `h${i + 1}`, site }));

describe('choosing spare hosts', () => {
  it('takes the first eligible hosts by name, passing over pool members, nodes, offline and other arches', () => {
    const inventory = [
      spare('s4', { site: 'store-12' }),
      spare('s1', { pool: 'other', site: 'store-12' }),
      spare('s2', { nodeName: 'mi-s2', site: 'store-12' }),
      spare('s3', { ping: 'ConnectionLost', site: 'store-12' }),
      spare('s5', { arch: 'arm64', site: 'store-12' }),
      spare('s6', { auth: 'iam-ra', site: 'store-12' }),
      spare('s0', { site: 'store-12' }),
    ];
    expect(
      chooseSpares({ ...facts, inventory, given: [], replacing: replacing('store-12', 'store-12') }),
    ).toEqual({
      spares: [
        { host: 's0', managedInstanceId: 'mi-s0', site: 'store-12' },
        { host: 's4', managedInstanceId: 'mi-s4', site: 'store-12' },
      ],
      problems: [],
    });
  });

  it('takes each spare from the site of the node it replaces, never from another by itself', () => {
    const inventory = [spare('a-plant3', { site: 'plant-3' }), spare('b-store12', { site: 'store-12' })];
    const paired = chooseSpares({
      ...facts,
      inventory,
      given: [],
      replacing: replacing('store-12', 'plant-3'),
    });
    expect(paired.spares.map((s) => s.host)).toEqual(['b-store12', 'a-plant3']);

    const { spares, problems } = chooseSpares({
      ...facts,
      inventory: [spare('s1', { site: 'store-12' }), spare('s2', { site: 'store-12' })],
      given: [],
      replacing: replacing('store-12', 'plant-3'),
    });
    expect(spares).toEqual([]);
    expect(problems).toEqual([
      expect.stringContaining('site plant-3 needs 1 (for h2) and has no eligible spares'),
    ]);
    expect(problems[0]).toContain('name spares from another site with --hosts');
    expect(problems[0]).toContain('--strategy in-place');
  });

  it('refuses with the count and the way out when too few spares are registered at a site', () => {
    const { problems } = chooseSpares({
      ...facts,
      inventory: [spare('s1', { site: 'store-12' })],
      given: [],
      replacing: replacing('store-12', 'store-12', 'store-12'),
    });
    expect(problems).toEqual([
      expect.stringContaining('site store-12 needs 3 (for h1, h2, h3) and has only 1 eligible spare'),
    ]);
    expect(problems[0]).toContain(': s1.');
  });

  it('pairs hosts named with --hosts with nodes of their own site first, then across sites in the order given', () => {
    const inventory = [
      spare('store12-edge-02', { site: 'store-12' }),
      spare('plant3-edge-09', { site: 'plant-3' }),
    ];
    const { spares, problems } = chooseSpares({
      ...facts,
      inventory,
      given: ['store12-edge-02', 'plant3-edge-09'],
      replacing: [
        { host: 'plant3-edge-01', site: 'plant-3' },
        { host: 'lab-edge-01', site: 'lab' },
      ],
    });
    expect(problems).toEqual([]);
    expect(spares.map((s) => `${s.host} ${s.site}`)).toEqual([
      'plant3-edge-09 plant-3',
      'store12-edge-02 store-12',
    ]);
  });

  it('checks hosts named with --hosts, and wants one per node', () => {
    const { problems } = chooseSpares({
      ...facts,
      inventory: [spare('s1'), spare('s2', { os: 'ubuntu-24.04' })],
      given: ['s1', 's2', 's9'],
      replacing: replacing('', ''),
    });
    expect(problems).toEqual([
      expect.stringContaining('Host s2: '),
      'Host s9 is not registered: register it with `/hybrid host register s9` first.',
      "--hosts names 3 spare hosts; a cutover replaces each of the pool's 2 nodes with one: name 2.",
    ]);
  });
});

describe("the plans name each host's site", () => {
  const sited: PoolUpgradePlan = {
    ...plan,
    nodes: [
      { host: 'plant3-edge-01', nodeName: 'mi-p1', managedInstanceId: 'mi-p1', site: 'plant-3' },
      { host: 'store12-edge-01', nodeName: 'mi-s1', managedInstanceId: 'mi-s1', site: 'store-12' },
    ],
    cutover: {
      ...cutover,
      spares: [
        { host: 'store12-edge-02', managedInstanceId: 'mi-s2', site: 'store-12' },
        { host: 'store12-edge-03', managedInstanceId: 'mi-s3', site: 'store-12' },
      ],
    },
  };

  it('a cutover says, per pair, when a spare from another site replaces a node: pods move between sites', () => {
    const planned = planRollout(sited);
    const summary = planned.summary.join('\n');
    expect(summary).toContain(
      'store12-edge-02 (store-12) replaces plant3-edge-01 (plant-3): pods move between sites',
    );
    expect(summary).not.toContain('store12-edge-03 (store-12) replaces');
    expect(planned.diff.map((d) => `${d.op} ${d.text}`)).toEqual(
      expect.arrayContaining([
        'add node on host store12-edge-02 (store-12), SSM mi-s2, at 1.31',
        'remove node mi-p1 of host plant3-edge-01 (plant-3) at 1.30',
      ]),
    );
  });

  it('a cutover within each site says so', () => {
    const sameSite = { ...sited, nodes: sited.nodes.map((n) => ({ ...n, site: 'store-12' })) };
    const summary = planRollout(sameSite).summary.join('\n');
    expect(summary).toContain('each spare is from the site of the node it replaces');
    expect(summary).not.toContain('pods move between sites');
  });

  it('the spares join labelled with their own site; a re-imaged host with its own', () => {
    expect(rolloutJoinPlan(sited).hosts.map((h) => `${h.name} ${h.site}`)).toEqual([
      'store12-edge-02 store-12',
      'store12-edge-03 store-12',
    ]);
    const reimaged = { ...sited, cutover: undefined, action: 'reimage' as const, reimage: { ...cutover } };
    expect(rolloutJoinPlan(reimaged).hosts.map((h) => `${h.name} ${h.site}`)).toEqual([
      'plant3-edge-01 plant-3',
      'store12-edge-01 store-12',
    ]);
    expect(planRollout(reimaged).diff.map((d) => d.text)).toContain(
      'plant3-edge-01 (plant-3)  mi-p1  re-imaged with an OS edge@1.1.0 allows, joined anew at its site',
    );
  });

  it('an in-place rollout lists each host with its site', () => {
    const inPlace = { ...sited, cutover: undefined };
    expect(planRollout(inPlace).diff.map((d) => d.text)).toContain(
      'plant3-edge-01 (plant-3)  mi-p1  1.30 → 1.31',
    );
    const settings = {
      ...inPlace,
      action: 'reconfigure' as const,
      to: { ...inPlace.to, kubernetesVersion: '1.30' },
    };
    expect(planRollout(settings).diff.map((d) => d.text)).toContain(
      'store12-edge-01 (store-12)  mi-s1  new settings',
    );
  });
});

describe('the re-image plan', () => {
  const reimage: PoolUpgradePlan = {
    ...plan,
    cutover: undefined,
    action: 'reimage',
    why: 'the OS layer changes (image edge-os-v7)',
    maxUnavailable: 2,
    reimage: {
      arch: 'amd64',
      containerdSource: 'none',
      labels: { store: '12' },
      taints: [],
      image: 'edge-os-v7',
    },
  };

  it('per node: cordon, drain, uninstall, delete the node, the requester re-images it, then it joins anew', () => {
    const planned = planRollout(reimage);
    expect(planned.title).toBe('Re-image pool tills for edge@1.1.0 (2 nodes)');
    expect(planned.steps.filter((s) => s.group === 'h1').map((s) => s.action)).toEqual([
      'rollout-start',
      'rollout-drain',
      'pool-nodeadm-uninstall',
      'pool-delete-node',
      'rollout-reimage',
      'nodeadm-install',
      'write-node-config',
      'nodeadm-init',
      'await-node-ready',
      'ensure-node-labels',
    ]);
    // Joining steps name no instance: the host registers under a new one after its re-image.
    const join = planned.steps.find((s) => s.key === 'h1.join.init');
    expect(join?.input).toEqual({ host: 'h1', rejoin: true });
    expect(planned.maxParallel).toBe(2);
    expect(planned.canRollBack).toBe(false);
    expect(planned.summary.join('\n')).toContain('re-image it with image edge-os-v7');
  });

  it('says after an abort which hosts joined again and which are out of the cluster', () => {
    const done = (...keys: string[]) => keys.map((key) => ({ key, state: 'done' }));
    const left = reimageLeftAfterAbort(reimage, [
      ...done('h1.start', 'h1.uninstall', 'h1.join.labels'),
      ...done('h2.start', 'h2.drain', 'h2.uninstall'),
    ]);
    expect(left).toContain('1 of 2 hosts re-imaged and joined at edge@1.1.0 (h1)');
    expect(left).toContain('Out of the cluster, not joined again: h2');
  });
});
