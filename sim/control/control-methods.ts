import { z } from 'zod';
import { FAULT_SERVICES, type FaultRule } from '../faults';
import type { HybridNodesSpec } from '../fleet/bulk';
import { HOST_FAULTS, setHostFaults } from '../fleet/host-facts';
import {
  type BootstrapInput,
  type BootstrapResult,
  bootstrapHost,
  hostNamed,
  OperatorError,
  reimageHost,
  runOnHost,
  setBudget,
  setNodeReady,
  setSiteOutage,
} from '../fleet/operator-actions';
import { stateSnapshot } from '../fleet/state-snapshot';
import { HelmError, type HelmUpgradeResult, helmUpgradeInstall } from '../helm/helm-upgrade';
import { listReleases } from '../helm/release-storage';
import { formatIssues } from '../scenario/format-issues';
import {
  apiName,
  bulkSchema,
  clusterSchema,
  hostSchema,
  rateLimitSchema,
  type ScenarioInput,
} from '../scenario/schema';
import type { Simulator } from '../simulator';
import type { SlackCall } from '../slack/fake-slack';

const hostFaultSchema = z.strictObject({
  host: z.string().min(1),
  nodeadm: z.enum(['install', 'init', 'upgrade', 'uninstall']),
  message: z.string().min(1).max(2000).default('nodeadm failed on this host (injected fault)'),
  /** The verb succeeds, but the node stays NotReady afterwards until the faults are cleared. */
  notReady: z.boolean().optional(),
});

const hostFaultsSchema = z.strictObject({ faults: z.array(z.enum(HOST_FAULTS)) });

const serviceFaultSchema = z.object({
  service: z.enum(FAULT_SERVICES as [FaultRule['service'], ...FaultRule['service'][]]),
  operation: z.string().min(1).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  throttleRate: z.number().min(0).max(1).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
});

const setRateLimitSchema = z.union([
  rateLimitSchema.extend({ api: apiName }),
  z.strictObject({ api: apiName, off: z.literal(true) }),
]);

const hybridNodesSchema = z.object({
  count: z.number().int().min(1).max(50_000),
  sites: z.array(z.string().min(1)).optional(),
  siteLabel: z.string().optional(),
  cidr: z.string().optional(),
  version: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  hostTag: z.string().min(1).optional(),
  siteTag: z.string().min(1).optional(),
  files: z.record(z.string().startsWith('/'), z.string()).optional(),
});

const helmUpgradeSchema = z.object({
  release: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  chart: z.string().min(1),
  version: z.string().min(1),
  values: z.record(z.string(), z.unknown()).default({}),
});

const addClustersSchema = z.object({
  clusters: z.array(clusterSchema).default([]),
  bulk: bulkSchema.optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input ?? {});
  if (!r.success) throw new OperatorError(400, `invalid request:\n${formatIssues(r.error.issues)}`);
  return r.data;
}

export type ClusterInput = NonNullable<ScenarioInput['clusters']>[number];

