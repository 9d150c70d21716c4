import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, PlannedChange } from '../changes/planner';
import { nodeStepInput } from '../nodes/node-step-input';

export const HOST_RESTART_KIND = 'host-restart';

/** The services a restart may name: the two a hybrid node's kubelet depends on. */
export const RESTARTABLE_SERVICES = ['kubelet', 'containerd'] as const;
export type RestartableService = (typeof RESTARTABLE_SERVICES)[number];

const planSchema = z.object({
  cluster: z.string().min(1),
  host: z.string().min(1),
  site: z.string(),
  managedInstanceId: z.string().min(1),
  nodeName: z.string().min(1),
  service: z.enum(RESTARTABLE_SERVICES),
  /** The node's state when the plan was made, as the approver saw it. */
  nodeReady: z.boolean(),
  pool: z.string().optional(),
});

export type HostRestartPlan = z.infer<typeof planSchema>;

export const HOST_RESTART_STEPS = {
  restart: 'restart-service',
  awaitReady: 'await-node-ready',
} as const;

/** What restarting each service does to the node's pods, for the approver. */
const EFFECT: Record<RestartableService, string> = {
  kubelet:
    'running pods keep running (containers do not belong to the kubelet); the node may report NotReady for a few seconds',
  containerd:
    'running containers keep running (their shims outlive containerd); new pods cannot start on the node until it is back',
};

/**
 * Restarting a service on a hybrid node through one SSM Run Command, then waiting for the node to
 * be Ready: a remedy the host's diagnostics point to (a crash-looping kubelet, a stuck containerd).
 */
export function planHostRestart(plan: HostRestartPlan): PlannedChange<HostRestartPlan> {
  const { host, service, nodeName, managedInstanceId } = plan;
  const input = nodeStepInput({ host, nodeName, managedInstanceId });
  const steps: StepSpec[] = [
    {
      key: 'restart',
      action: HOST_RESTART_STEPS.restart,
      title: `Restart ${service} on ${host}`,
      group: host,
      skippable: false,
      input: { ...input, service },
    },
    {
      key: 'ready',
      action: HOST_RESTART_STEPS.awaitReady,
      title: `Wait for node ${nodeName} to be Ready`,
      group: host,
      skippable: false,
      input,
    },
  ];
  const where = `${host} (\`${managedInstanceId}\`) at site ${plan.site || 'unknown'}${plan.pool ? `, pool ${plan.pool}` : ''}`;
  return {
    kind: HOST_RESTART_KIND,
    target: { cluster: plan.cluster, kind: 'host', name: host },
    title: `Restart ${service} on host ${host}`,
    summary: [
      `run \`systemctl restart ${service}\` on ${where} through one SSM Run Command: ${EFFECT[service]}`,
      `then wait for node \`${nodeName}\` to be Ready (it was ${plan.nodeReady ? 'Ready' : 'NotReady'} when this was planned)`,
    ],
    diff: [{ op: 'change', text: `${service} on ${host}: restarted` }],
    steps,
    maxParallel: 1,
    unit: 'hosts',
    canRollBack: false,
    plan,
  };
}

export const hostRestartPlanner: ChangePlanner<HostRestartPlan> = {
  kind: HOST_RESTART_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planHostRestart,
};
