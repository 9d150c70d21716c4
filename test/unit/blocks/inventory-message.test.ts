import { HOSTS_PER_PAGE, inventoryMessage } from '../../../src/blocks/hosts/inventory-message';
import type { HostRecord } from '../../../src/domain/host-status';

const host = (i: number): HostRecord => ({
  name: `pos-${i}`,
  cluster: 'demo',
  site: 'store-12',
  auth: 'ssm',
  deregistered: false,
  status: 'registered',
});
const hosts = (n: number) => Array.from({ length: n }, (_, i) => host(i + 1));
const all = (m: { text: string; blocks: unknown[] }) => `${m.text}\n${JSON.stringify(m.blocks)}`;

describe('the inventory message', () => {
  it('says "1 host", not "1 hosts"', () => {
    const one = inventoryMessage(hosts(1), {}, 1);
    expect(one.text).toBe('Edge hosts: 1 host, page 1 of 1');
    expect(all(one)).not.toContain('1 hosts');
    expect(inventoryMessage(hosts(2), {}, 1).text).toBe('Edge hosts: 2 hosts, page 1 of 1');
  });

  it('asked for a page past the last, says there is no such page and shows the last one', () => {
    const m = inventoryMessage(hosts(1), {}, 5);
    expect(m.text).toBe(
      'Edge hosts: There is no page 5: there is only 1 page; this is page 1. 1 host, page 1 of 1',
    );
    expect(JSON.stringify(m.blocks)).toContain('There is no page 5: there is only 1 page; this is page 1.');
    expect(JSON.stringify(m.blocks)).toContain('*pos-1*');
    const two = inventoryMessage(hosts(HOSTS_PER_PAGE + 1), {}, 3);
    expect(two.text).toContain('There is no page 3: there are only 2 pages; this is page 2.');
    expect(inventoryMessage(hosts(1), {}, 1).text).not.toContain('no page');
  });
});
