import { bootstrapMessage } from '../../../src/blocks/hosts/bootstrap-message';
import { bulkSecretsFile } from '../../../src/blocks/hosts/bulk-messages';
import {
  HOSTS_PER_PAGE,
  hostDetailMessage,
  inventoryMessage,
} from '../../../src/blocks/hosts/inventory-message';
import { bulkModal, registerModal } from '../../../src/blocks/hosts/register-modal';
import {
  activationIssuedNotice,
  activationReissuedNotice,
  hostRegisteredNotice,
} from '../../../src/blocks/hosts/registration-notices';
import type { SlackBlock } from '../../../src/blocks/types';
import type { HostRegistration } from '../../../src/domain/host-registration';
import type { HostRecord } from '../../../src/domain/host-status';

const textsOf = (blocks: SlackBlock[]) =>
  blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '');

function withinLimits(blocks: SlackBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const t of textsOf(blocks)) expect(t.length).toBeLessThanOrEqual(3000);
}

const host = (i: number): HostRecord => ({
  name: `store-${String(i).padStart(4, '0')}-pos-terminal-with-a-long-name`,
  cluster: 'demo',
  site: 'store-12',
  auth: 'ssm',
  ip: `10.80.1.${i % 250}`,
  managedInstanceId: `mi-${String(i).padStart(17, '0')}`,
  deregistered: false,
  status: 'registered',
});

const registration = (name: string): HostRegistration => ({
  name,
  cluster: 'demo',
  site: 'store-12',
  ip: '10.80.1.20',
  arch: 'amd64',
  auth: 'ssm',
  kubernetesVersion: '1.31',
});

describe('inventory pages', () => {
  it('stay within Block Kit limits for 500 hosts and link the neighbouring pages', () => {
    const hosts = Array.from({ length: 500 }, (_, i) => host(i));
    const pages = Math.ceil(500 / HOSTS_PER_PAGE);
    const middle = inventoryMessage(hosts, { cluster: 'demo' }, 2);
    withinLimits(middle.blocks);
    const actions = middle.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { text: { text: string }; value: string }[];
    };
    expect(actions.elements.map((e) => e.text.text)).toEqual(['Previous page', 'Next page']);
    expect(JSON.parse(actions.elements[1]?.value ?? '{}')).toEqual({ cluster: 'demo', page: 3 });
    const last = inventoryMessage(hosts, {}, pages);
    expect(JSON.stringify(last.blocks)).not.toContain('Next page');
    expect(JSON.stringify(last.blocks)).toContain(`page ${pages} of ${pages}`);
  });
});

describe('the bulk secrets file', () => {
  it('holds every host of 500 in one CSV, with the commands (and no code) in its comment', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({
      registration: registration(`store-${String(i).padStart(4, '0')}-pos-terminal`),
      activationId: '5546efbd-6048-4429-b263-62eb6679b06e',
    }));
    const codes = new Map(rows.map((r) => [r.registration.name, 'c0de+AbCdEfGhIjKlMnOp']));
    const file = bulkSecretsFile('demo', rows, codes, ['nodeadm install 1.31 --credential-provider ssm'], 0);
    const lines = file.content.trim().split('\n');
    // Each host's site too: a --join NodeConfig labels the node with its own site.
    expect(lines[0]).toBe('name,activationId,activationCode,site');
    expect(lines.slice(1)).toHaveLength(500);
    expect(lines[1]).toBe(
      'store-0000-pos-terminal,5546efbd-6048-4429-b263-62eb6679b06e,c0de+AbCdEfGhIjKlMnOp,store-12',
    );
    expect(file.filename).toBe('demo-bootstraps.csv');
    expect(file.comment).toContain('nodeadm install 1.31 --credential-provider ssm');
    expect(file.comment).not.toContain('c0de+AbCdEfGhIjKlMnOp');
  });
});

describe('channel notices', () => {
  it('tell the channel who registered what and until when, never a code', () => {
    const notice = activationIssuedNotice(registration('pos-1'), 'U0OPERATOR', Date.UTC(2026, 0, 2));
    expect(notice.text).toContain('<@U0OPERATOR>');
    expect(notice.text).toContain('2026-01-02T00:00:00Z');
    expect(notice.text).not.toMatch(/code/i);
  });
});

