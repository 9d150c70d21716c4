import type { UpgradeTargets } from '../../domain/rollouts/pool-upgrade-form';
import { section } from '../elements';
import { truncate } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackBlock } from '../types';
import { STATIC_OPTIONS_MAX } from './pool-create-modal';

/** The Upgrade button on `pool show`. */
export const POOL_UPGRADE_ACTION = 'pool_upgrade';
export const POOL_UPGRADE_VIEW = 'pool_upgrade';
/** Every input's action_id; the block_id names the field. */
export const POOL_UPGRADE_INPUT = 'value';
export const POOL_UPGRADE_BLOCKS = {
  target: 'target',
  maxUnavailable: 'max_unavailable',
  window: 'window',
  strategy: 'strategy',
} as const;

/** Which pool a button or form is for: the button's value and the form's private_metadata. */
export interface PoolTarget {
  cluster: string;
  pool: string;
}

/** Slack's limits on a modal title and on an input's hint. */
const TITLE_MAX = 24;
const HINT_MAX = 2000;

/** Under the version field: what was checked, and why a newer version is not offered. */
function targetHint(controlPlaneVersion: string | undefined, notOffered: string): string {
  if (controlPlaneVersion === undefined) {
    return 'Newer versions of the pool’s profile, newest first; the plan checks each against the control plane.';
  }
  const offered = `Newer versions of the pool’s profile that the control plane (${controlPlaneVersion}) allows, newest first.`;
  return notOffered ? `${offered} Not offered: ${notOffered}` : offered;
}

export function poolTargetValue(t: PoolTarget): string {
  return JSON.stringify({ cluster: t.cluster, pool: t.pool });
}

/** Reads a button's value or a form's private_metadata back; undefined when it is not one of ours. */
export function readPoolTarget(value: string | undefined): PoolTarget | undefined {
  try {
    const v = JSON.parse(value ?? '') as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const { cluster, pool } = v as Record<string, unknown>;
    const name = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && s.length <= 100;
    return name(cluster) && name(pool) ? { cluster, pool } : undefined;
  } catch {
    return undefined;
  }
}

/** The actions block `pool show` ends with. */
export function poolUpgradeButton(t: PoolTarget): SlackBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: POOL_UPGRADE_ACTION,
        text: { type: 'plain_text', text: 'Upgrade' },
        value: poolTargetValue(t),
      },
    ],
  };
}

const plain = (text: string) => ({ type: 'plain_text', text });

function input(block: string, label: string, element: Record<string, unknown>, optional = false, hint = '') {
  return {
    type: 'input',
    block_id: block,
    optional,
    label: plain(label),
    element: { action_id: POOL_UPGRADE_INPUT, ...element },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

/**
 * The form behind `pool show`'s Upgrade: the newer versions of the pool's profile a rollout would
 * accept on the control plane (newest first), why a newer one is not offered, the strategy, how many nodes may be out at once, and an optional UTC window. With nothing newer to offer it
 * says so and has no submit button. The title names the pool and what it runs when they fit
 * Slack's 24 characters; the first line always does.
 */
export function poolUpgradeModal(d: {
  cluster: string;
  pool: string;
  profile: { name: string; version: string };
  kubernetesVersion?: string;
  targets: UpgradeTargets['targets'];
  notOffered?: UpgradeTargets['notOffered'];
  /** The control plane's version when the bot knows it; the targets are then checked against it. */
  controlPlaneVersion?: string;
}): Record<string, unknown> {
  const running = `${d.profile.name}@${d.profile.version}`;
  const full = `${d.pool} · ${running}`;
  const title = full.length <= TITLE_MAX ? full : truncate(`Upgrade ${d.pool}`, TITLE_MAX);
  const runs = `Pool *${escapeMrkdwn(d.pool)}* on ${escapeMrkdwn(d.cluster)} runs *${escapeMrkdwn(running)}*${d.kubernetesVersion ? ` (Kubernetes ${d.kubernetesVersion})` : ''}.`;
  const base = {
    type: 'modal',
    callback_id: POOL_UPGRADE_VIEW,
    private_metadata: poolTargetValue(d),
    title: plain(title),
  };
  const notOffered = (d.notOffered ?? []).map((n) => `${n.why}.`).join(' ');
  if (d.targets.length === 0 && notOffered) {
    return {
      ...base,
      close: plain('Close'),
      blocks: [
        section(
          `${runs}\nNo newer version of *${escapeMrkdwn(d.profile.name)}* can be rolled out to it: ${escapeMrkdwn(notOffered)} Upgrade the control plane of ${escapeMrkdwn(d.cluster)} first, or publish a version for it, then press Upgrade again.`,
        ),
      ],
    };
  }
  if (d.targets.length === 0) {
    return {
      ...base,
      close: plain('Close'),
      blocks: [
        section(
          `${runs}\nNo newer version of *${escapeMrkdwn(d.profile.name)}* exists, so there is nothing to upgrade to. Publish one first (\`/hybrid profile edit ${d.profile.name}\` or \`/hybrid profile import\`), then press Upgrade again.`,
        ),
      ],
    };
  }
  const options = d.targets.slice(0, STATIC_OPTIONS_MAX).map((t) => ({
    text: plain(truncate(t.kubernetesVersion ? `${t.ref} · Kubernetes ${t.kubernetesVersion}` : t.ref, 75)),
    value: t.ref,
  }));
  const strategies = [
    { text: plain('In place: upgrade each node where it runs'), value: 'in-place' },
    { text: plain('Cutover: replace each node with a spare host'), value: 'cutover' },
  ];
  return {
    ...base,
    submit: plain('Plan it'),
    close: plain('Cancel'),
    blocks: [
      section(`${runs} The plan is shown to an approver before any node changes.`),
      input(
        POOL_UPGRADE_BLOCKS.target,
        'Roll out',
        { type: 'static_select', options, initial_option: options[0] },
        false,
        truncate(targetHint(d.controlPlaneVersion, notOffered), HINT_MAX),
      ),
      input(
        POOL_UPGRADE_BLOCKS.strategy,
        'Strategy',
        { type: 'static_select', options: strategies, initial_option: strategies[0] },
        false,
        'Cutover needs one registered spare host per node (the first eligible ones are taken).',
      ),
      input(
        POOL_UPGRADE_BLOCKS.maxUnavailable,
        'Max unavailable',
        { type: 'number_input', is_decimal_allowed: false, min_value: '1', initial_value: '1' },
        false,
        'Nodes out at once; NotReady nodes count.',
      ),
      input(
        POOL_UPGRADE_BLOCKS.window,
        'Maintenance window (UTC)',
        { type: 'plain_text_input', placeholder: plain('22:00-04:00') },
        true,
        'HH:MM-HH:MM, daily; no node starts outside it. Empty: any time.',
      ),
    ],
  };
}
