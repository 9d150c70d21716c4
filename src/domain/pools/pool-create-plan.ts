import { z } from 'zod';
import { hostNodeLabels, POOL_LABEL, SITE_LABEL } from '../bot-labels';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import { hostAtSite } from './host-at-site';

export const POOL_CREATE_KIND = 'pool-create';
export const DEFAULT_MAX_PARALLEL = 5;

/** How many hosts join at once, as typed (--max-parallel, or the form's field): 1 to 50. */
export function parseMaxParallel(
  value: string,
): { ok: true; value: number } | { ok: false; problem: string } {
  const n = Number(value);
  if (value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 50) return { ok: true, value: n };
  return { ok: false, problem: `--max-parallel ${value} is not a whole number from 1 to 50.` };
}

const planSchema = z.object({
  cluster: z.string().min(1),
  pool: z.string().min(1),
  arch: z.enum(['amd64', 'arm64']),
  profile: z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    kubernetesVersion: z.string().min(1),
    containerdSource: z.enum(['distro', 'docker', 'none']),
  }),
  labels: z.record(z.string(), z.string()),
  taints: z.array(z.string()),
  maxParallel: z.number().int().min(1).max(50),
  onFailure: z.enum(['pause', 'continue']),
  /** Hosts join a pool that exists (`pool add`) rather than a new one. */
  adding: z.boolean().optional(),
  hosts: z
    .array(
      z.object({
        name: z.string().min(1),
        auth: z.enum(['ssm', 'iam-ra']),
        managedInstanceId: z.string().optional(),
        /** The host's site, as registered: its node is labelled with it (absent in plans made before). */
        site: z.string().optional(),
        /** Set when the host already runs as this node: it is adopted, not joined again. */
        adoptNode: z.string().optional(),
      }),
    )
    .min(1),
  /** What the plan says about CoreDNS on hybrid nodes, and the closing step that adds replicas, if any. */
  coredns: z
    .object({
      line: z.string().min(1),
      step: z
        .object({
          wantedOnHybrid: z.number().int().min(1),
          fromReplicas: z.number().int().min(0),
          replicaCount: z.number().int().min(1),
        })
        .optional(),
    })
    .optional(),
});

export type PoolCreatePlan = z.infer<typeof planSchema>;

/** What each step does; executors are registered under these names. */
export const POOL_STEPS = {
  install: 'nodeadm-install',
  writeConfig: 'write-node-config',
  init: 'nodeadm-init',
  instruct: 'host-instructions',
  awaitNode: 'await-node-ready',
  ensureLabels: 'ensure-node-labels',
  record: 'record-pool-member',
  coredns: 'coredns-on-hybrid',
} as const;

/** The labels every node of the pool carries: the pool's own, and the bot's membership label. */
export function poolNodeLabels(plan: Pick<PoolCreatePlan, 'pool' | 'labels'>): Record<string, string> {
  return { ...plan.labels, [POOL_LABEL]: plan.pool };
}

/** The labels a host's node carries in the pool: the pool's, and the site of the host it runs on. */
export function poolHostNodeLabels(
  plan: Pick<PoolCreatePlan, 'pool' | 'labels'>,
  host: { site?: string | undefined },
): Record<string, string> {
  return { ...poolNodeLabels(plan), ...hostNodeLabels({ site: host.site ?? '' }) };
}

/**
 * Per SSM host: install nodeadm's Kubernetes components, write the pool's NodeConfig (its
 * credentials part is already on the host), init, wait for the Node to be Ready, make sure its
 * labels and taints are there, record it. An IAM Roles Anywhere host cannot be reached: the
 * requester runs the same commands from private instructions and presses Done.
 */
