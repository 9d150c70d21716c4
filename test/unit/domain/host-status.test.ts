import { buildActivationRequest, type Tag } from '../../../src/domain/activation-request';
import {
  deriveHostStatus,
  type HostRecord,
  type InventoryNode,
  type ReconcileInput,
  reconcileInventory,
} from '../../../src/domain/host-status';

const now = Date.parse('2026-11-24T09:00:00Z');
const hour = 3_600_000;

function tagsFor(host: string, site = 'store-12', cluster = 'demo'): Tag[] {
  const result = buildActivationRequest({
    hybridNodesRole: 'demo-hybrid-nodes',
    hostName: host,
    cluster,
    site,
    requester: 'U024BE7LH',
    now: new Date(now),
  });
  if (!result.ok) throw new Error(result.problems.join());
  return result.request.Tags;
}

function hybridNode(name: string, ready: boolean, extra: Record<string, string> = {}): InventoryNode {
  return {
    name,
    ready,
    labels: {
      'eks.amazonaws.com/compute-type': 'hybrid',
      'eks.amazonaws.com/hybrid-credential-provider': 'ssm',
      ...extra,
    },
  };
}

const empty: ReconcileInput = {
  cluster: 'demo',
  existing: [],
  activations: [],
  managedInstances: [],
  nodes: [],
  now,
};

describe('deriveHostStatus', () => {
  it('follows a host from activation to joined', () => {
    expect(deriveHostStatus({ activationExpiresAt: now + hour, deregistered: false }, now)).toBe(
      'activation-pending',
    );
    expect(deriveHostStatus({ activationExpiresAt: now, deregistered: false }, now)).toBe(
      'activation-expired',
    );
    expect(
      deriveHostStatus(
        { activationExpiresAt: now - hour, managedInstanceId: 'mi-0123456789abcdef0', deregistered: false },
        now,
      ),
    ).toBe('registered');
    const node = { name: 'mi-0123456789abcdef0', ready: true };
    expect(deriveHostStatus({ managedInstanceId: node.name, node, deregistered: false }, now)).toBe('joined');
    expect(deriveHostStatus({ node: { ...node, ready: false }, deregistered: false }, now)).toBe('not-ready');
    expect(deriveHostStatus({ node, deregistered: true }, now)).toBe('deregistered');
  });

  it('counts an IAM Roles Anywhere host as registered once recorded: a pool joins it later', () => {
    const host = { auth: 'iam-ra' as const, deregistered: false };
    expect(deriveHostStatus(host, now + 1000 * hour)).toBe('registered');
    // Its node and its removal still decide over the recording.
    const node = { name: 'store-12-pos-1', ready: false };
    expect(deriveHostStatus({ ...host, node }, now)).toBe('not-ready');
    expect(deriveHostStatus({ ...host, node: { ...node, ready: true } }, now)).toBe('joined');
    expect(deriveHostStatus({ ...host, deregistered: true }, now)).toBe('deregistered');
  });

  it('keeps an IAM Roles Anywhere host registered with --join pending until its node appears', () => {
    const host = { auth: 'iam-ra' as const, join: true, deregistered: false };
    expect(deriveHostStatus(host, now + 1000 * hour)).toBe('activation-pending');
    expect(deriveHostStatus({ ...host, node: { name: 'store-12-pos-1', ready: true } }, now)).toBe('joined');
  });

  it('keeps an SSM host pending until its activation registers it, with or without --join', () => {
    for (const join of [false, true]) {
      const host = { auth: 'ssm' as const, join, activationExpiresAt: now + hour, deregistered: false };
      expect(deriveHostStatus(host, now)).toBe('activation-pending');
      expect(deriveHostStatus(host, now + hour)).toBe('activation-expired');
    }
  });
});

