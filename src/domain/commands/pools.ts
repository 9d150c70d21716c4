import { command } from './command-spec';

/** Reading pools: their hosts, nodes and drift. */
export const POOL_READ_COMMANDS = [
  command({
    name: 'pools',
    role: 'viewer',
    summary:
      'List the pools: cluster, profile@version, hosts, nodes Ready/total, drift, and whether the profile has updates.',
    positionals: [],
    options: { cluster: { type: 'string', description: 'only this cluster' } },
  }),
  command({
    name: 'pool show',
    role: 'viewer',
    summary:
      "One pool's hosts (node, Ready, kubelet version, labels and taints, last change) and its drift in plain words; its Upgrade button opens the `pool upgrade` form.",
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: 'needed when pools of that name exist on several clusters' },
    },
  }),
] as const;

const hostsOption = { type: 'list', description: 'registered hosts, comma-separated: h1,h2' } as const;

/** Changing pools: each a change a second person approves. */
export const POOL_CHANGE_COMMANDS = [
  command({
    name: 'pool create',
    role: 'operator',
    summary:
      'Make a hybrid node pool of registered hosts, with a profile, labels and taints; no arguments opens a form; an approver must approve.',
    positionals: [{ name: 'name', required: false }],
    options: {
      cluster: { type: 'string', description: 'the cluster the hosts are registered for' },
      profile: { type: 'string', description: 'a cluster profile, name or name@version (default: latest)' },
      hosts: hostsOption,
      labels: { type: 'string', description: 'node labels, comma-separated: example.com/tier=pos' },
      taints: {
        type: 'string',
        description: 'node taints, comma-separated: example.com/dedicated=pos:NoSchedule',
      },
      arch: { type: 'string', description: "amd64 or arm64 (default: the hosts')" },
      'max-parallel': { type: 'string', description: 'hosts joined at once, 1–50 (default 5)' },
      'on-failure': {
        type: 'string',
        description:
          'pause (default: a failed host pauses the change) or continue (it is marked failed, the others go on)',
      },
    },
  }),

  command({
    name: 'pool add',
    role: 'operator',
    summary:
      "Join more registered hosts to a pool, with the pool's profile, labels and taints; an approver must approve.",
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: "the pool's cluster" },
      hosts: hostsOption,
      'max-parallel': { type: 'string', description: "hosts joined at once, 1–50 (default: the pool's)" },
      'on-failure': { type: 'string', description: 'pause (default) or continue past a failed host' },
    },
  }),

  command({
    name: 'pool remove',
    role: 'operator',
    summary:
      'Take hosts out of a pool: cordon, drain, nodeadm uninstall, delete the node, one at a time; an approver must approve.',
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: "the pool's cluster" },
      hosts: hostsOption,
      force: {
        type: 'boolean',
        description: "admins: remove a pool's last Ready nodes while pods run there",
        role: 'admin',
      },
    },
  }),
  command({
    name: 'pool delete',
    role: 'operator',
    summary: 'Remove every host of a pool as `pool remove` does, then the pool; an approver must approve.',
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: "the pool's cluster" },
      force: {
        type: 'boolean',
        description: 'admins: even while pods run on its last Ready nodes',
        role: 'admin',
      },
    },
  }),

  command({
    name: 'pool label',
    role: 'operator',
    summary:
      "Replace a pool's labels and/or taints: the running nodes are patched and each host's NodeConfig kept in step; an approver must approve.",
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: "the pool's cluster" },
      labels: { type: 'string', description: 'the new labels, k=v comma-separated, or none' },
      taints: { type: 'string', description: 'the new taints, k=v:Effect comma-separated, or none' },
    },
  }),
  command({
    name: 'pool upgrade',
    role: 'operator',
    summary:
      'Roll a profile version out to a pool node by node (in place: drain, nodeadm upgrade or new settings, Ready, uncordon; or cut over to spare hosts); an approver must approve.',
    positionals: [{ name: 'pool', required: true }],
    options: {
      cluster: { type: 'string', description: "the pool's cluster" },
      profile: { type: 'string', description: 'the target, name@version' },
      'max-unavailable': {
        type: 'string',
        description: 'nodes out at once, NotReady ones counting (default 1)',
      },
      window: {
        type: 'string',
        description: 'a daily UTC window, HH:MM-HH:MM, outside which no node starts',
      },
      strategy: {
        type: 'string',
        description:
          'in-place (the default: upgrade each node where it runs) or cutover (replace each node with a spare host joined at the target)',
      },
      hosts: {
        type: 'list',
        description:
          'cutover: the spare hosts, one per node, comma-separated (default: the first eligible ones)',
      },
    },
  }),
] as const;
