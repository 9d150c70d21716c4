import { findCluster } from './cluster-choice';
import { hostNameProblem } from './host-name';
import {
  checkKubeletSkew,
  isSupported,
  minorVersion,
  parseKubernetesVersion,
  unsupportedVersionMessage,
} from './kubernetes-version';
import { ipInAnyCidr, parseIpv4 } from './network';
import { NODE_NAME_MAX_LENGTH } from './node-config-rules';

export const ARCHITECTURES = ['amd64', 'arm64'] as const;
export const AUTH_METHODS = ['ssm', 'iam-ra'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** What a user typed or picked, before validation. */
export interface HostRegistrationRequest {
  name: string;
  cluster: string;
  site: string;
  ip: string;
  arch?: string;
  auth?: string;
  kubernetesVersion?: string;
  /** Join the cluster at once (`--join`): today's one-step bootstrap instead of registration only. */
  join?: boolean;
}

export interface ClusterInfo {
  name: string;
  hybridEnabled: boolean;
  remoteNodeNetworks: readonly string[];
  version: string;
  supportedVersions: readonly string[];
}

export interface HostRegistration {
  name: string;
  cluster: string;
  site: string;
  ip: string;
  arch: Architecture;
  auth: AuthMethod;
  /** major.minor, e.g. 1.31, as `nodeadm install` takes it. */
  kubernetesVersion: string;
  /** Set for `--join`: the bootstrap joins the cluster at once; otherwise a pool joins the host later. */
  join?: boolean;
  /** Set when a pool member registers again after a re-image: that pool's rollout joins it itself. */
  rejoinsPool?: string;
}

export type RegistrationField = Exclude<keyof HostRegistrationRequest, 'join'>;
export type FieldErrors = Partial<Record<RegistrationField, string>>;
export type RegistrationResult =
  | { ok: true; registration: HostRegistration }
  | { ok: false; errors: FieldErrors };

// A site becomes a node label value: Kubernetes label value syntax.
const SITE = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

export function validateHostRegistration(
  request: HostRegistrationRequest,
  clusters: readonly ClusterInfo[],
  existingHostNames: readonly string[],
): RegistrationResult {
  const errors: FieldErrors = {};
  const name = request.name.trim();
  const auth = (request.auth?.trim() || 'ssm') as AuthMethod;
  const arch = (request.arch?.trim() || 'amd64') as Architecture;
  const site = request.site.trim();
  const ip = request.ip.trim();

  const nameProblem = hostNameProblem(name);
  if (nameProblem) errors.name = nameProblem;
  else if (existingHostNames.includes(name)) {
    errors.name = `Host ${name} is already registered: pick another name, or deregister it first.`;
  } else if (auth === 'iam-ra' && name.length > NODE_NAME_MAX_LENGTH) {
    errors.name = `With IAM Roles Anywhere the host name is the node name, at most ${NODE_NAME_MAX_LENGTH} characters: use a shorter name.`;
  }
  if (!AUTH_METHODS.includes(auth))
    errors.auth = `Credential method "${auth}" is unknown: use ssm or iam-ra.`;
  if (!ARCHITECTURES.includes(arch)) errors.arch = `Architecture "${arch}" is unknown: use amd64 or arm64.`;
  if (!SITE.test(site)) {
    errors.site =
      site === ''
        ? 'A site is required (e.g. store-12).'
        : `Site "${site}" must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.`;
  }

  const parsedIp = parseIpv4(ip);
  if (!parsedIp.ok) errors.ip = parsedIp.problem;

  const found = findCluster(clusters, request.cluster.trim());
  let version: string | undefined;
  if (!found.ok) errors.cluster = found.message;
  else if (!found.cluster.hybridEnabled) {
    const { name: c } = found.cluster;
    errors.cluster = `Cluster ${c} is not enabled for hybrid nodes: run /hybrid doctor ${c} to see what is missing.`;
  } else {
    const { cluster } = found;
    if (parsedIp.ok && ipInAnyCidr(ip, cluster.remoteNodeNetworks) === undefined) {
      errors.ip = `${ip} is outside the remote node networks of ${cluster.name} (${cluster.remoteNodeNetworks.join(', ') || 'none'}): use an address inside them.`;
    }
    const versionCheck = checkVersion(request.kubernetesVersion?.trim() || cluster.version, cluster);
    if ('problem' in versionCheck) errors.kubernetesVersion = versionCheck.problem;
    else version = versionCheck.version;
  }

  if (Object.keys(errors).length > 0 || version === undefined) return { ok: false, errors };
  return {
    ok: true,
    registration: {
      name,
      cluster: request.cluster.trim(),
      site,
      ip,
      arch,
      auth,
      kubernetesVersion: version,
      ...(request.join ? { join: true } : {}),
    },
  };
}

function checkVersion(text: string, cluster: ClusterInfo): { version: string } | { problem: string } {
  const parsed = parseKubernetesVersion(text);
  if (!parsed.ok) return { problem: parsed.problem };
  const version = minorVersion(parsed.value);
  if (!isSupported(version, cluster.supportedVersions)) {
    return { problem: unsupportedVersionMessage(version, cluster.supportedVersions) };
  }
  const skew = checkKubeletSkew(version, cluster.version);
  return skew.result === 'ok' ? { version } : { problem: skew.message };
}

/** One line for the text form of the command: the problems in field order. */
export function describeFieldErrors(errors: FieldErrors): string {
  const order: RegistrationField[] = ['name', 'cluster', 'site', 'ip', 'arch', 'auth', 'kubernetesVersion'];
  return order
    .map((field) => errors[field])
    .filter((message): message is string => message !== undefined)
    .join(' ');
}

/**
 * The text form's required flags, said once with an example before any other check: without them the
 * field checks would list one error per missing flag, starting with an empty cluster name.
 */
export function missingFlagsMessage(
  request: HostRegistrationRequest,
  clusterNames: readonly string[],
): string | undefined {
  const missing = (['cluster', 'site', 'ip'] as const).filter((f) => request[f].trim() === '');
  if (missing.length === 0) return undefined;
  const name = request.name.trim() || 'edge-01';
  const flags = missing.map((f) => `--${f}`);
  const list = flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)}`;
  const example = `/hybrid host register ${name} --cluster ${request.cluster.trim() || clusterNames[0] || 'my-cluster'} --site ${request.site.trim() || 'store-12'} --ip ${request.ip.trim() || '10.80.1.11'}`;
  return `\`host register\` is missing ${list}: --cluster, --site and --ip are required. For example: \`${example}\`. Or type \`/hybrid host register\` alone for a form.`;
}
