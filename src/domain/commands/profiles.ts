import type { CommandSpec } from './command-spec';

/** Cluster profiles: operators create and delete them, everyone may read them. */
export const PROFILE_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'profiles',
    role: 'viewer',
    summary:
      'List the cluster profiles: latest version, Kubernetes version, OS mode, pools using each version.',
    positionals: [],
    options: {},
  },
  {
    name: 'profile create',
    role: 'operator',
    summary: 'Create a cluster profile; no arguments opens a form.',
    positionals: [{ name: 'name', required: false }],
    options: {
      k8s: { type: 'string', description: 'Kubernetes minor version, e.g. 1.31' },
      version: { type: 'string', description: 'the profile version, default 1.0.0' },
      os: { type: 'string', description: 'agent (default: the host keeps its OS) or appliance' },
      image: { type: 'string', description: 'the provider image, for appliance mode' },
    },
  },
  {
    name: 'profile edit',
    role: 'operator',
    summary: 'Open the latest version of a profile in a form; saving changes makes a new version.',
    positionals: [{ name: 'name', required: true }],
    options: {},
  },
  {
    name: 'profile import',
    role: 'operator',
    summary: 'Open a form to paste a profile as YAML or pick a shared YAML file.',
    positionals: [],
    options: {},
  },
  {
    name: 'profile show',
    role: 'viewer',
    summary: 'Show one profile version in full (the latest unless name@version).',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  },
  {
    name: 'profile diff',
    role: 'viewer',
    summary: 'What changed between two versions: name@a name@b.',
    positionals: [
      { name: 'from', required: true },
      { name: 'to', required: true },
    ],
    options: {},
  },
  {
    name: 'profile export',
    role: 'viewer',
    summary: 'Send a profile version to you as a YAML file that imports back as is.',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  },
  {
    name: 'profile render',
    role: 'viewer',
    summary:
      "The NodeConfig a pool node would get from a profile on a cluster (credentials as placeholders), and whether the profile suits the cluster's control plane.",
    positionals: [{ name: 'profile', required: true }],
    options: {
      cluster: { type: 'string', description: 'the cluster the node would join' },
      auth: { type: 'string', description: 'ssm (default) or iam-ra: the credential placeholder to show' },
    },
  },
  {
    name: 'profile delete',
    role: 'operator',
    summary: 'Delete one profile version (name@version) that no pool uses.',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  },
];
