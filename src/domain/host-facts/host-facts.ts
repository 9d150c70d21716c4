import { z } from 'zod';

/** One fact with the time (epoch ms) it was read: a gate says how old what it goes by is. */
const fact = <T extends z.ZodTypeAny>(value: T) => z.object({ value, at: z.number() });

/**
 * What the bot knows of one SSM host: SSM's inventory (DescribeInstanceInformation: cheap, whole
 * fleet) and the light fact collection of `/hybrid doctor <cluster> --hosts` (a Run Command).
 */
export const hostFactsSchema = z.object({
  instanceId: z.string().min(1),
  cluster: z.string().min(1),
  /** The inventory's name for the host, or the name SSM knows it by. */
  host: z.string().min(1),
  site: z.string().optional(),
  platform: fact(z.object({ name: z.string(), version: z.string() })).optional(),
  agentVersion: fact(z.string()).optional(),
  kernel: fact(z.string()).optional(),
  /** /etc/os-release's PRETTY_NAME. */
  osRelease: fact(z.string()).optional(),
  nodeadm: fact(z.string()).optional(),
  containerd: fact(z.string()).optional(),
  swapOn: fact(z.boolean()).optional(),
  /** Seconds ahead of NTP time (negative: behind). */
  clockOffsetSeconds: fact(z.number()).optional(),
  clockSynchronized: fact(z.boolean()).optional(),
});

export type HostFacts = z.infer<typeof hostFactsSchema>;
export type HostFactName = Exclude<keyof HostFacts, 'instanceId' | 'cluster' | 'host' | 'site'>;

/** How a host is named in every line about it: `name (mi-…)`, or the ID alone when it is the name. */
export function hostLabel(f: Pick<HostFacts, 'host' | 'instanceId'>): string {
  return f.host === f.instanceId ? f.instanceId : `${f.host} (${f.instanceId})`;
}

/** Newer facts over older ones: a fact a collection could not read keeps its last known value. */
export function mergeHostFacts(old: HostFacts | undefined, next: HostFacts): HostFacts {
  if (!old) return next;
  const merged: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(next)) if (v !== undefined) merged[k] = v;
  return hostFactsSchema.parse(merged);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": how old a fact is. */
export function factAge(at: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