describe('registration without joining', () => {
  const pos1 = host(1);

  it('tells the channel a registered SSM host can go into a pool, with both pool commands', () => {
    const text = hostRegisteredNotice(pos1, 'mi-0123456789abcdef0').text;
    expect(text).toContain('registered as `mi-0123456789abcdef0`');
    expect(text).toContain(
      `/hybrid pool create &lt;pool&gt; --cluster demo --profile &lt;profile&gt; --hosts ${pos1.name}`,
    );
    expect(text).toContain(`/hybrid pool add &lt;pool&gt; --hosts ${pos1.name}`);
  });

  it('says a host re-imaged in a rollout goes back into its pool, not that it can go into one', () => {
    const text = hostRegisteredNotice({ ...pos1, rejoinsPool: 'tills' }, 'mi-0123456789abcdef0').text;
    expect(text).toContain('pool tills joins it again');
    expect(text).not.toContain('/hybrid pool');
  });

  it('keeps the --join notice as it was: the node is what comes next', () => {
    const text = hostRegisteredNotice({ ...pos1, join: true }, 'mi-0123456789abcdef0').text;
    expect(text).toContain('registered as `mi-0123456789abcdef0`');
    expect(text).not.toContain('pool');
  });

  it('says an IAM Roles Anywhere host is registered at once, and how it goes into a pool', () => {
    const r = { ...registration('pos-2'), auth: 'iam-ra' as const };
    const text = activationIssuedNotice(r, 'U0OPERATOR', Date.UTC(2026, 0, 2)).text;
    expect(text).toContain(
      '*pos-2* (store-12, 10.80.1.20) was registered for *demo* with IAM Roles Anywhere',
    );
    expect(text).toContain('/hybrid pool add &lt;pool&gt; --hosts pos-2');
    expect(activationIssuedNotice({ ...r, join: true }, 'U0OPERATOR', 0).text).toContain('waiting until');
  });

  it('tells the requester, in the bootstrap, that a pool joins the host later', () => {
    const message = bootstrapMessage({
      registration: registration('pos-3'),
      instructions: { commands: ['nodeadm install 1.31 --credential-provider ssm'], notes: [] },
    });
    const text = textsOf(message.blocks).join('\n');
    expect(text).toContain('registration only: a pool joins it later');
    expect(text).toContain(
      '/hybrid pool create &lt;pool&gt; --cluster demo --profile &lt;profile&gt; --hosts pos-3',
    );
    const joined = bootstrapMessage({
      registration: { ...registration('pos-3'), join: true },
      instructions: { commands: [], notes: [] },
    });
    expect(textsOf(joined.blocks).join('\n')).not.toContain('/hybrid pool');
    // After a re-image the host's own pool joins it again: no advice to put it into one.
    const again = textsOf(
      bootstrapMessage({
        registration: { ...registration('pos-3'), rejoinsPool: 'tills' },
        instructions: { commands: [], notes: [] },
      }).blocks,
    ).join('\n');
    expect(again).toContain('after its re-image: pool tills joins it again');
    expect(again).toContain('press *Done* on the re-image message');
    expect(again).not.toContain('/hybrid pool');
  });
});

describe('registration forms', () => {
  it('fit Slack modal limits (title 24 characters, 100 blocks)', () => {
    for (const modal of [registerModal(['demo'], '{}'), bulkModal(['demo'], '{}')]) {
      expect((modal.title as { text: string }).text.length).toBeLessThanOrEqual(24);
      expect((modal.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    }
  });

  it('offer a Join box, unticked unless --join came with the command, within option limits', () => {
    const joinBox = (modal: Record<string, unknown>) =>
      (modal.blocks as SlackBlock[]).find((b) => b.block_id === 'join') as unknown as {
        optional: boolean;
        element: { type: string; options: { text: { text: string } }[]; initial_options?: unknown[] };
      };
    for (const make of [registerModal, bulkModal]) {
      const off = joinBox(make(['demo'], '{}'));
      expect(off.optional).toBe(true);
      expect(off.element.type).toBe('checkboxes');
      expect(off.element.initial_options).toBeUndefined();
      expect(off.element.options[0]?.text.text.length).toBeLessThanOrEqual(75);
      expect(joinBox(make(['demo'], '{}', true)).element.initial_options).toHaveLength(1);
    }
  });
});

describe('a host that left a pool, as the inventory and the channel say it', () => {
  const left: HostRecord = {
    name: 'roll-01',
    cluster: 'demo',
    site: 'store-20',
    auth: 'ssm',
    ip: '10.80.20.11',
    activationId: 'a-1',
    activationExpiresAt: Date.parse('2026-12-30T09:00:00Z'),
    requestedBy: 'U0OPERATOR',
    deregistered: false,
    leftPool: 'tills',
    status: 'left-pool',
  };

  it('reads "left pool X · needs a new activation", with the command that issues one', () => {
    const page = JSON.stringify(inventoryMessage([left], {}, 1));
    expect(page).toContain('left pool tills · needs a new activation (`/hybrid host reissue roll-01`)');
    expect(page).not.toMatch(/activation (expired|pending|expires)/);
    expect(JSON.stringify(hostDetailMessage(left))).not.toContain('Activation expires');
  });

  it('gets a new activation without being told its activation expired', () => {
    const notice = JSON.stringify(activationReissuedNotice(left, 'U0APPROVER'));
    expect(notice).toContain('left pool tills and needs a new activation');
    expect(notice).not.toContain('expired');
  });
});
