export type FaultService = 'eks' | 'ssm' | 'sts' | 'kubernetes' | 'slack';
export const FAULT_SERVICES: readonly FaultService[] = ['eks', 'ssm', 'sts', 'kubernetes', 'slack'];

export interface Fault {
  errorRate?: number;
  throttleRate?: number;
  latencyMs?: number;
}

export interface FaultRule extends Fault {
  service: FaultService;
  /** An operation name (`CreateActivation`, `DescribeCluster`, a Kubernetes verb…); absent: every operation. */
  operation?: string;
}

/** Injected faults, per service and optionally per operation; an operation's own rule wins over its service's. */
export class FaultRegistry {
  private readonly rules = new Map<string, FaultRule>();
  private readonly listeners: Array<() => void> = [];

  set(rule: FaultRule): void {
    this.rules.set(key(rule.service, rule.operation), rule);
    this.changed();
  }

  clear(): void {
    this.rules.clear();
    this.changed();
  }

  list(): FaultRule[] {
    return [...this.rules.values()];
  }

  faultFor(service: FaultService, operation?: string): Fault | undefined {
    return (operation && this.rules.get(key(service, operation))) || this.rules.get(key(service));
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function key(service: FaultService, operation?: string): string {
  return operation ? `${service}/${operation}` : service;
}

export type FaultOutcome = 'ok' | 'throttle' | 'error';

/** Draws the outcome of one request under a fault. */
export function drawFault(fault: Fault | undefined, random: () => number = Math.random): FaultOutcome {
  if (!fault) return 'ok';
  if (fault.throttleRate && random() < fault.throttleRate) return 'throttle';
  if (fault.errorRate && random() < fault.errorRate) return 'error';
  return 'ok';
}
