import { counted } from '../../domain/plural';
import type { PoolDriftSummary, PoolView } from '../../domain/pools/pool-view';
import { formatProfileRef } from '../../domain/profile-ref';
import { context, header, section, sectionsOfLines } from '../elements';
import { LIMITS, truncate } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';
import { poolUpdateText } from './pool-update-text';

/** One cluster's pools, or why its nodes could not be read (the pools still listed from the bot's records). */
export interface ClusterPools {
  cluster: string;
  pools: PoolView[];
  unreachable?: string;
}

function driftPart(p: PoolView, known: boolean): string {
  if (!known) return 'drift unknown';
  return p.drift.length === 0 ? 'no drift' : `:warning: *${counted(p.drift.length, 'drift')}*`;
}

/** A pool in one line: name, cluster, profile@version, hosts, nodes Ready/total, drift, updates. */
export function poolLine(p: PoolView, known = true): string {
  const profile = formatProfileRef(p.profile);
  const updates = poolUpdateText(p, 'line');
  const update = updates ? ` · ${updates}` : '';
  const nodes = known ? `nodes ${p.nodesReady}/${p.nodesTotal} Ready` : 'nodes unknown';
  return `*${escapeMrkdwn(p.name)}* · ${p.cluster} · ${escapeMrkdwn(profile)} · ${counted(p.members.length, 'host')} · ${nodes} · ${driftPart(p, known)}${update}`;
}

/** `/hybrid pools [--cluster c]` */
export function poolsListMessage(rows: readonly ClusterPools[], scope: string | undefined): SlackMessage {
  const count = rows.reduce((n, r) => n + r.pools.length, 0);
  if (count === 0) {
    const text = `No pools${scope ? ` on ${scope}` : ''} yet. \`/hybrid pool create\` makes one from registered hosts.`;
    return { text, blocks: [section(text)] };
  }
  const lines = rows.flatMap((r) => [
    ...(r.unreachable && r.pools.length > 0
      ? [`:grey_question: ${r.cluster}: nodes not read (${r.unreachable})`]
      : []),
    ...r.pools.map((p) => poolLine(p, r.unreachable === undefined)),
  ]);
  const text = `${counted(count, 'pool')}${scope ? ` on ${scope}` : ''}`;
  return {
    text: truncate(`${text}\n${lines.join('\n')}`, LIMITS.fallbackText),
    blocks: [
      header(`Pools${scope ? `: ${scope}` : ''}`),
      ...sectionsOfLines(lines).slice(0, LIMITS.blocksPerMessage - 2),
      context('`/hybrid pool show <pool>` for its hosts, nodes and drift in full'),
    ],
  };
}

/** One line per pool with drift, as `status` and the Home tab show it. */
export function poolDriftLines(cluster: string, pools: readonly PoolDriftSummary[]): string[] {
  return pools.map(
    (p) =>
      `:warning: pool *${escapeMrkdwn(p.pool)}* on ${cluster}: ${counted(p.count, 'drift')} (${escapeMrkdwn(p.lines[0] ?? '')}${p.count > 1 ? ', …' : ''}) · \`/hybrid pool show ${escapeMrkdwn(p.pool)} --cluster ${cluster}\``,
  );
}