/** The control API as typed methods: what tests, demos and benchmarks do to the simulated world. */
export function controlMethods(sim: Simulator) {
  return {
    bootstrapHost: (name: string, input: BootstrapInput): BootstrapResult =>
      bootstrapHost(sim.fleet, name, input),
    runOnHost: (name: string, script: string) => runOnHost(sim.fleet, name, script),
    /** What is wrong on a host now. */
    hostFaults: (name: string) => ({ host: name, faults: [...(hostNamed(sim.fleet, name).faults ?? [])] }),
    /** Replaces a host's faults (`[]` clears them); a crash-looping kubelet takes its node NotReady. */
    setHostFaults: (name: string, input: z.input<typeof hostFaultsSchema>) => {
      const host = hostNamed(sim.fleet, name);
      const { faults } = parse(hostFaultsSchema, input);
      setHostFaults(sim.fleet, host, faults);
      return { host: name, faults: [...(host.faults ?? [])] };
    },
    reimageHost: (name: string, input: { os?: string } = {}) => reimageHost(sim.fleet, name, input),
    setNodeReady: (name: string, ready: boolean, cluster?: string) =>
      setNodeReady(sim.fleet, name, ready, cluster),
    setSiteOutage: (site: string, down: boolean) => setSiteOutage(sim.fleet, site, down),
    setBudget: (cluster: string, namespace: string, name: string, maxUnavailable: number) =>
      setBudget(sim.fleet, cluster, namespace, name, maxUnavailable),
    setFault: (rule: z.input<typeof serviceFaultSchema> | z.input<typeof hostFaultSchema>) => {
      if (typeof rule === 'object' && rule !== null && 'host' in rule) {
        const f = parse(hostFaultSchema, rule);
        if (!sim.fleet.hosts.has(f.host)) throw new OperatorError(404, `no host named ${f.host}`);
        sim.fleet.nodeadmFaults.set(f.host, {
          step: f.nodeadm,
          message: f.message,
          ...(f.notReady ? { notReady: true } : {}),
        });
        return;
      }
      sim.faults.set(parse(serviceFaultSchema, rule));
    },
    clearFaults: () => {
      sim.faults.clear();
      sim.fleet.nodeadmFaults.clear();
      for (const node of sim.fleet.notReadyByFault) setNodeReady(sim.fleet, node, true);
      sim.fleet.notReadyByFault.clear();
    },
    faults: () => [
      ...sim.faults.list(),
      ...[...sim.fleet.nodeadmFaults].map(([host, f]) => ({
        host,
        nodeadm: f.step,
        message: f.message,
        ...(f.notReady ? { notReady: true } : {}),
      })),
    ],
    state: () => stateSnapshot(sim.fleet),
    effects: () => sim.fleet.effects.snapshot(),
    /** Requests per AWS operation (`ssm:SendCommand`) and Kubernetes one (`kubernetes:getNode`), since the start or the last clear. */
    apiCalls: () => sim.apiCalls.snapshot(),
    clearApiCalls: () => sim.apiCalls.clear(),
    clearEffects: () => sim.fleet.effects.clear(),
    /** Per-API token buckets in force (`ssm:CreateActivation` → {ratePerSecond, burst}). */
    rateLimits: () => sim.rateLimits.list(),
    /** Sets one API's bucket (full from now), or `{api, off: true}` removes it. */
    setRateLimit: (input: z.input<typeof setRateLimitSchema>) => {
      const r = parse(setRateLimitSchema, input);
      sim.rateLimits.set(r.api, 'off' in r ? undefined : { ratePerSecond: r.ratePerSecond, burst: r.burst });
      return sim.rateLimits.list();
    },
    clearRateLimits: () => sim.rateLimits.clear(),
    /** Throttling answers per AWS API (`ssm:CreateActivation` → 12), from buckets and injected faults. */
    throttles: () => sim.rateLimits.throttleCounts(),
    clearThrottles: () => sim.rateLimits.clearThrottles(),
    slackCalls: (): SlackCall[] => sim.slack?.calls() ?? [],
    clearSlackCalls: () => sim.slack?.clear(),
    addHosts: (hosts: unknown[]) => {
      try {
        sim.addHosts(parse(z.array(hostSchema), hosts));
      } catch (e) {
        throw e instanceof OperatorError ? e : new OperatorError(409, (e as Error).message);
      }
    },
    addClusters: async (input: { clusters?: ClusterInput[]; bulk?: z.input<typeof bulkSchema> }) => {
      const { clusters, bulk } = parse(addClustersSchema, input);
      try {
        const added = [...(await sim.addClusters(clusters)), ...(bulk ? await sim.addBulk(bulk) : [])];
        return added.map((c) => ({ name: c.name, endpoint: c.endpoint }));
      } catch (e) {
        throw e instanceof OperatorError ? e : new OperatorError(409, (e as Error).message);
      }
    },
    /** `helm upgrade --install` as an operator runs it; Helm's refusals are 400s with Helm's message. */
    helmUpgrade: (cluster: string, input: z.input<typeof helmUpgradeSchema>): HelmUpgradeResult => {
      const req = parse(helmUpgradeSchema, input);
      const c = sim.fleet.clusters.get(cluster);
      if (!c) throw new OperatorError(404, `no cluster named ${cluster}`);
      try {
        return helmUpgradeInstall(c.store, req, sim.fleet.now());
      } catch (e) {
        throw e instanceof HelmError ? new OperatorError(400, e.message) : e;
      }
    },
    /** `helm list -A` on one cluster. */
    helmList: (cluster: string) => {
      const c = sim.fleet.clusters.get(cluster);
      if (!c) throw new OperatorError(404, `no cluster named ${cluster}`);
      return listReleases(c.store);
    },
    addHybridNodes: (cluster: string, spec: HybridNodesSpec) => {
      const parsed = parse(hybridNodesSchema, spec);
      if (!sim.fleet.clusters.has(cluster)) throw new OperatorError(404, `no cluster named ${cluster}`);
      return { cluster, added: sim.addHybridNodes(cluster, parsed) };
    },
  };
}

export type SimulatorControl = ReturnType<typeof controlMethods>;