describe('reconcileInventory', () => {
  it('rebuilds a wiped inventory from SSM tags and Kubernetes nodes', () => {
    const hosts = reconcileInventory({
      ...empty,
      activations: [
        {
          activationId: '11111111-1111-4111-8111-111111111111',
          expiresAt: now + hour,
          tags: tagsFor('store-12-pos-1'),
        },
        {
          activationId: '22222222-2222-4222-8222-222222222222',
          expiresAt: now - hour,
          tags: tagsFor('store-12-pos-2'),
        },
        {
          activationId: '33333333-3333-4333-8333-333333333333',
          expiresAt: now + hour,
          tags: tagsFor('store-14-pos-1', 'store-14'),
        },
        {
          activationId: '44444444-4444-4444-8444-444444444444',
          expiresAt: now + hour,
          tags: tagsFor('prod-1', 'x', 'prod'),
        },
        {
          activationId: '55555555-5555-4555-8555-555555555555',
          expiresAt: now + hour,
          tags: [{ Key: 'Name', Value: 'manual' }],
        },
      ],
      managedInstances: [
        {
          instanceId: 'mi-0123456789abcdef0',
          activationId: '11111111-1111-4111-8111-111111111111',
          ipAddress: '10.80.12.10',
          tags: tagsFor('store-12-pos-1'),
        },
        {
          instanceId: 'mi-0123456789abcdef4',
          activationId: '33333333-3333-4333-8333-333333333333',
          tags: tagsFor('store-14-pos-1', 'store-14'),
        },
      ],
      nodes: [
        hybridNode('mi-0123456789abcdef0', true),
        hybridNode('edge-ra-1', false, {
          'eks.amazonaws.com/hybrid-credential-provider': 'iam-ra',
          'hybrid-bot.io/site': 'store-20',
        }),
        { name: 'ip-10-0-12-34.eu-west-1.compute.internal', ready: true, labels: {} },
      ],
    });
    expect(hosts.map((h) => [h.name, h.site, h.auth, h.status])).toEqual([
      ['edge-ra-1', 'store-20', 'iam-ra', 'not-ready'],
      ['store-12-pos-1', 'store-12', 'ssm', 'joined'],
      ['store-12-pos-2', 'store-12', 'ssm', 'activation-expired'],
      ['store-14-pos-1', 'store-14', 'ssm', 'registered'],
    ]);
    expect(hosts[1]).toEqual({
      name: 'store-12-pos-1',
      cluster: 'demo',
      site: 'store-12',
      auth: 'ssm',
      ip: '10.80.12.10',
      requestedBy: 'U024BE7LH',
      activationId: '11111111-1111-4111-8111-111111111111',
      activationExpiresAt: now + hour,
      managedInstanceId: 'mi-0123456789abcdef0',
      node: { name: 'mi-0123456789abcdef0', ready: true },
      deregistered: false,
      status: 'joined',
    });
  });

  it('keeps what only the bot knows and is stable when nothing changed', () => {
    const existing: HostRecord[] = [
      {
        name: 'store-12-pos-1',
        cluster: 'demo',
        site: 'store-12',
        auth: 'ssm',
        ip: '10.80.12.10',
        arch: 'arm64',
        requestedBy: 'U1',
        activationId: 'a1',
        activationExpiresAt: now + hour,
        deregistered: false,
        status: 'activation-pending',
      },
    ];
    const once = reconcileInventory({ ...empty, existing });
    expect(once).toEqual(existing);
    expect(reconcileInventory({ ...empty, existing: once })).toEqual(once);
  });

  it('marks a host deregistered when its managed instance is gone, even if its node object lingers', () => {
    const existing: HostRecord[] = [
      {
        name: 'store-12-pos-1',
        cluster: 'demo',
        site: 'store-12',
        auth: 'ssm',
        managedInstanceId: 'mi-0123456789abcdef0',
        deregistered: false,
        status: 'joined',
      },
    ];
    const [host] = reconcileInventory({
      ...empty,
      existing,
      nodes: [hybridNode('mi-0123456789abcdef0', false)],
    });
    expect(host?.status).toBe('deregistered');
  });

  it('drops the node when it disappears from the cluster', () => {
    const existing: HostRecord[] = [
      {
        name: 'store-12-pos-1',
        cluster: 'demo',
        site: 'store-12',
        auth: 'ssm',
        managedInstanceId: 'mi-0123456789abcdef0',
        node: { name: 'mi-0123456789abcdef0', ready: true },
        deregistered: false,
        status: 'joined',
      },
    ];
    const [host] = reconcileInventory({
      ...empty,
      existing,
      managedInstances: [{ instanceId: 'mi-0123456789abcdef0', tags: tagsFor('store-12-pos-1') }],
    });
    expect(host?.node).toBeUndefined();
    expect(host?.status).toBe('registered');
  });

  it('starts over when a removed host name is registered again', () => {
    const existing: HostRecord[] = [
      {
        name: 'store-12-pos-1',
        cluster: 'demo',
        site: 'store-12',
        auth: 'ssm',
        activationId: 'old',
        managedInstanceId: 'mi-0123456789abcdef0',
        deregistered: true,
        status: 'deregistered',
      },
    ];
    const [host] = reconcileInventory({
      ...empty,
      existing,
      activations: [{ activationId: 'new', expiresAt: now + hour, tags: tagsFor('store-12-pos-1') }],
    });
    expect(host).toMatchObject({ activationId: 'new', deregistered: false, status: 'activation-pending' });
    expect(host?.managedInstanceId).toBeUndefined();
  });

  it('returns only the given cluster hosts (other clusters are reconciled on their own)', () => {
    const other: HostRecord = {
      name: 'x',
      cluster: 'prod',
      site: 's',
      auth: 'ssm',
      deregistered: false,
      status: 'activation-pending',
    };
    expect(reconcileInventory({ ...empty, existing: [other] })).toEqual([]);
  });
});

describe('a host that left a pool', () => {
  it('reads as having left it, never as an expired or pending activation', () => {
    const left = {
      deregistered: false,
      auth: 'ssm' as const,
      activationExpiresAt: now + hour,
      leftPool: 'tills',
    };
    expect(deriveHostStatus(left, now)).toBe('left-pool');
    expect(deriveHostStatus({ ...left, activationExpiresAt: now - hour }, now)).toBe('left-pool');
    // Registered again with a new activation: what it is now counts.
    expect(deriveHostStatus({ ...left, managedInstanceId: 'mi-0123456789abcdef0' }, now)).toBe('registered');
  });
});