export function planPoolCreate(plan: PoolCreatePlan): PlannedChange<PoolCreatePlan> {
  const steps: StepSpec[] = [];
  const { containerdSource } = plan.profile;
  for (const host of plan.hosts) {
    const step = (key: string, action: string, title: string, skippable = false) =>
      steps.push({
        key: `${host.name}.${key}`,
        action,
        title,
        group: host.name,
        skippable,
        input: {
          host: host.name,
          ...(host.managedInstanceId ? { managedInstanceId: host.managedInstanceId } : {}),
          ...(host.adoptNode ? { nodeName: host.adoptNode } : {}),
        },
      });
    // Claimed first: a host is in one pool at most, and two changes never run nodeadm on it at once.
    step('claim', POOL_STEPS.record, `Put ${host.name} in pool ${plan.pool}`);
    if (host.adoptNode) {
      // Adopted: its running node keeps running; only what the pool puts on nodes is patched.
    } else if (host.auth === 'ssm') {
      step(
        'install',
        POOL_STEPS.install,
        `nodeadm install ${plan.profile.kubernetesVersion} on ${host.name}`,
      );
      step('config', POOL_STEPS.writeConfig, `Write the pool's NodeConfig on ${host.name}`);
      step('init', POOL_STEPS.init, `nodeadm init on ${host.name}`);
    } else {
      step('instruct', POOL_STEPS.instruct, `${host.name}: the requester installs and inits nodeadm (Done)`);
    }
    step('ready', POOL_STEPS.awaitNode, `Wait for ${host.name}'s node to be Ready`);
    step('labels', POOL_STEPS.ensureLabels, `Labels and taints on ${host.name}'s node`);
  }
  const coredns = plan.coredns?.step;
  if (coredns) {
    // After every node: the new replicas can only land on hybrid nodes that are Ready.
    steps.push({
      key: 'coredns.replicas',
      action: POOL_STEPS.coredns,
      title: `CoreDNS: replicaCount ${coredns.fromReplicas} → ${coredns.replicaCount}, ${coredns.wantedOnHybrid} on hybrid nodes`,
      group: 'coredns',
      skippable: true,
      afterOthers: true,
      input: { ...coredns },
    });
  }
  const labels = Object.entries(poolNodeLabels(plan))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const joining = plan.hosts.filter((h) => !h.adoptNode);
  const adopted = plan.hosts.filter((h) => h.adoptNode);
  const ssmHosts = joining.filter((h) => h.auth === 'ssm').length;
  const summary = [
    `profile *${plan.profile.name}@${plan.profile.version}*: Kubernetes ${plan.profile.kubernetesVersion}, containerd from ${containerdSource}, ${plan.arch}`,
    ...(ssmHosts > 0
      ? [
          `on ${ssmHosts} SSM host${ssmHosts === 1 ? '' : 's'}, through SSM Run Command: \`nodeadm install ${plan.profile.kubernetesVersion} -p ssm -s ${containerdSource}\`, write the NodeConfig, \`nodeadm init\``,
        ]
      : []),
    ...(adopted.length > 0
      ? [
          `adopted as they run (no re-join): ${adopted.map((h) => `${h.name} (node ${h.adoptNode})`).join(', ')}; their labels (the site's too) and taints are patched, and the profile's kubelet and containerd settings reach them at the pool's next rollout`,
        ]
      : []),
    ...(ssmHosts < joining.length
      ? [
          'IAM Roles Anywhere hosts: the requester gets the NodeConfig and commands privately, and presses Done',
        ]
      : []),
    `then wait for each node to be Ready and make sure it carries: ${labels}, ${SITE_LABEL}=<its host's site>${plan.taints.length > 0 ? `; taints ${plan.taints.join(', ')}` : ''}`,
    `${plan.maxParallel} host${plan.maxParallel === 1 ? '' : 's'} at a time; a failed host ${plan.onFailure === 'pause' ? 'pauses the change' : 'is marked failed while the others go on'}`,
    ...(plan.coredns ? [plan.coredns.line] : []),
  ];
  const diff: DiffLine[] = [
    ...(plan.adding
      ? []
      : [
          {
            op: 'add' as const,
            text: `pool ${plan.pool} in ${plan.cluster} (profile ${plan.profile.name}@${plan.profile.version})`,
          },
        ]),
    ...plan.hosts.map(
      (h): DiffLine => ({
        op: 'add',
        text: h.adoptNode
          ? `node ${h.adoptNode} of host ${hostAtSite(h)} into the pool (adopted)`
          : `node on host ${hostAtSite(h)}, ${h.auth === 'ssm' ? `SSM ${h.managedInstanceId}` : 'IAM Roles Anywhere'}`,
      }),
    ),
    ...(coredns
      ? [
          {
            op: 'change' as const,
            text: `coredns add-on replicaCount ${coredns.fromReplicas} → ${coredns.replicaCount}`,
          },
        ]
      : []),
  ];
  return {
    kind: POOL_CREATE_KIND,
    target: { cluster: plan.cluster, kind: 'pool', name: plan.pool },
    title: plan.adding
      ? `Add ${plan.hosts.length} host${plan.hosts.length === 1 ? '' : 's'} to pool ${plan.pool}`
      : `Create pool ${plan.pool} (${plan.hosts.length} host${plan.hosts.length === 1 ? '' : 's'})`,
    summary,
    diff,
    steps,
    maxParallel: plan.maxParallel,
    unit: 'hosts',
    canRollBack: false,
    onFailure: plan.onFailure,
    plan,
  };
}

export const poolCreatePlanner: ChangePlanner<PoolCreatePlan> = {
  kind: POOL_CREATE_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planPoolCreate,
};
