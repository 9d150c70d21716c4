/**
 * Where a fleet's live message lives: the one channel the configuration names for fleets, or else
 * the channel of its first pool's cluster, mirrored in the channel of every other cluster it spans.
 * Its thread (notes, pools left for later) follows the home message.
 */
export function fleetChannels(
  clusterChannels: readonly string[],
  configured: string | undefined,
): { home: string; mirrors: string[] } {
  if (configured) return { home: configured, mirrors: [] };
  const [home = '', ...others] = [...new Set(clusterChannels)];
  return { home, mirrors: others };
}
