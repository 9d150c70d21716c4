import { parse } from 'yaml';
import type { CredentialProvider } from '../types';

export interface NodeConfig {
  clusterName: string;
  region: string;
  provider: CredentialProvider;
  ssm?: { activationCode: string; activationId: string };
  iamRolesAnywhere?: { nodeName: string; roleArn: string; profileArn: string; trustAnchorArn: string };
  nodeLabels: Record<string, string>;
  taints: Array<{ key: string; value?: string; effect: string }>;
}

export type NodeConfigResult = { ok: true; config: NodeConfig } | { ok: false; error: string };

const ACTIVATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Decodes and validates a NodeConfig with nodeadm's own rules and wording (internal/node/hybrid/validator.go). */
export function parseNodeConfig(text: string): NodeConfigResult {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch (e) {
    return fail(`failed to load configuration: ${(e as Error).message.split('\n')[0]}`);
  }
  const [group, version] = String(doc.apiVersion ?? '').split('/');
  if (doc.kind !== 'NodeConfig') return fail(`failed to decode "${String(doc.kind ?? '')}" (wrong Kind)`);
  if (group !== 'node.eks.aws') return fail(`failed to decode "NodeConfig", unexpected group: ${group}`);
  if (version !== 'v1alpha1')
    return fail(`no kind "NodeConfig" is registered for version "${doc.apiVersion}"`);
  const spec = (doc.spec ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const cluster = spec.cluster ?? {};
  const hybrid = (spec.hybrid ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const flags = ((spec.kubelet?.flags as unknown[]) ?? []).map(String);
  if (!cluster.name) return fail('Name is missing in cluster configuration');
  if (!cluster.region) return fail('Region is missing in cluster configuration');
  const override = flags.find((f) => f.startsWith('--hostname-override'));
  if (override) {
    return fail(
      `hostname-override kubelet flag is not supported for hybrid nodes but found override: ${override.split('=')[1] ?? ''}`,
    );
  }
  const { ssm, iamRolesAnywhere: ira } = hybrid;
  if (!ssm && !ira)
    return fail('Either IAMRolesAnywhere or SSM must be provided for hybrid node configuration');
  if (ssm && ira)
    return fail('Only one of IAMRolesAnywhere or SSM must be provided for hybrid node configuration');
  const base = { clusterName: String(cluster.name), region: String(cluster.region), ...kubeletExtras(flags) };
  if (ssm) {
    const code = String(ssm.activationCode ?? '');
    const id = String(ssm.activationId ?? '');
    if (!code) return fail('ActivationCode is missing in hybrid ssm configuration');
    if (!id) return fail('ActivationID is missing in hybrid ssm configuration');
    if (!/^.{20,250}$/.test(code))
      return fail(`invalid ActivationCode format: ${mask(code)}. Must be 20-250 characters`);
    if (!ACTIVATION_ID.test(id))
      return fail(`invalid ActivationID format: ${id}. Must be in format: ${ACTIVATION_ID.source}`);
    return {
      ok: true,
      config: { ...base, provider: 'ssm', ssm: { activationCode: code, activationId: id } },
    };
  }
  const r = ira as Record<string, unknown>;
  if (!r.roleArn) return fail('RoleARN is missing in hybrid iam roles anywhere configuration');
  if (!r.profileArn) return fail('ProfileARN is missing in hybrid iam roles anywhere configuration');
  if (!r.trustAnchorArn) return fail('TrustAnchorARN is missing in hybrid iam roles anywhere configuration');
  const nodeName = String(r.nodeName ?? '');
  if (!nodeName) return fail("NodeName can't be empty in hybrid iam roles anywhere configuration");
  if (nodeName.length > 64)
    return fail("NodeName can't be longer than 64 characters in hybrid iam roles anywhere configuration");
  const iamRolesAnywhere = {
    nodeName,
    roleArn: String(r.roleArn),
    profileArn: String(r.profileArn),
    trustAnchorArn: String(r.trustAnchorArn),
  };
  return { ok: true, config: { ...base, provider: 'iam-ra', iamRolesAnywhere } };
}

/** `--node-labels=a=b,c=d` and `--register-with-taints=k=v:Effect` from the kubelet flags. */
function kubeletExtras(flags: string[]): Pick<NodeConfig, 'nodeLabels' | 'taints'> {
  const value = (name: string) =>
    flags
      .filter((f) => f.startsWith(`${name}=`))
      .flatMap((f) => f.slice(name.length + 1).split(','))
      .filter(Boolean);
  const nodeLabels = Object.fromEntries(
    value('--node-labels').map((kv) => [kv.split('=')[0] ?? kv, kv.split('=').slice(1).join('=')]),
  );
  const taints = value('--register-with-taints').map((t) => {
    const [kv = '', effect = 'NoSchedule'] = t.split(':');
    const [key = kv, val] = kv.split('=');
    return { key, ...(val ? { value: val } : {}), effect };
  });
  return { nodeLabels, taints };
}

/** The activation code is a secret: error text shows only its length. */
function mask(code: string): string {
  return `<${code.length} characters>`;
}

function fail(error: string): NodeConfigResult {
  return { ok: false, error };
}
