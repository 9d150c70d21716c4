import { truncate } from '../limits';

export const POOL_CREATE_VIEW = 'pool_create';
/** Every input's action_id; the block_id names the field. */
export const POOL_INPUT = 'value';
export const POOL_BLOCKS = {
  cluster: 'cluster',
  name: 'name',
  profile: 'profile',
  arch: 'arch',
  hosts: 'hosts',
  labels: 'labels',
  taints: 'taints',
  maxParallel: 'max_parallel',
} as const;

/** Slack lists at most 100 options in a select; past that the hosts are searched as the user types. */
export const STATIC_OPTIONS_MAX = 100;

export interface PoolFormHost {
  cluster: string;
  name: string;
  arch?: string;
  site: string;
  status: string;
}

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (value: string, text: string) => ({ text: plain(truncate(text, 75)), value });

/** A host's option: its value names the cluster too, so the form can tell a host of the wrong cluster. */
export function hostOption(h: PoolFormHost) {
  return option(`${h.cluster}/${h.name}`, `${h.name} · ${h.site} · ${h.arch ?? '?'} · ${h.status}`);
}

/**
 * The hosts matching what the user typed, grouped by cluster and architecture (a pool has one of
 * each), at most 100 in all as Slack lists them.
 */
export function hostOptionGroups(hosts: readonly PoolFormHost[], query = '') {
  const q = query.trim().toLowerCase();
  const matching = hosts.filter((h) => h.name.includes(q) || h.site.includes(q)).slice(0, STATIC_OPTIONS_MAX);
  const groupOf = (h: PoolFormHost) => `${h.cluster} · ${h.arch ?? 'architecture not known'}`;
  const groups = [...new Set(matching.map(groupOf))];
  return groups.map((g) => ({
    label: plain(truncate(g, 75)),
    options: matching.filter((h) => groupOf(h) === g).map(hostOption),
  }));
}

function input(
  block: string,
  label: string,
  element: Record<string, unknown>,
  optional = false,
  hint?: string,
) {
  return {
    type: 'input',
    block_id: block,
    optional,
    label: plain(label),
    element: { action_id: POOL_INPUT, ...element },
    ...(hint ? { hint: plain(hint) } : {}),
  };
}

/**
 * `/hybrid pool create` alone: cluster, name, profile, architecture, hosts (a multi-select of
 * registered hosts, searched past 100), labels, taints and how many join at once.
 */
export function poolCreateModal(d: {
  clusters: readonly string[];
  profiles: readonly string[];
  hosts: readonly PoolFormHost[];
  channel: string;
}): Record<string, unknown> {
  const clusterOptions = d.clusters.slice(0, STATIC_OPTIONS_MAX).map((c) => option(c, c));
  const hostsElement =
    d.hosts.length > STATIC_OPTIONS_MAX
      ? { type: 'multi_external_select', min_query_length: 0, placeholder: plain('Type a host or site') }
      : {
          type: 'multi_static_select',
          option_groups: hostOptionGroups(d.hosts),
          placeholder: plain('Registered hosts'),
        };
  return {
    type: 'modal',
    callback_id: POOL_CREATE_VIEW,
    private_metadata: JSON.stringify({ channel: d.channel }),
    title: plain('Create a node pool'),
    submit: plain('Plan it'),
    close: plain('Cancel'),
    blocks: [
      input(POOL_BLOCKS.cluster, 'Cluster', {
        type: 'static_select',
        options: clusterOptions,
        ...(clusterOptions[0] ? { initial_option: clusterOptions[0] } : {}),
      }),
      input(POOL_BLOCKS.name, 'Pool name', {
        type: 'plain_text_input',
        placeholder: plain('tills (lowercase RFC 1123)'),
      }),
      input(POOL_BLOCKS.profile, 'Profile', {
        type: 'static_select',
        options: d.profiles.slice(0, STATIC_OPTIONS_MAX).map((p) => option(p, p)),
      }),
      input(POOL_BLOCKS.arch, 'Architecture', {
        type: 'static_select',
        options: [option('amd64', 'amd64'), option('arm64', 'arm64')],
      }),
      input(
        POOL_BLOCKS.hosts,
        'Hosts',
        hostsElement,
        false,
        "Only hosts a pool can take: registered, in no pool. Pick those of the pool's cluster and architecture.",
      ),
      input(
        POOL_BLOCKS.labels,
        'Labels',
        { type: 'plain_text_input', placeholder: plain('example.com/tier=pos,example.com/site=store-12') },
        true,
      ),
      input(
        POOL_BLOCKS.taints,
        'Taints',
        { type: 'plain_text_input', placeholder: plain('example.com/dedicated=pos:NoSchedule') },
        true,
      ),
      input(
        POOL_BLOCKS.maxParallel,
        'Hosts joined at once',
        {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '50',
          initial_value: '5',
        },
        true,
      ),
    ],
  };
}
