import { command } from './command-spec';

/** What the profile form sends: the checked profile, as JSON. */
const profileForm = { type: 'string', description: 'the profile the form checked, as JSON' } as const;

/** Cluster profiles: operators create and delete them, everyone may read them. */
export const PROFILE_COMMANDS = [
  command({
    name: 'profiles',
    role: 'viewer',
    summary:
      'List the cluster profiles: latest version, Kubernetes version, OS mode, pools using each version.',
    positionals: [],
    options: {},
  }),
  command({
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
    formFields: { form: profileForm },
  }),
  command({
    name: 'profile edit',
    role: 'operator',
    summary: 'Open the latest version of a profile in a form; saving changes makes a new version.',
    positionals: [{ name: 'name', required: true }],
    options: {},
    formFields: { form: profileForm },
  }),
  command({
    name: 'profile import',
    role: 'operator',
    summary: 'Open a form to paste a profile as YAML or pick a shared YAML file.',
    positionals: [],
    options: {},
    formFields: {
      yaml: { type: 'string', description: 'the pasted YAML' },
      fileUrl: { type: 'string', description: 'a shared YAML file, read by the job' },
    },
  }),
  command({
    name: 'profile show',
    role: 'viewer',
    summary: 'Show one profile version in full (the latest unless name@version).',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  }),
  command({
    name: 'profile diff',
    role: 'viewer',
    summary: 'What changed between two versions: name@a name@b.',
    positionals: [
      { name: 'from', required: true },
      { name: 'to', required: true },
    ],
    options: {},
  }),
  command({
    name: 'profile export',
    role: 'viewer',
    summary: 'Send a profile version to you as a YAML file that imports back as is.',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  }),
  command({
    name: 'profile render',
    role: 'viewer',
    summary:
      "The NodeConfig a pool node would get from a profile on a cluster (credentials as placeholders), and whether the profile suits the cluster's control plane.",
    positionals: [{ name: 'profile', required: true }],
    options: {
      cluster: { type: 'string', description: 'the cluster the node would join' },
      auth: { type: 'string', description: 'ssm (default) or iam-ra: the credential placeholder to show' },
    },
  }),
  command({
    name: 'profile delete',
    role: 'operator',
    summary: 'Delete one profile version (name@version) that no pool uses.',
    positionals: [{ name: 'profile', required: true }],
    options: {},
  }),
] as const;
