import { clusterSchema } from '../../../src/config/schema';

const cluster = { name: 'demo', region: 'us-west-2', channel: 'C0OPS', hybridNodesRole: 'HybridNodesRole' };

describe("a cluster's maintenance window in the config file", () => {
  it('takes a daily UTC window, across midnight too', () => {
    expect(clusterSchema.parse({ ...cluster, maintenanceWindow: '22:00-04:00' }).maintenanceWindow).toBe(
      '22:00-04:00',
    );
  });

  it('refuses anything else, saying what it takes', () => {
    const r = clusterSchema.safeParse({ ...cluster, maintenanceWindow: '10pm-4am' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('must be a daily UTC window HH:MM-HH:MM, e.g. 22:00-04:00');
  });
});
