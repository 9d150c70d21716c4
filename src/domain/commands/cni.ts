import { command } from './command-spec';

/** The cluster's Cilium CNI layer: what runs, and changing it. */
export const CNI_COMMANDS = [
  command({
    name: 'cni show',
    role: 'viewer',
    summary:
      "Show the cluster's Cilium: version, owner, affinities, IPAM, rollout, and drift from the desired layer.",
    positionals: [{ name: 'cluster', required: true }],
    options: {},
  }),
  command({
    name: 'cni set',
    role: 'admin',
    summary: "Change the cluster's Cilium layer (AWS's chart, version and values); an approver must approve.",
    positionals: [{ name: 'cluster', required: true }],
    options: {
      cilium: { type: 'string', description: "AWS's Cilium chart version, e.g. 1.18.3-0" },
      'values-file': {
        type: 'string',
        description: 'a YAML values file shared in Slack: its link (Copy link) or ID; --set applies over it',
      },
      set: {
        type: 'string',
        description:
          'value overrides in Helm --set form, comma-separated: operator.replicas=2,bgpControlPlane.enabled=true',
      },
    },
  }),
] as const;
