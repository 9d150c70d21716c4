import { command } from './command-spec';

/** The clusters the bot manages: those of the configuration file and those imported from Slack. */
export const CLUSTER_COMMANDS = [
  command({
    name: 'clusters',
    role: 'viewer',
    summary:
      'List the clusters the bot manages: from the configuration file or imported, region and channels.',
    positionals: [],
    options: {},
  }),
  command({
    name: 'cluster import',
    role: 'admin',
    summary:
      "Manage an EKS cluster not in the configuration file: the doctor's findings as a plan another admin approves.",
    positionals: [{ name: 'name', required: true }],
    options: {
      region: { type: 'string', description: 'its AWS region, e.g. us-west-2' },
      'role-arn': { type: 'string', description: 'an IAM role the bot assumes for this cluster (optional)' },
      channel: { type: 'string', description: 'its channel for reports and approvals (#channel)' },
      'alert-channel': { type: 'string', description: 'its channel for alerts (default: --channel)' },
      'hybrid-nodes-role': {
        type: 'string',
        description: "the hybrid nodes IAM role's name (default: that of its one HYBRID_LINUX access entry)",
      },
    },
  }),
  command({
    name: 'cluster export',
    role: 'viewer',
    summary: "A cluster's entry for the configuration file, the source a wiped Redis is rebuilt from.",
    positionals: [{ name: 'name', required: true }],
    options: {},
  }),
  command({
    name: 'cluster forget',
    role: 'admin',
    summary: 'Stop managing an imported cluster without touching it; another admin approves.',
    positionals: [{ name: 'name', required: true }],
    options: {},
  }),
] as const;
