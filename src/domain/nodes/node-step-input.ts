import { z } from 'zod';

/**
 * What every node-lifecycle step (cordon, drain, `nodeadm uninstall`, delete the Node) is given:
 * the host, and the node and managed instance it runs as, where it has them.
 */
export const nodeStepInputSchema = z.object({
  // Optional only for journals written before steps named their host.
  host: z.string().min(1).optional(),
  nodeName: z.string().min(1).optional(),
  managedInstanceId: z.string().min(1).optional(),
});

export type NodeStepInput = z.infer<typeof nodeStepInputSchema>;

/** A step's input as a planner writes it: only the fields it has. */
export function nodeStepInput(i: NodeStepInput): NodeStepInput {
  return {
    ...(i.host ? { host: i.host } : {}),
    ...(i.nodeName ? { nodeName: i.nodeName } : {}),
    ...(i.managedInstanceId ? { managedInstanceId: i.managedInstanceId } : {}),
  };
}

/**
 * What a joining step (install, NodeConfig, init, Ready, labels) is given: the host; its managed
 * instance (SSM) or the node it adopts; `rejoin` when a re-imaged host's new instance is looked up
 * as the step runs.
 */
export const nodeJoinInputSchema = z.object({
  host: z.string().min(1),
  nodeName: z.string().min(1).optional(),
  managedInstanceId: z.string().min(1).optional(),
  rejoin: z.boolean().optional(),
});

export type NodeJoinInput = z.infer<typeof nodeJoinInputSchema>;

/**
 * What an in-place rollout's step is given: the node's, `auth` when a person upgrades an IAM Roles
 * Anywhere host, `back` on a roll-back's steps (the pool's last step has only that).
 */
export const rolloutStepInputSchema = nodeStepInputSchema.extend({
  auth: z.enum(['ssm', 'iam-ra']).optional(),
  back: z.boolean().optional(),
  rejoin: z.boolean().optional(),
});

export type RolloutStepInput = z.infer<typeof rolloutStepInputSchema>;
