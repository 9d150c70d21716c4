import type { Clock } from '../clock';
import { Effects } from '../effects';
import type { FluxController } from '../flux/flux-controller';
import { RunningScripts } from './running-scripts';
import type { Activation, Cluster, Command, Host, ManagedInstance } from './types';
import type { WorkloadController } from './workloads/controller';

export interface FleetOptions {
  account: string;
  clock: Clock;
  /** PEM of the CA that signs every cluster's API server certificate. */
  caPem: string;
  nodeReadyDelayMs: number;
  /** How long a command invocation stays in each of Pending and InProgress. */
  commandStepMs: number;
  /** GetCommandInvocation answers InvocationDoesNotExist this long after SendCommand. */
  invocationVisibilityMs: number;
  /** How long an UpdateAddon keeps the add-on UPDATING, on the simulator's clock. */
  addonUpdateMs: number;
  /** How often (real time) Flux's controllers look at the simulator's clock for due reconciles. */
  fluxPollMs?: number;
  /** How long each nodeadm verb takes in a Run Command, on the simulator's clock. */
  nodeadmMs?: Partial<Record<NodeadmVerb, number>>;
  /** How long a host is down when it reboots (agent offline, kubelet silent), on the simulator's clock. */
  hostRebootMs?: number;
}

export type NodeadmVerb = 'install' | 'init' | 'upgrade' | 'uninstall';

/** How often (real time) work due on the simulator's clock is looked for, so a test clock moved by hand is noticed. */
const SIM_POLL_MS = 50;

/** Everything the simulated AWS account and its clusters hold; the APIs read and change it. */
/** A nodeadm verb that fails on one host, as a broken host or network would make it fail. */
export interface NodeadmFault {
  step: NodeadmVerb;
  message: string;
  /** The verb succeeds, but the node then stays NotReady (kubelet or the CNI does not come up) until the fault is cleared. */
  notReady?: boolean;
}

export class Fleet {
  readonly clusters = new Map<string, Cluster>();
  readonly controllers = new Map<string, WorkloadController>();
  /** Flux's controllers, for the clusters that run Flux. */
  readonly flux = new Map<string, FluxController>();
  readonly sites = new Map<string, string>();
  readonly hosts = new Map<string, Host>();
  readonly activations = new Map<string, Activation>();
  readonly instances = new Map<string, ManagedInstance>();
  readonly commands = new Map<string, Command>();
  /** Mutating calls counted per host and node (GET /_sim/effects). */
  readonly effects = new Effects();
  /** Sites cut off from the cloud. */
  readonly downSites = new Set<string>();
  /** A nodeadm command that fails on a host, with its message (`POST /_sim/faults` with a host). */
  readonly nodeadmFaults = new Map<string, NodeadmFault>();
  /** Nodes forced NotReady through the control API, by `cluster/node`. */
  readonly forcedNotReady = new Set<string>();
  /** Nodes held NotReady by a `notReady` nodeadm fault: clearing the faults lets them come back. */
  readonly notReadyByFault = new Set<string>();
  /** Host scripts between two waits on the simulator's clock. */
  readonly scripts = new RunningScripts();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Work waiting for the simulator's clock, soonest first. */
  private readonly due: Array<{ at: number; fn: () => void }> = [];
  private dueArmed = false;
  private readonly hostsByNode = new Map<string, Host>();

  constructor(readonly options: FleetOptions) {}

  get account(): string {
    return this.options.account;
  }

  now(): Date {
    return this.options.clock.now();
  }

  clusterIn(region: string, name: string): Cluster | undefined {
    const c = this.clusters.get(name);
    return c && c.region === region ? c : undefined;
  }

  hostOfNode(clusterName: string, nodeName: string): Host | undefined {
    return this.hostsByNode.get(`${clusterName}/${nodeName}`);
  }

  linkNode(host: Host): void {
    if (host.node.clusterName && host.node.nodeName) {
      this.hostsByNode.set(`${host.node.clusterName}/${host.node.nodeName}`, host);
    }
  }

  hostByInstance(instanceId: string): Host | undefined {
    for (const h of this.hosts.values()) if (h.managedInstanceId === instanceId) return h;
    return undefined;
  }

  /** A timer that `close()` cancels, so a stopped simulator leaves nothing running. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /**
   * Runs `fn` once the simulator's clock reaches `at` (epoch ms): checked every SIM_POLL_MS of real time,
   * and by `settle()`, so moving a test's clock is enough.
   */
  atSimTime(at: number, fn: () => void): void {
    let i = this.due.length;
    while (i > 0 && this.due[i - 1]!.at > at) i--;
    this.due.splice(i, 0, { at, fn });
    this.armDue();
  }

  /** Runs everything due by now on the simulator's clock. */
  settle(): void {
    const now = this.now().getTime();
    while (this.due.length > 0 && this.due[0]!.at <= now) this.due.shift()!.fn();
  }

  private armDue(): void {
    if (this.dueArmed || this.due.length === 0) return;
    this.dueArmed = true;
    const wait = Math.min(Math.max(0, this.due[0]!.at - this.now().getTime()), SIM_POLL_MS);
    this.later(wait, () => {
      this.dueArmed = false;
      this.settle();
      this.armDue();
    });
  }

  close(): void {
    this.due.length = 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers.values()) c.stop();
    for (const f of this.flux.values()) f.stop();
  }
}
