import type { CommandSpec } from './command-spec';

/** Reading pools: their hosts, nodes and drift. */
export const POOL_READ_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'pools',
    role: 'viewer',
    summary:
      'List the pools: cluster, profile@version, hosts, nodes Ready/total, drift, and whether the profile has updates.',
    positionals: [],
    options: { cluster: { type: 'string', description: 'only this cluster' } },
  },
  {
    name: 'pool show',
    role: 'viewer',
    summary:
      "One pool's hosts (node, Ready, kubelet version, labels and taints, last change) and its drift in plain words.",
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: 'needed when pools of that name exist on several clusters' },
    },
  },
];

/** Changing pools: each a change a second person approves. */
export const POOL_CHANGE_COMMANDS: readonly CommandSpec[] = [];
