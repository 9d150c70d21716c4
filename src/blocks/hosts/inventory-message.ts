import type { HostRecord, HostStatus } from '../../domain/host-status';
import { counted } from '../../domain/plural';
import { context, header, section, sectionsOfLines } from '../elements';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';
import { slackDate } from './slack-dates';

export const HOSTS_PAGE_ACTION = 'hosts_page';
/** Hosts per page: with about 150 characters a line this stays well inside 50 blocks. */
export const HOSTS_PER_PAGE = 40;

export interface InventoryFilter {
  cluster?: string;
  site?: string;
  status?: string;
}

export function statusLabel(h: HostRecord): string {
  const labels: Record<HostStatus, string> = {
    'activation-pending': 'activation pending',
    'activation-expired': 'activation expired',
    'left-pool': `left pool ${h.leftPool ?? ''} · needs a new activation (\`/hybrid host reissue ${h.name}\`)`,
    registered: 'registered',
    joined: `joined as node ${h.node?.name ?? h.name}`,
    'not-ready': `node ${h.node?.name ?? h.name} NotReady`,
    deregistered: 'deregistered',
  };
  return labels[h.status];
}

function line(h: HostRecord): string {
  const parts = [
    `*${h.name}*`,
    h.cluster,
    h.site || 'no site',
    h.ip ?? 'no IP',
    statusLabel(h),
    h.auth === 'ssm' ? 'SSM' : 'IAM Roles Anywhere',
  ];
  if (h.managedInstanceId) parts.push(`\`${h.managedInstanceId}\``);
  if (h.activationExpiresAt && !h.managedInstanceId && !h.deregistered && h.status !== 'left-pool') {
    parts.push(`activation expires ${slackDate(h.activationExpiresAt)}`);
  }
  return parts.join(' · ');
}

/** One page of the inventory, with buttons to the neighbouring pages. */
export function inventoryMessage(
  hosts: readonly HostRecord[],
  filter: InventoryFilter,
  page: number,
): SlackMessage {
  const pages = Math.max(1, Math.ceil(hosts.length / HOSTS_PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const shown = hosts.slice((current - 1) * HOSTS_PER_PAGE, current * HOSTS_PER_PAGE);
  const what = Object.entries(filter)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  // The filter is what the user typed: the header is plain text, everything else mrkdwn.
  const title = `Edge hosts${what ? ` (${what})` : ''}`;
  const shownTitle = escapeMrkdwn(title);
  if (hosts.length === 0) {
    const text = `${shownTitle}: none. Register one with \`/hybrid host register\`.`;
    return { text, blocks: [section(text)] };
  }
  const buttons = [];
  if (current > 1) buttons.push(pageButton('Previous page', filter, current - 1));
  if (current < pages) buttons.push(pageButton('Next page', filter, current + 1));
  // Asked past the end (`--page 5` of 1): say so, and show the last page rather than an empty one.
  const past =
    page > pages
      ? `There is no page ${page}: there ${pages === 1 ? 'is only 1 page' : `are only ${pages} pages`}; this is page ${current}.`
      : undefined;
  return {
    text: `${shownTitle}: ${past ? `${past} ` : ''}${counted(hosts.length, 'host')}, page ${current} of ${pages}`,
    blocks: [
      header(title),
      ...(past ? [section(past)] : []),
      ...sectionsOfLines(shown.map(line)),
      context(
        `${counted(hosts.length, 'host')} · page ${current} of ${pages} · \`/hybrid hosts --refresh\` rebuilds from SSM and Kubernetes`,
      ),
      ...(buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : []),
    ],
  };
}

function pageButton(text: string, filter: InventoryFilter, page: number) {
  return {
    type: 'button',
    action_id: `${HOSTS_PAGE_ACTION}_${text.startsWith('Next') ? 'next' : 'previous'}`,
    text: { type: 'plain_text', text },
    value: JSON.stringify({ ...filter, page }),
  };
}

/** `/hybrid host show`: one host in full. */
export function hostDetailMessage(h: HostRecord): SlackMessage {
  const rows: [string, string | undefined][] = [
    ['Cluster', h.cluster],
    ['Site', h.site],
    ['IP address', h.ip],
    ['Architecture', h.arch],
    ['Credential method', h.auth === 'ssm' ? 'SSM hybrid activation' : 'IAM Roles Anywhere'],
    ['Status', statusLabel(h)],
    ['Managed instance', h.managedInstanceId && `\`${h.managedInstanceId}\``],
    ['Node', h.node && `${h.node.name} (${h.node.ready ? 'Ready' : 'NotReady'})`],
    ['Joins', h.node ? undefined : h.join ? 'at once, outside any pool (--join)' : 'when a pool takes it'],
    ['Activation', h.activationId && `\`${h.activationId}\``],
    [
      'Activation expires',
      h.activationExpiresAt && h.status !== 'left-pool' ? slackDate(h.activationExpiresAt) : undefined,
    ],
    ['Requested by', h.requestedBy && `<@${h.requestedBy}>`],
  ];
  const lines = rows.filter(([, v]) => v).map(([k, v]) => `*${k}:* ${v}`);
  return {
    text: `Host ${h.name}: ${statusLabel(h)}`,
    blocks: [header(`Host ${h.name}`), section(lines.join('\n'))],
  };
}
