import { z } from 'zod';
import { formatProfileRef } from '../profile-ref';

/**
 * A pool's definition, written on each of its Nodes next to the membership label, so that a wiped
 * Redis loses no pool: the reconcile job reads it back. Annotations, not labels: label values
 * cannot hold `@`, commas or JSON, and are limited to 63 characters.
 */
export const POOL_PROFILE_ANNOTATION = 'hybrid-bot.io/pool-profile';
export const POOL_DEFINITION_ANNOTATION = 'hybrid-bot.io/pool-definition';

const definitionSchema = z.object({
  v: z.literal(1),
  name: z.string().min(1),
  profile: z.object({ name: z.string().min(1), version: z.string().min(1) }),
  arch: z.enum(['amd64', 'arm64']),
  labels: z.record(z.string(), z.string()),
  taints: z.array(z.string()),
  maxParallel: z.number().int().min(1),
  createdBy: z.string(),
  createdAt: z.number(),
});

/** What a pool is, without its hosts: what its nodes carry and what the reconcile restores. */
export type PoolDefinition = Omit<z.infer<typeof definitionSchema>, 'v'>;

/**
 * The annotations every node of the pool carries, written by the pool changes (create, add, label)
 * through the Kubernetes API once the node joined: `hybrid-bot.io/pool-profile: name@version` for
 * people reading `kubectl describe node`, and the whole definition as JSON for the reconcile.
 */
export function poolNodeAnnotations(pool: PoolDefinition): Record<string, string> {
  const definition = {
    v: 1,
    name: pool.name,
    profile: { name: pool.profile.name, version: pool.profile.version },
    arch: pool.arch,
    labels: pool.labels,
    taints: pool.taints,
    maxParallel: pool.maxParallel,
    createdBy: pool.createdBy,
    createdAt: pool.createdAt,
  };
  return {
    [POOL_PROFILE_ANNOTATION]: formatProfileRef(pool.profile),
    [POOL_DEFINITION_ANNOTATION]: JSON.stringify(definition),
  };
}

/** One node's record of its pool's definition, or undefined when it has none or it does not read. */
export function poolDefinitionOf(
  annotations: Record<string, string> | undefined,
): PoolDefinition | undefined {
  const raw = annotations?.[POOL_DEFINITION_ANNOTATION];
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { v: _v, ...definition } = parsed.data;
  return definition;
}

/**
 * The definition a pool's nodes agree on. Nodes may disagree for a while (a relabel half done):
 * the one most nodes carry wins; a tie goes to the first node by name.
 */
export function agreedPoolDefinition(
  pool: string,
  nodes: readonly { name: string; annotations?: Record<string, string> }[],
): PoolDefinition | undefined {
  const votes = new Map<string, { definition: PoolDefinition; count: number }>();
  for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const definition = poolDefinitionOf(node.annotations);
    if (!definition || definition.name !== pool) continue;
    const key = JSON.stringify(definition);
    const vote = votes.get(key) ?? { definition, count: 0 };
    vote.count += 1;
    votes.set(key, vote);
  }
  let best: { definition: PoolDefinition; count: number } | undefined;
  for (const vote of votes.values()) if (!best || vote.count > best.count) best = vote;
  return best?.definition;
}
