import type { FleetUpgradeFormField } from '../../domain/fleets/fleet-upgrade-form';
import { section } from '../elements';
import { truncate } from '../limits';
import { STATIC_OPTIONS_MAX } from '../pools/pool-create-modal';
import type { SlackBlock } from '../types';

export const FLEET_UPGRADE_VIEW = 'fleet_upgrade';
/** Every input's action_id; the block_id names the field. */
export const FLEET_UPGRADE_INPUT = 'value';
export const FLEET_UPGRADE_BLOCKS: Record<FleetUpgradeFormField, string> = {
  target: 'target',
  clusters: 'clusters',
  canary: 'canary',
  waves: 'waves',
  waveSize: 'wave_size',
  parallelPools: 'parallel_pools',
  maxUnavailable: 'max_unavailable',
  bake: 'bake',
  window: 'window',
  offline: 'offline',
  strategy: 'strategy',
};

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(truncate(text, 75)), value });

function input(
  field: FleetUpgradeFormField,
  label: string,
  element: Record<string, unknown>,
  opts: { optional?: boolean; hint?: string } = {},
): SlackBlock {
  return {
    type: 'input',
    block_id: FLEET_UPGRADE_BLOCKS[field],
    optional: opts.optional ?? false,
    label: plain(label),
    element: { action_id: FLEET_UPGRADE_INPUT, ...element },
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
  };
}

const text = (initial?: string, placeholder?: string) => ({
  type: 'plain_text_input',
  ...(initial ? { initial_value: initial } : {}),
  ...(placeholder ? { placeholder: plain(placeholder) } : {}),
});

function select(options: { text: { type: string; text: string }; value: string }[], initial = 0) {
  return { type: 'static_select', options, initial_option: options[initial] };
}

/**
 * `/hybrid fleet upgrade` alone: the same request as the command's flags, as a form. The versions
 * offered are every profile's newest ones; the plan (shown to a second approver) says which pools
 * move and which are left out, and why.
 */
export function fleetUpgradeModal(d: {
  /** `name@version`, newest first within a profile. */
  versions: { ref: string; kubernetesVersion?: string }[];
  clusters: string[];
}): Record<string, unknown> {
  const base = { type: 'modal', callback_id: FLEET_UPGRADE_VIEW, title: plain('Fleet upgrade') };
  if (d.versions.length === 0) {
    return {
      ...base,
      close: plain('Close'),
      blocks: [
        section(
          'There is no profile to roll out yet. Create one first (`/hybrid profile create`), then pools that use it (`/hybrid pool create`).',
        ),
      ],
    };
  }
  const versions = d.versions
    .slice(0, STATIC_OPTIONS_MAX)
    .map((v) => option(v.kubernetesVersion ? `${v.ref} · Kubernetes ${v.kubernetesVersion}` : v.ref, v.ref));
  const clusters = d.clusters.slice(0, STATIC_OPTIONS_MAX).map((c) => option(c, c));
  return {
    ...base,
    submit: plain('Plan it'),
    close: plain('Cancel'),
    blocks: [
      section(
        'Every pool of the profile still on an older version, in waves: the canary first, each wave baked before the next. The plan goes to a second approver before any node changes.',
      ),
      input('target', 'Roll out', select(versions)),
      input(
        'clusters',
        'Clusters',
        { type: 'multi_static_select', options: clusters, placeholder: plain('All clusters') },
        { optional: true, hint: 'Leave empty for every cluster.' },
      ),
      input('canary', 'Canary', text(undefined, 'a site, pool or cluster'), {
        optional: true,
        hint: 'Its pools roll first, alone, and bake before the rest.',
      }),
      input(
        'waves',
        'Waves',
        select([
          option('One site a wave', 'by-site'),
          option('One cluster a wave', 'by-cluster'),
          option('One pool a wave', 'by-pool'),
        ]),
      ),
      input('waveSize', 'Sites, clusters or pools per wave', text('1')),
      input('parallelPools', 'Pools rolling at once', text('2')),
      input('maxUnavailable', "Each pool's nodes out at once", text('1')),
      input('bake', 'Bake after each wave', text('30m'), { hint: '30m, 2h, 90s, or 0 for none.' }),
      input('window', 'Window (UTC)', text(undefined, '22:00-04:00'), {
        optional: true,
        hint: "Leave empty to use each cluster's maintenance window, if it has one.",
      }),
      input(
        'offline',
        'A pool with a host SSM cannot reach',
        select([
          option('Skip it: left for later and listed', 'skip'),
          option('Wait for it, up to an hour', 'wait'),
          option('Stop the fleet', 'stop'),
        ]),
      ),
      input(
        'strategy',
        'Strategy',
        select([
          option('In place: upgrade each node where it runs', 'in-place'),
          option('Cutover: replace each node with a spare host', 'cutover'),
        ]),
      ),
    ],
  };
}
