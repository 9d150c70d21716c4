import { z } from 'zod';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import { counted } from '../plural';
import { ciliumMinor, parseCiliumVersion } from './cilium-version';
import { flattenValues, type Values } from './helm-values';

export const CNI_SET_KIND = 'cni-set';

/** AWS's build of the Cilium chart: the only one AWS supports on hybrid nodes. */
export const CILIUM_CHART = 'oci://public.ecr.aws/eks/cilium/cilium';

const valuesSchema = z.record(z.string(), z.unknown());

const planSchema = z.object({
  cluster: z.string().min(1),
  fromVersion: z.string().optional(),
  toVersion: z.string().min(1),
  /** `--cilium` as typed, when it was a bare upstream version that resolved to `toVersion`. */
  requestedVersion: z.string().optional(),
  overrides: valuesSchema,
  /** The full values: AWS's recommended ones with the overrides merged over them. */
  values: valuesSchema,
  /** The values of the layer recorded before, for the diff. */
  previousValues: valuesSchema.optional(),
  minorUpgrade: z.boolean(),
  /** vpc-cni as an EKS add-on (configurationValues) or a self-managed DaemonSet (patched). */
  awsNode: z.enum(['addon', 'daemonset']),
  via: z.enum(['flux', 'helm']),
  /** The HelmRelease to create or update, when Flux applies the layer. */
  fluxRelease: z.object({ namespace: z.string(), name: z.string() }).optional(),
  /** Hybrid nodes whose kernel is not known, when the version needs kernel 5.10 or later. */
  kernelUnknown: z.array(z.string()).optional(),
});

export type CniSetPlan = z.infer<typeof planSchema>;

export const CNI_STEPS = {
  awsNode: 'keep-aws-node-off-hybrid',
  fluxApply: 'flux-apply-release',
  fluxReady: 'flux-await-ready',
  helmCommand: 'send-helm-command',
  rollout: 'await-cilium-rollout',
  record: 'record-desired-layer',
} as const;

/** `1.18` of `1.18.3-0`, for `--set upgradeCompatibility=…` after a minor upgrade. */
export function upgradeCompatibility(plan: CniSetPlan): string | undefined {
  const from = plan.fromVersion ? parseCiliumVersion(plan.fromVersion) : undefined;
  return plan.minorUpgrade && from ? ciliumMinor(from) : undefined;
}

/** Values lines that differ between two value trees: `+ a.b = 1`, `- c = x`, `~ d: 1 → 2`. */
export function valuesDiff(before: Values | undefined, after: Values): DiffLine[] {
  const a = before ? flattenValues(before) : new Map<string, string>();
  const b = flattenValues(after);
  const lines: DiffLine[] = [];
  for (const [path, value] of b) {
    const old = a.get(path);
    if (old === undefined) lines.push({ op: 'add', text: `${path} = ${value}` });
    else if (old !== value) lines.push({ op: 'change', text: `${path}: ${old} → ${value}` });
  }
  for (const [path, value] of a) if (!b.has(path)) lines.push({ op: 'remove', text: `${path} = ${value}` });
  return lines;
}

/**
 * The CNI layer as a change: aws-node kept off hybrid nodes first (so it never lands there while
 * Cilium moves), then the release changed the way the cluster's owner expects (Flux's HelmRelease,
 * or the exact helm command for the requester), then a watch until Cilium runs as wanted, and the
 * layer recorded as the cluster's desired one.
 */
export function planCniSet(plan: CniSetPlan): PlannedChange<CniSetPlan> {
  const steps: StepSpec[] = [];
  const summary: string[] = [];
  const step = (key: string, action: string, title: string, skippable = false) =>
    steps.push({ key, action, title, group: 'cni', skippable, input: {} });
  if (plan.requestedVersion) {
    summary.push(
      `\`--cilium ${plan.requestedVersion}\` is AWS's chart build \`${plan.toVersion}\`, the newest of ${plan.requestedVersion} in the bot's configuration`,
    );
  }
  if (plan.kernelUnknown && plan.kernelUnknown.length > 0) {
    const n = plan.kernelUnknown.length;
    const shown = plan.kernelUnknown.slice(0, 10).join(', ');
    summary.push(
      `Cilium ${plan.toVersion} needs kernel 5.10 or later; the kernel of ${counted(n, 'hybrid node')} is not known (${shown}${n > 10 ? ` and ${n - 10} more` : ''}): \`/hybrid doctor ${plan.cluster} --hosts\` reads it`,
    );
  }
  const overrides = [...flattenValues(plan.overrides)].map(([path, value]) => `${path}=${value}`);
  summary.push(
    `values: AWS's recommended hybrid values${overrides.length > 0 ? ` with the team's overrides ${overrides.map((o) => `\`${o}\``).join(', ')}` : ''} (the overrides recorded before carry over; \`--set key=null\` drops one)`,
  );
  step('aws-node', CNI_STEPS.awsNode, 'Keep aws-node off hybrid nodes');
  summary.push(
    plan.awsNode === 'addon'
      ? 'keep `aws-node` off hybrid nodes through the vpc-cni add-on’s configurationValues (UpdateAddon), if it is not already'
      : 'keep `aws-node` off hybrid nodes: patch the DaemonSet’s affinity, if it is not already',
  );
  if (plan.via === 'flux') {
    const hr = plan.fluxRelease ?? { namespace: 'kube-system', name: 'cilium' };
    step('flux-apply', CNI_STEPS.fluxApply, `Update HelmRelease ${hr.namespace}/${hr.name}`);
    step('flux-ready', CNI_STEPS.fluxReady, `Wait for HelmRelease ${hr.namespace}/${hr.name} Ready`);
    summary.push(
      `Flux owns the release: set the OCIRepository for \`${CILIUM_CHART}\` to \`${plan.toVersion}\` and the values on HelmRelease \`${hr.namespace}/${hr.name}\`, then wait until it is Ready`,
    );
  } else {
    step('helm-command', CNI_STEPS.helmCommand, 'Send the helm command to the requester', true);
    summary.push(
      `send the requester, privately, the \`helm upgrade --install\` command and its values file${plan.minorUpgrade ? ' (with the preflight check of a minor upgrade)' : ''}`,
    );
  }
  step('rollout', CNI_STEPS.rollout, `Wait for Cilium ${plan.toVersion} rolled out`);
  summary.push(
    `watch until the cilium DaemonSet and cilium-operator run ${plan.toVersion} on hybrid nodes only`,
  );
  step('record', CNI_STEPS.record, 'Record the desired CNI layer');
  summary.push(
    `record Cilium ${plan.toVersion} and these values as the desired CNI layer of ${plan.cluster}`,
  );
  // Against what runs (see runningValues), so every value the change moves is shown, not only the version.
  const diff: DiffLine[] = [
    plan.fromVersion
      ? {
          op: plan.fromVersion === plan.toVersion ? 'same' : 'change',
          text: `Cilium ${plan.fromVersion} → ${plan.toVersion}`,
        }
      : { op: 'add', text: `Cilium ${plan.toVersion}` },
    ...valuesDiff(plan.previousValues, plan.values),
  ];
  return {
    kind: CNI_SET_KIND,
    target: { cluster: plan.cluster, kind: 'cni', name: 'cilium' },
    title: `Set the CNI layer of ${plan.cluster} to Cilium ${plan.toVersion}`,
    summary,
    diff,
    steps,
    maxParallel: 1,
    unit: 'CNI layers',
    canRollBack: false,
    plan,
  };
}

export const cniSetPlanner: ChangePlanner<CniSetPlan> = {
  kind: CNI_SET_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planCniSet,
};
