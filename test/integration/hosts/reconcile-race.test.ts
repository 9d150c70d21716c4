import { reconcileCluster } from '../../../jobs/hosts/reconcile-inventory';
import { registerOne } from '../../../jobs/hosts/register-one';
import { HostInventory } from '../../../src/adapters/redis/inventory';
import type { CloudClients } from '../../../src/cloud-ports';
import { startHostJobs } from './host-jobs-harness';

let h: Awaited<ReturnType<typeof startHostJobs>>;
beforeAll(async () => {
  h = await startHostJobs();
});
afterAll(async () => {
  await h.close();
});

/** The real clients, except that SSM's DescribeActivations waits for `gate` before it runs. */
function gatedClients(gate: Promise<void>, reached: () => void): CloudClients {
  return {
    ...h.clients,
    forCluster: (cluster) => {
      const clients = h.clients.forCluster(cluster);
      return {
        ...clients,
        ssm: {
          ...clients.ssm,
          describeActivations: async (filter) => {
            reached();
            await gate;
            return clients.ssm.describeActivations(filter);
          },
        },
      };
    },
  };
}

describe('inventory reconcile racing a registration', () => {
  it('keeps the record a registration wrote after the reconcile read the inventory', async () => {
    let open = () => {};
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let reached = () => {};
    const reading = new Promise<void>((r) => {
      reached = r;
    });
    // The reconcile reads the (empty) inventory, then stalls in its SSM read...
    const reconcile = reconcileCluster(h.deps(gatedClients(gate, reached)), h.cluster);
    await reading;
    // ...while the host registers, with what only the bot knows: IP and architecture.
    await registerOne(
      h.deps(),
      {
        name: 'pos-race-1',
        cluster: 'demo',
        site: 'store-12',
        ip: '10.80.1.41',
        arch: 'arm64',
        auth: 'ssm',
        kubernetesVersion: '1.31',
      },
      { user: 'U0OPERATOR' },
      'race-1',
    );
    open();
    await reconcile;

    const record = await new HostInventory(h.redis).get('demo', 'pos-race-1');
    expect(record).toMatchObject({ ip: '10.80.1.41', arch: 'arm64', status: 'activation-pending' });

    // The next reconcile starts after the write: it sees the record and keeps IP and architecture.
    await reconcileCluster(h.deps(), h.cluster);
    expect(await new HostInventory(h.redis).get('demo', 'pos-race-1')).toMatchObject({
      ip: '10.80.1.41',
      arch: 'arm64',
      activationId: record?.activationId,
    });
  }, 30_000);
});
