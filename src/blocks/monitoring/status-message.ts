import { type Availability, type ReadyCount, UNKNOWN_SITE } from '../../domain/availability';
import { listSome } from '../../domain/doctor-check';
import type { PoolDriftSummary } from '../../domain/pools/pool-view';
import { context, header, section, sectionsOfLines } from '../elements';
import { LIMITS, truncate } from '../limits';
import { poolDriftLines } from '../pools/pools-list-message';
import type { SlackBlock, SlackMessage } from '../types';

export const STATUS_DETAILS_ACTION = 'status_details';

/** A cluster's availability, or why it is unknown (never shown as nodes down). */
export type ClusterStatus =
  | { cluster: string; availability: Availability; poolDrift?: PoolDriftSummary[] }
  | { cluster: string; unreachable: string };

function agentPart(cluster: string, a: Availability): string {
  const { qualifyingReady, qualifyingTotal } = a.agentNodes;
  const icon =
    qualifyingReady === 0 ? ':red_circle:' : a.agentPod.running ? ':large_green_circle:' : ':red_circle:';
  const on = a.agentPod.node
    ? `${a.agentPod.node}${a.agentPod.undersized ? ', a worker below t3.xlarge size' : ''}`
    : undefined;
  const pod = a.agentPod.running
    ? `agent Running${on ? ` on ${on}` : ''}`
    : `agent *not running*${on ? ` (on ${on})` : ''}`;
  // "0/0 Ready" next to a running agent reads as a contradiction: say that no worker is big enough.
  const nodes =
    qualifyingTotal === 0
      ? `no cloud worker of t3.xlarge size or more for the agent (\`/hybrid doctor ${cluster}\` says why)`
      : `agent nodes ${qualifyingReady}/${qualifyingTotal} Ready`;
  return `${icon} ${nodes} · ${pod}`;
}

function hybridPart(a: Availability): string {
  const total = a.hybrid.ready + a.hybrid.notReady;
  const down = a.hybrid.notReady > 0 ? ` · *${a.hybrid.notReady} NotReady*` : '';
  return `hybrid ${a.hybrid.ready}/${total} Ready${down}`;
}

/** A cluster's health without its name: what the Home tab shows under each cluster. */
export function healthText(s: ClusterStatus): string {
  if ('unreachable' in s) return `:grey_question: state unknown: ${s.unreachable}`;
  const a = s.availability;
  return `${a.clusterStatus} · ${agentPart(s.cluster, a)} · ${hybridPart(a)}`;
}

/** One line per pool with drift, empty when none drifts or the cluster is unknown. */
export function driftLinesOf(s: ClusterStatus): string[] {
  return 'availability' in s ? poolDriftLines(s.cluster, s.poolDrift ?? []) : [];
}

/** One line per cluster: what `/hybrid status` shows without a cluster. */
export function statusLine(s: ClusterStatus): string {
  if ('unreachable' in s) return `:grey_question: *${s.cluster}* · state unknown: ${s.unreachable}`;
  return `*${s.cluster}* · ${healthText(s)}`;
}

function countLines(
  title: string,
  counts: Record<string, ReadyCount>,
  nameOf = (name: string) => name,
): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [];
  return [
    `*${title}*`,
    ...entries.map(
      ([name, c]) => `${c.ready < c.total ? ':warning:' : '•'} ${nameOf(name)}: ${c.ready}/${c.total} Ready`,
    ),
  ];
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Nodes of no known site are counted together, but they are no site. */
const siteName = (name: string) => (name === UNKNOWN_SITE ? 'site unknown' : name);

/** One cluster: compact, with the pools and sites behind a Details button unless asked for. */
export function clusterStatusMessage(s: ClusterStatus, details: boolean, at: number): SlackMessage {
  const line = statusLine(s);
  const blocks: SlackBlock[] = [header(`Status: ${s.cluster}`), section(line)];
  blocks.push(...sectionsOfLines(driftLinesOf(s)).slice(0, 10));
  if ('availability' in s) {
    const a = s.availability;
    const down = a.hybrid.notReadyHosts ?? [];
    if (down.length > 0) blocks.push(section(truncate(`*NotReady:* ${listSome(down, 10)}`, 2900)));
    if (details) {
      const lines = [
        ...countLines('By pool', a.hybrid.byPool),
        ...countLines('By site', a.hybrid.bySite, siteName),
      ];
      blocks.push(...sectionsOfLines(lines.length > 0 ? lines : ['No hybrid nodes yet.']));
    } else if (a.hybrid.ready + a.hybrid.notReady > 0) {
      const sites = Object.entries(a.hybrid.bySite).filter(([name]) => name !== UNKNOWN_SITE);
      const sitesDown = sites.filter(([, c]) => c.ready < c.total).length;
      blocks.push(
        section(
          `${count(Object.keys(a.hybrid.byPool).length, 'pool')}, ${count(sites.length, 'site')}${sitesDown > 0 ? ` (${sitesDown} with NotReady nodes)` : ''}.`,
        ),
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: STATUS_DETAILS_ACTION,
              text: { type: 'plain_text', text: 'Details' },
              value: truncate(s.cluster, LIMITS.buttonValue),
            },
          ],
        },
      );
    }
  }
  blocks.push(context(asOf(at)));
  return { text: line, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** Every configured cluster, one line each. */
export function fleetStatusMessage(rows: readonly ClusterStatus[], at: number): SlackMessage {
  const lines = rows.flatMap((r) => [statusLine(r), ...driftLinesOf(r)]);
  return {
    text: truncate(lines.join('\n'), LIMITS.fallbackText),
    blocks: [
      header('Status of every cluster'),
      ...sectionsOfLines(lines).slice(0, LIMITS.blocksPerMessage - 2),
      context(`${asOf(at)} · \`/hybrid status <cluster>\` for one cluster`),
    ],
  };
}

function asOf(at: number): string {
  return `As of <!date^${Math.floor(at / 1000)}^{date_short_pretty} {time_secs}|${new Date(at).toISOString()}>`;
}
