import { z } from 'zod';

/** A pool's member host as a plan records it when the change is proposed. */
export const poolMemberSchema = z.object({
  name: z.string().min(1),
  auth: z.enum(['ssm', 'iam-ra']),
  managedInstanceId: z.string().optional(),
  nodeName: z.string().optional(),
  /** The host's site (absent when it has none, and in plans made before sites were shown). */
  site: z.string().optional(),
});
