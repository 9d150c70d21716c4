import {
  activationsWithdrawnMessage,
  activationsWithdrawnNotice,
} from '../../../src/blocks/hosts/withdrawn-message';

const activation = (i: number) => ({
  cluster: 'demo',
  host: `store-${String(i).padStart(4, '0')}-pos-terminal-with-a-long-name`,
  activationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
});

describe('the messages about a withdrawn activation', () => {
  it('tell the requester which host and the command to register it again, without any code', () => {
    const m = activationsWithdrawnMessage([activation(1)]);
    expect(m.text).toContain(
      'could not deliver the bootstrap for host *store-0001-pos-terminal-with-a-long-name* (demo)',
    );
    expect(m.text).toContain(
      '`/hybrid host register store-0001-pos-terminal-with-a-long-name --cluster demo …`',
    );
    expect(JSON.stringify(m)).not.toMatch(/activationCode/);
  });

  it('stay within Slack limits for a bulk file of 500 hosts', () => {
    const all = Array.from({ length: 500 }, (_, i) => activation(i));
    for (const m of [activationsWithdrawnMessage(all), activationsWithdrawnNotice(all, 'U0OPERATOR')]) {
      expect(m.text).toMatch(/500 hosts/);
      for (const b of m.blocks) expect(JSON.stringify(b).length).toBeLessThan(3100);
    }
  });
});
