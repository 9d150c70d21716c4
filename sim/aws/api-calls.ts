/**
 * How many requests each AWS operation answered (`ssm:SendCommand` → 3), as CloudTrail would count
 * them, and each cluster's API server (`kubernetes:getNode`), as its audit log would: what
 * benchmarks and tests read to see how many calls the bot made.
 */
export class ApiCalls {
  private readonly counts = new Map<string, number>();

  record(service: string, operation: string): void {
    const k = `${service}:${operation}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  clear(): void {
    this.counts.clear();
  }
}
