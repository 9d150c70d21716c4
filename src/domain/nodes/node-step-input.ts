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
