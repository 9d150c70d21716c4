import { counted } from '../../domain/plural';
import { formatProfileRef } from '../../domain/profile-ref';
import { section } from '../elements';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackMessage } from '../types';

/** A pool the reconcile put back from its nodes after the bot's records lost it. */
export function poolRebuiltNotice(p: {
  cluster: string;
  pool: string;
  profile: { name: string; version: string };
  hosts: string[];
  nodesWithoutHost: string[];
}): SlackMessage {
  const unknown =
    p.nodesWithoutHost.length > 0
      ? ` Nodes with the pool's label but no registered host: ${escapeMrkdwn(p.nodesWithoutHost.join(', '))} (they show as drift).`
      : '';
  const text = `Pool *${escapeMrkdwn(p.pool)}* on ${p.cluster} was missing from the bot's records and was rebuilt from its nodes: ${counted(p.hosts.length, 'host')}, profile ${escapeMrkdwn(formatProfileRef(p.profile))}.${unknown} Each host's change history restarts here.`;
  return { text, blocks: [section(text)] };
}

/** Nodes claim a pool whose definition is nowhere: the pool cannot be rebuilt. */
export function poolNotRebuiltNotice(p: { cluster: string; pool: string; nodes: string[] }): SlackMessage {
  const text = `Nodes ${escapeMrkdwn(p.nodes.join(', '))} on ${p.cluster} carry the label of pool *${escapeMrkdwn(p.pool)}*, which the bot has no record of, and none carries the pool's definition (annotation hybrid-bot.io/pool-definition): the pool was not rebuilt. Create it again with \`/hybrid pool create\`, or remove the label from those nodes.`;
  return { text, blocks: [section(text)] };
}
