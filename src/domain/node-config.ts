import { stringify } from 'yaml';

/** The NodeConfig nodeadm reads (node.eks.aws/v1alpha1), limited to the fields the bot renders. */
export interface NodeConfig {
  apiVersion: typeof NODE_CONFIG_API_VERSION;
  kind: 'NodeConfig';
  spec: {
    cluster: { name: string; region: string };
    hybrid: { ssm?: SsmHybridOptions; iamRolesAnywhere?: IamRolesAnywhereOptions };
    kubelet?: { config?: Record<string, unknown>; flags?: string[] };
    containerd?: { config?: string };
  };
}

export interface SsmHybridOptions {
  activationCode: string;
  activationId: string;
}

export interface IamRolesAnywhereOptions {
  nodeName: string;
  trustAnchorArn: string;
  profileArn: string;
  roleArn: string;
  certificatePath: string;
  privateKeyPath: string;
}

export type NodeCredential =
  | { kind: 'ssm'; activationId: string; activationCode: string }
  | {
      kind: 'iam-ra';
      nodeName: string;
      trustAnchorArn: string;
      profileArn: string;
      roleArn: string;
      certificatePath?: string;
      privateKeyPath?: string;
    };

export interface NodeConfigInput {
  clusterName: string;
  region: string;
  credential: NodeCredential;
  nodeLabels?: Record<string, string>;
  /** Each taint as kubelet takes it: `key=value:Effect` or `key:Effect`. */
  taints?: string[];
  kubeletConfig?: Record<string, unknown>;
  /** More kubelet flags (a cluster profile's), after the labels and taints flags. */
  kubeletFlags?: string[];
  /** Inline containerd TOML, imported by nodeadm's default containerd configuration. */
  containerdConfig?: string;
}

export const NODE_CONFIG_API_VERSION = 'node.eks.aws/v1alpha1';
/** nodeadm's defaults when iamRolesAnywhere leaves the paths empty. */
export const DEFAULT_CERTIFICATE_PATH = '/etc/iam/pki/server.pem';
export const DEFAULT_PRIVATE_KEY_PATH = '/etc/iam/pki/server.key';

export function renderNodeConfig(input: NodeConfigInput): NodeConfig {
  const config: NodeConfig = {
    apiVersion: NODE_CONFIG_API_VERSION,
    kind: 'NodeConfig',
    spec: {
      cluster: { name: input.clusterName, region: input.region },
      hybrid: renderHybrid(input.credential),
    },
  };
  const flags = [...kubeletFlags(input.nodeLabels, input.taints), ...(input.kubeletFlags ?? [])];
  const hasConfig = input.kubeletConfig !== undefined && Object.keys(input.kubeletConfig).length > 0;
  if (flags.length > 0 || hasConfig) {
    config.spec.kubelet = {
      ...(hasConfig ? { config: input.kubeletConfig } : {}),
      ...(flags.length > 0 ? { flags } : {}),
    };
  }
  if (input.containerdConfig) config.spec.containerd = { config: input.containerdConfig };
  return config;
}

function renderHybrid(credential: NodeCredential): NodeConfig['spec']['hybrid'] {
  if (credential.kind === 'ssm') {
    return { ssm: { activationCode: credential.activationCode, activationId: credential.activationId } };
  }
  return {
    iamRolesAnywhere: {
      nodeName: credential.nodeName,
      trustAnchorArn: credential.trustAnchorArn,
      profileArn: credential.profileArn,
      roleArn: credential.roleArn,
      certificatePath: credential.certificatePath ?? DEFAULT_CERTIFICATE_PATH,
      privateKeyPath: credential.privateKeyPath ?? DEFAULT_PRIVATE_KEY_PATH,
    },
  };
}

function kubeletFlags(labels: Record<string, string> | undefined, taints: string[] | undefined): string[] {
  const flags: string[] = [];
  // Sorted so the same pool always renders the same bytes (plans are hashed).
  const labelPairs = Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`);
  if (labelPairs.length > 0) flags.push(`--node-labels=${labelPairs.join(',')}`);
  if (taints !== undefined && taints.length > 0) flags.push(`--register-with-taints=${taints.join(',')}`);
  return flags;
}

export function nodeConfigYaml(config: NodeConfig): string {
  return stringify(config, { lineWidth: 0 });
}
