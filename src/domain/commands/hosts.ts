import { command } from './command-spec';

/** Edge hosts: registration, inventory and removal. */
export const HOST_COMMANDS = [
  command({
    name: 'host register',
    role: 'operator',
    summary:
      'Register an edge host (SSM activation or IAM Roles Anywhere) for a pool to join later, or --join to join it now; no arguments opens a form, --bulk a CSV form.',
    positionals: [{ name: 'name', required: false }],
    options: {
      cluster: { type: 'string', description: 'the cluster the host will join' },
      site: { type: 'string', description: 'where the host stands, e.g. store-12' },
      ip: { type: 'string', description: "the host's IPv4 address, inside the remote node networks" },
      auth: { type: 'string', description: 'ssm (default) or iam-ra' },
      arch: { type: 'string', description: 'amd64 (default) or arm64' },
      k8s: { type: 'string', description: "Kubernetes version, default the cluster's" },
      join: {
        type: 'boolean',
        description: 'join the cluster at once (nodeadm install + init), outside any pool',
      },
      bulk: { type: 'boolean', description: 'open a form for a pasted CSV of up to 500 hosts' },
    },
  }),
  command({
    name: 'hosts',
    role: 'viewer',
    summary: 'List the registered edge hosts and where each stands.',
    positionals: [],
    options: {
      cluster: { type: 'string', description: 'only this cluster' },
      site: { type: 'string', description: 'only this site' },
      status: { type: 'string', description: 'only this status (e.g. registered, joined)' },
      refresh: { type: 'boolean', description: 'rebuild the inventory from SSM and Kubernetes first' },
      page: { type: 'string', description: 'page number, from 1' },
    },
  }),
  command({
    name: 'host show',
    role: 'viewer',
    summary: 'Show one edge host in full.',
    positionals: [{ name: 'name', required: true }],
    options: { cluster: { type: 'string', description: 'the cluster, when the name is in several' } },
  }),
  command({
    name: 'host debug',
    role: 'operator',
    summary:
      "Diagnose a host through SSM Run Command: nodeadm debug's checks, the kubelet's errors, services, pressure, clock and versions; the full output in the thread. An IAM Roles Anywhere host: one command to run there, then upload its output.",
    positionals: [{ name: 'name', required: true }],
    options: { cluster: { type: 'string', description: 'the cluster, when the name is in several' } },
  }),
  command({
    name: 'host restart',
    role: 'operator',
    summary:
      'Restart kubelet or containerd on an SSM host through one Run Command, then wait for its node to be Ready; an approver must approve.',
    positionals: [
      { name: 'name', required: true },
      { name: 'service', required: true },
    ],
    options: { cluster: { type: 'string', description: 'the cluster, when the name is in several' } },
  }),
  command({
    name: 'host reboot',
    role: 'operator',
    summary:
      'Reboot an SSM host: cordon and drain its node (PodDisruptionBudgets respected), one Run Command that reboots it, wait for the node Ready, uncordon; an approver must approve.',
    positionals: [{ name: 'name', required: true }],
    options: { cluster: { type: 'string', description: 'the cluster, when the name is in several' } },
  }),
  command({
    name: 'host reissue',
    role: 'operator',
    summary:
      'A fresh activation for a host that needs one (expired, or out of a pool), sent to its requester privately.',
    positionals: [{ name: 'name', required: true }],
    options: { cluster: { type: 'string', description: 'the cluster, when the name is in several' } },
  }),
  command({
    name: 'host deregister',
    role: 'operator',
    summary: 'Remove an edge host (drain, deregister from SSM); an approver must approve.',
    positionals: [{ name: 'name', required: true }],
    options: {
      cluster: { type: 'string', description: 'the cluster, when the name is in several' },
      force: {
        type: 'boolean',
        description: "admins: even when it is one of its pool's last Ready nodes while pods run there",
        role: 'admin',
      },
    },
  }),
] as const;

/** Jobs only a form starts (no slash command of their own). */
export const HOST_FORM_JOBS = [
  command({
    name: 'host register-bulk',
    role: 'operator',
    summary: 'Register the hosts of a pasted or shared CSV (the `host register --bulk` form).',
    positionals: [],
    options: {},
    formFields: {
      cluster: { type: 'string', description: 'the cluster the hosts will join' },
      k8s: { type: 'string', description: "Kubernetes version, default the cluster's" },
      csv: { type: 'string', description: 'the pasted CSV' },
      fileUrl: { type: 'string', description: 'a shared CSV file, read by the job' },
      join: { type: 'boolean', description: 'join the cluster at once' },
    },
  }),
  command({
    name: 'host debug-upload',
    role: 'operator',
    summary:
      'Read the diagnostics output uploaded for a host without an SSM agent (the `host debug` Upload output form).',
    positionals: [{ name: 'name', required: true }],
    options: { cluster: { type: 'string', description: 'the cluster of the host' } },
    formFields: {
      fileUrl: { type: 'string', description: "the uploaded file's url_private, downloaded by the job" },
      fileName: { type: 'string', description: "the uploaded file's name, for messages" },
    },
  }),
] as const;

/** The job the bulk registration form starts. */
export const BULK_REGISTER_JOB = HOST_FORM_JOBS[0].name;
/** The job the host debug upload form starts. */
export const DEBUG_UPLOAD_JOB = HOST_FORM_JOBS[1].name;
