/** Go's time.ParseDuration for the units Flux intervals use ("10m", "1h30m", "5m0s", "500ms"); undefined if invalid. */
export function parseGoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, n, , u] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g)) total += Number(n) * unit[u!]!;
  return total;
}
