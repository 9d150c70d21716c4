import { command } from './command-spec';

/** Doctor, status and alerts: reading a cluster's health and its alerts. */
export const MONITORING_COMMANDS = [
  command({
    name: 'doctor',
    role: 'viewer',
    summary: 'Check every requirement for hybrid nodes on a cluster: pass, warn or fail, and how to fix it.',
    positionals: [{ name: 'cluster', required: true }],
    options: {
      hosts: {
        type: 'boolean',
        description:
          "read every SSM host's facts (OS, kernel, nodeadm, swap, clock) with one Run Command per 50 hosts",
      },
    },
  }),
  command({
    name: 'status',
    role: 'viewer',
    summary:
      'Agent-node availability and hybrid nodes Ready by pool and site; one line per cluster without one.',
    positionals: [{ name: 'cluster', required: false }],
    options: { details: { type: 'boolean', description: 'every pool and site, and the agent pod' } },
  }),
  command({
    name: 'alerts',
    role: 'viewer',
    summary: 'List firing and snoozed alerts, of one cluster or all.',
    positionals: [{ name: 'cluster', required: false }],
    options: {},
  }),
  command({
    name: 'alerts subscribe',
    role: 'operator',
    summary: "Also post a cluster's alerts in this channel.",
    positionals: [{ name: 'cluster', required: true }],
    options: {},
  }),
] as const;
