import { counted } from '../../domain/plural';
import { describePoolDrift } from '../../domain/pools/pool-drift';
import type { PoolMemberView, PoolView } from '../../domain/pools/pool-view';
import { formatProfileRef } from '../../domain/profile-ref';
import { context, header, section, sectionsOfLines } from '../elements';
import { LIMITS, truncate } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';
import { poolUpdateText } from './pool-update-text';
import { poolUpgradeButton } from './pool-upgrade-modal';

const slackDate = (ms: number) =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString().slice(0, 16)} UTC>`;

function memberLine(m: PoolMemberView): string {
  const change = m.lastChange
    ? `last change ${slackDate(m.lastChange.at)}: ${escapeMrkdwn(m.lastChange.what)}`
    : 'no change recorded';
  if (!m.node) return `:x: *${escapeMrkdwn(m.host)}* · no node · ${change}`;
  const n = m.node;
  const icon = n.ready && n.labelsMatch && n.taintsMatch ? ':large_green_circle:' : ':warning:';
  return [
    `${icon} *${escapeMrkdwn(m.host)}* · node ${escapeMrkdwn(n.name)}`,
    n.ready ? 'Ready' : '*NotReady*',
    `kubelet ${escapeMrkdwn(n.kubeletVersion)}`,
    n.labelsMatch ? 'labels match' : '*labels differ*',
    n.taintsMatch ? 'taints match' : '*taints differ*',
    change,
  ].join(' · ');
}

/**
 * `/hybrid pool show <pool>`: each host and its node, then the drift in plain words, and an Upgrade
 * button (always: the form it opens says when there is nothing newer to roll out).
 */
export function poolShowMessage(
  p: PoolView,
  definition: { labels: Record<string, string>; taints: string[] },
  unreachable?: string,
): SlackMessage {
  const labels = Object.entries(definition.labels).map(([k, v]) => `${k}=${v}`);
  const summary = [
    `*${escapeMrkdwn(p.name)}* on ${p.cluster} · profile ${escapeMrkdwn(formatProfileRef(p.profile))}${p.kubernetesVersion ? ` (Kubernetes ${p.kubernetesVersion})` : " (not in the bot's profiles: Kubernetes version not checked)"}`,
    `labels: ${labels.length > 0 ? escapeMrkdwn(labels.join(', ')) : 'none'} · taints: ${definition.taints.length > 0 ? escapeMrkdwn(definition.taints.join(', ')) : 'none'}`,
    unreachable
      ? `:grey_question: nodes not read: ${unreachable}`
      : `${counted(p.members.length, 'host')} · nodes ${p.nodesReady}/${p.nodesTotal} Ready`,
    ...[poolUpdateText(p, 'detail') ?? []].flat(),
  ];
  const hosts = p.members.length > 0 ? p.members.map(memberLine) : ['No hosts in this pool.'];
  const drift = unreachable
    ? []
    : p.drift.length === 0
      ? ['No drift: every node runs what the pool wants.']
      : p.drift.map((d) => `• ${escapeMrkdwn(describePoolDrift(p.name, d))}`);
  const blocks = [
    header(`Pool ${p.name}`),
    section(summary.join('\n')),
    ...sectionsOfLines(hosts).slice(0, 30),
    ...(drift.length > 0
      ? [
          section(p.drift.length > 0 ? `*Drift (${p.drift.length})*` : '*Drift*'),
          ...sectionsOfLines(drift).slice(0, 10),
        ]
      : []),
  ].slice(0, LIMITS.blocksPerMessage - 2);
  const text = `Pool ${p.name} on ${p.cluster}: ${counted(p.members.length, 'host')}, ${p.drift.length} drift`;
  return {
    text: truncate(text, LIMITS.fallbackText),
    blocks: [
      ...blocks,
      poolUpgradeButton({ cluster: p.cluster, pool: p.name }),
      context(`\`/hybrid pools --cluster ${p.cluster}\` lists every pool`),
    ],
  };
}
