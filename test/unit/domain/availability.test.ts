import { evaluateAvailability } from '../../../src/domain/availability';
import { healthyFacts, hybridNode } from './cluster-facts.fixture';

describe('evaluateAvailability', () => {
  it('summarises a healthy cluster', () => {
    expect(evaluateAvailability(healthyFacts())).toEqual({
      agentNodes: { qualifyingReady: 2, qualifyingTotal: 2 },
      agentPod: { node: 'ip-10-0-12-34.eu-west-1.compute.internal', running: true },
      hybrid: {
        ready: 3,
        notReady: 0,
        byPool: { pos: { ready: 3, total: 3 } },
        bySite: { 'store-12': { ready: 2, total: 2 }, 'store-14': { ready: 1, total: 1 } },
        notReadyHosts: [],
      },
      clusterStatus: 'ACTIVE',
    });
  });

  it('counts NotReady hybrid nodes by pool and site, falling back to the zone label and "unassigned"', () => {
    const facts = healthyFacts();
    const first = facts.nodes[2];
    if (first) first.ready = false;
    const unlabelled = hybridNode('mi-0123456789abcdefb', '', '');
    unlabelled.labels = {
      'eks.amazonaws.com/compute-type': 'hybrid',
      'topology.kubernetes.io/zone': 'dc-lyon',
    };
    unlabelled.ready = false;
    facts.nodes.push(unlabelled);
    const { hybrid } = evaluateAvailability(facts);
    expect(hybrid).toEqual({
      ready: 2,
      notReady: 2,
      byPool: { pos: { ready: 2, total: 3 }, unassigned: { ready: 0, total: 1 } },
      bySite: {
        'dc-lyon': { ready: 0, total: 1 },
        'store-12': { ready: 1, total: 2 },
        'store-14': { ready: 1, total: 1 },
      },
      notReadyHosts: ['mi-0123456789abcdef0', 'mi-0123456789abcdefb'],
    });
  });

  it('names NotReady hosts by their host name, with the node name beside it where they differ', () => {
    const facts = healthyFacts();
    for (const node of facts.nodes.slice(2)) node.ready = false;
    facts.nodes.push(hybridNode('store12-edge-03', 'store-12', 'pos', { ready: false }));
    facts.hostNames = {
      'mi-0123456789abcdef0': 'store12-edge-01',
      'store12-edge-03': 'store12-edge-03',
    };
    expect(evaluateAvailability(facts).hybrid.notReadyHosts).toEqual([
      'mi-0123456789abcdef1',
      'mi-0123456789abcdef2',
      'store12-edge-01 (mi-0123456789abcdef0)',
      'store12-edge-03',
    ]);
  });

  it('shows where the agent pod is when it is not running, and counts only Ready qualifying workers', () => {
    const facts = healthyFacts();
    facts.managementAgentPods = [
      {
        name: 'management-agent-x',
        nodeName: 'ip-10-0-13-7.eu-west-1.compute.internal',
        phase: 'Running',
        ready: false,
      },
    ];
    const worker = facts.nodes[0];
    if (worker) worker.ready = false;
    const availability = evaluateAvailability(facts);
    expect(availability.agentPod).toEqual({
      node: 'ip-10-0-13-7.eu-west-1.compute.internal',
      running: false,
    });
    expect(availability.agentNodes).toEqual({ qualifyingReady: 1, qualifyingTotal: 2 });
  });

  it('marks an agent pod running on a worker too small for it', () => {
    const facts = healthyFacts();
    for (const n of facts.nodes) n.capacity = { ...n.capacity, cpu: '2' };
    const availability = evaluateAvailability(facts);
    expect(availability.agentNodes).toEqual({ qualifyingReady: 0, qualifyingTotal: 0 });
    expect(availability.agentPod).toEqual({
      node: 'ip-10-0-12-34.eu-west-1.compute.internal',
      running: true,
      undersized: true,
    });
  });

  it('reports no agent pod at all', () => {
    const facts = healthyFacts();
    facts.managementAgentPods = [];
    expect(evaluateAvailability(facts).agentPod).toEqual({ running: false });
  });

  it('keeps odd label values as plain keys', () => {
    const facts = healthyFacts();
    facts.nodes.push(hybridNode('mi-0123456789abcdefc', '__proto__', 'pos'));
    const { bySite } = evaluateAvailability(facts).hybrid;
    expect(Object.keys(bySite)).toContain('__proto__');
    expect(Object.getOwnPropertyDescriptor(bySite, '__proto__')?.value).toEqual({ ready: 1, total: 1 });
  });
});
