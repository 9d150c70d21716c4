import { nodeLabelProblems, taintProblem } from './kubernetes-labels';
import { NODE_CONFIG_API_VERSION } from './node-config';

/** nodeadm's own checks on a NodeConfig, beyond the CRD schema (aws/eks-hybrid validation rules). */
export const ACTIVATION_CODE_PATTERN = /^.{20,250}$/;
export const ACTIVATION_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NODE_NAME_MAX_LENGTH = 64;
export const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/;

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Returns one line per problem; an empty list means nodeadm would accept the config. */
export function validateNodeConfig(config: unknown): string[] {
  if (!isObject(config)) return ['The NodeConfig is not an object: render it again from the host record.'];
  const problems: string[] = [];
  if (config.apiVersion !== NODE_CONFIG_API_VERSION) {
    problems.push(`apiVersion must be ${NODE_CONFIG_API_VERSION}, found ${String(config.apiVersion)}.`);
  }
  if (config.kind !== 'NodeConfig') problems.push(`kind must be NodeConfig, found ${String(config.kind)}.`);
  const spec = isObject(config.spec) ? config.spec : {};
  const cluster = isObject(spec.cluster) ? spec.cluster : {};
  if (!nonEmptyString(cluster.name))
    problems.push('spec.cluster.name is required: set the EKS cluster name.');
  if (!nonEmptyString(cluster.region)) {
    problems.push('spec.cluster.region is required: set the AWS Region of the cluster.');
  }
  problems.push(...hybridProblems(isObject(spec.hybrid) ? spec.hybrid : {}));
  problems.push(...kubeletProblems(spec.kubelet));
  return problems;
}

function hybridProblems(hybrid: Obj): string[] {
  const hasSsm = hybrid.ssm !== undefined;
  const hasIamRa = hybrid.iamRolesAnywhere !== undefined;
  if (hasSsm && hasIamRa) {
    return ['spec.hybrid has both ssm and iamRolesAnywhere: keep exactly one credential provider.'];
  }
  if (!hasSsm && !hasIamRa) {
    return ['spec.hybrid needs exactly one of ssm or iamRolesAnywhere: choose a credential provider.'];
  }
  return hasSsm ? ssmProblems(hybrid.ssm) : iamRaProblems(hybrid.iamRolesAnywhere);
}

function ssmProblems(ssm: unknown): string[] {
  const options = isObject(ssm) ? ssm : {};
  const problems: string[] = [];
  const code = options.activationCode;
  if (typeof code !== 'string' || !ACTIVATION_CODE_PATTERN.test(code)) {
    // Never echo the code: it is a secret.
    problems.push('spec.hybrid.ssm.activationCode must be 20 to 250 characters: issue a fresh activation.');
  }
  const id = options.activationId;
  if (typeof id !== 'string' || !ACTIVATION_ID_PATTERN.test(id)) {
    problems.push(
      `spec.hybrid.ssm.activationId must be a lowercase UUID, found "${String(id ?? '')}": copy it from CreateActivation.`,
    );
  }
  return problems;
}

function iamRaProblems(iamRa: unknown): string[] {
  const options = isObject(iamRa) ? iamRa : {};
  const problems: string[] = [];
  if (!nonEmptyString(options.nodeName)) {
    problems.push('spec.hybrid.iamRolesAnywhere.nodeName is required: use the CN of the host certificate.');
  } else if (options.nodeName.length > NODE_NAME_MAX_LENGTH) {
    problems.push(
      `spec.hybrid.iamRolesAnywhere.nodeName is ${options.nodeName.length} characters, at most ${NODE_NAME_MAX_LENGTH} allowed: use a shorter host name and certificate CN.`,
    );
  }
  for (const field of ['trustAnchorArn', 'profileArn', 'roleArn'] as const) {
    const value = options[field];
    if (!nonEmptyString(value)) {
      problems.push(
        `spec.hybrid.iamRolesAnywhere.${field} is required: set it in the cluster's iamRolesAnywhere config.`,
      );
    } else if (!ARN_PATTERN.test(value)) {
      problems.push(
        `spec.hybrid.iamRolesAnywhere.${field} "${value}" is not an ARN: use the full arn:aws:... form.`,
      );
    }
  }
  return problems;
}

function kubeletProblems(kubelet: unknown): string[] {
  if (!isObject(kubelet) || kubelet.flags === undefined) return [];
  const flags = kubelet.flags;
  if (!Array.isArray(flags) || flags.some((flag) => typeof flag !== 'string')) {
    return ['spec.kubelet.flags must be a list of strings.'];
  }
  return (flags as string[]).flatMap(flagProblems);
}

function flagProblems(flag: string): string[] {
  if (flag === '--hostname-override' || flag.startsWith('--hostname-override=')) {
    return [
      'spec.kubelet.flags must not set --hostname-override: nodeadm names the node itself; remove the flag.',
    ];
  }
  // kubelet refuses to start on a bad label or taint, long after the bot could have said so.
  const labels = flag.match(/^--node-labels=(.*)$/);
  if (labels) {
    const pairs = (labels[1] ?? '').split(',').filter(Boolean);
    return nodeLabelProblems(Object.fromEntries(pairs.map((pair) => splitOnce(pair, '='))));
  }
  const taints = flag.match(/^--register-with-taints=(.*)$/);
  if (taints) {
    return (taints[1] ?? '')
      .split(',')
      .filter(Boolean)
      .flatMap((taint) => taintProblem(taint) ?? []);
  }
  return [];
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
