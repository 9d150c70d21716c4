import { stringify } from 'yaml';
import { CILIUM_CHART } from '../../domain/cni/cni-set-plan';
import type { Values } from '../../domain/cni/helm-values';

export interface HelmCommandInput {
  cluster: string;
  changeId: string;
  version: string;
  values: Values;
  /** Set on a minor upgrade: the minor upgraded from (`--set upgradeCompatibility=…`). */
  upgradeCompatibility?: string;
}

/** The values file as `helm -f` reads it. */
export function valuesFile(input: HelmCommandInput): string {
  return `# Cilium ${input.version} on ${input.cluster}: change ${input.changeId}. Pass all of it on every upgrade.\n${stringify(input.values)}`;
}

/** Cilium's upgrade guide: a preflight release pre-pulls the new images and checks the cluster first. */
export function helmCommands(input: HelmCommandInput): string[] {
  const { version } = input;
  const preflight = input.upgradeCompatibility
    ? [
        `helm install cilium-preflight ${CILIUM_CHART} --version ${version} -n kube-system --set preflight.enabled=true --set agent=false --set operator.enabled=false`,
        'kubectl -n kube-system rollout status daemonset/cilium-pre-flight-check   # wait until it is ready',
        'helm delete cilium-preflight -n kube-system',
      ]
    : [];
  const compat = input.upgradeCompatibility
    ? ` --set upgradeCompatibility=${input.upgradeCompatibility}`
    : '';
  return [
    ...preflight,
    `helm upgrade --install cilium ${CILIUM_CHART} --version ${version} -n kube-system -f values.yaml${compat}`,
  ];
}

/** The comment that goes with the values file, in the requester's direct messages only. */
export function helmCommandComment(input: HelmCommandInput): string {
  return [
    `Change ${input.changeId} on *${input.cluster}*: Cilium isn't managed by Flux there, so apply it yourself. Save the attached file as \`values.yaml\` and run, against ${input.cluster}:`,
    `\`\`\`${helmCommands(input).join('\n')}\`\`\``,
    'The change watches the cluster and finishes once the cilium DaemonSet and operator run the new version on hybrid nodes only.',
  ].join('\n');
}
