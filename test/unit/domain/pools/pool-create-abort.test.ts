import { newJournal, type StepRecord } from '../../../../src/domain/changes/journal';
import { poolCreateAbortReport } from '../../../../src/domain/pools/pool-create-abort';
import { type PoolCreatePlan, planPoolCreate } from '../../../../src/domain/pools/pool-create-plan';

const plan: PoolCreatePlan = {
  cluster: 'demo',
  pool: 'edge-a',
  arch: 'amd64',
  profile: { name: 'edge-standard', version: '1.2.0', kubernetesVersion: '1.31', containerdSource: 'none' },
  labels: {},
  taints: [],
  maxParallel: 4,
  onFailure: 'pause',
  hosts: [
    { name: 'h1', auth: 'ssm', managedInstanceId: 'mi-1' },
    { name: 'h2', auth: 'ssm', managedInstanceId: 'mi-2' },
    { name: 'h3', auth: 'ssm', managedInstanceId: 'mi-3' },
    { name: 'h4', auth: 'ssm', managedInstanceId: 'mi-4' },
    { name: 'h5', auth: 'iam-ra' },
  ],
};

/** The journal with the given steps (by key) in the given states. */
function journal(states: Record<string, StepRecord['state']>): StepRecord[] {
  return newJournal(planPoolCreate(plan).steps).map((s) => ({ ...s, state: states[s.key] ?? s.state }));
}

describe('an aborted pool create, per host', () => {
  const steps = journal({
    'h1.claim': 'done',
    'h1.install': 'done',
    'h1.config': 'done',
    'h1.init': 'done',
    'h1.ready': 'done',
    'h2.claim': 'done',
    'h2.install': 'done',
    'h2.config': 'done',
    'h2.init': 'failed',
    'h3.claim': 'done',
    'h3.install': 'running',
    'h5.claim': 'done',
    'h5.instruct': 'running',
  });
  const report = poolCreateAbortReport(plan, steps, new Map([['h1', 'mi-1']]), 'U0OPERATOR');
  const of = (host: string) => report.find((r) => r.host === host);

  it('keeps a host whose node joined', () => {
    expect(of('h1')).toEqual({
      host: 'h1',
      release: false,
      line: 'h1: joined as node mi-1; stays in pool edge-a.',
    });
  });

  it('releases a host that never joined, saying what ran on it and what is left to do', () => {
    expect(of('h2')).toEqual({
      host: 'h2',
      release: true,
      line: 'h2: `nodeadm install 1.31` done, NodeConfig written; not joined. Released from pool edge-a, back in the inventory (still registered with SSM): it can go into a pool again (`/hybrid pool add`).',
    });
    expect(of('h3')?.line).toContain('h3: `nodeadm install 1.31` under way; not joined. Released');
  });

  it('tells the requester not to run the join commands of a released IAM Roles Anywhere host', () => {
    expect(of('h5')?.release).toBe(true);
    expect(of('h5')?.line).toContain('<@U0OPERATOR>, do not run the join commands you were sent for it.');
  });

  it('leaves a host nothing ran on untouched, and says so', () => {
    expect(of('h4')).toEqual({ host: 'h4', release: false, line: 'h4: not started; nothing ran on it.' });
  });

  it('keeps a host whose nodeadm init ran: its node may still join', () => {
    const initRan = poolCreateAbortReport(
      plan,
      journal({ 'h2.claim': 'done', 'h2.install': 'done', 'h2.config': 'done', 'h2.init': 'running' }),
      new Map(),
      'U0OPERATOR',
    );
    expect(initRan.find((r) => r.host === 'h2')).toMatchObject({ release: false });
    expect(initRan.find((r) => r.host === 'h2')?.line).toContain('Its node may still join');
  });
});
