import { stringify } from 'yaml';
import { assembleNodeConfigCommand, HOST_FILES } from '../hosts/host-files';
import { type NodeConfig, type NodeCredential, renderNodeConfig } from '../node-config';
import { renderProfileNodeConfig } from '../profiles';
import type { ClusterProfile } from '../profiles/profile';

export interface PoolNodeConfigInput {
  cluster: { name: string; region: string };
  profile: ClusterProfile;
  labels: Record<string, string>;
  taints: string[];
}

// Stands in for the host's credential while rendering; the part written to the host drops it.
const ABSENT: NodeCredential = { kind: 'ssm', activationId: '', activationCode: '' };

/**
 * The pool's part of a host's NodeConfig: everything but `spec.hybrid`, with `spec` last, so that
 * the credentials part registration left on the host (`spec.hybrid`, indented under `spec:`) can
 * be appended to it there. It holds no secret and may travel in a Run Command.
 */
export function poolNodeConfigPart(input: PoolNodeConfigInput): string {
  const full: NodeConfig = renderProfileNodeConfig({ ...input, credential: ABSENT });
  const { hybrid: _dropped, ...spec } = full.spec;
  return stringify({ apiVersion: full.apiVersion, kind: full.kind, spec }, { lineWidth: 0 });
}

/** The credentials part as registration writes it: `spec.hybrid`, indented as under `spec:`. */
export function credentialsPart(credential: NodeCredential): string {
  const { hybrid } = renderNodeConfig({ clusterName: '', region: '', credential }).spec;
  const lines = stringify({ hybrid }, { lineWidth: 0 }).trimEnd().split('\n');
  return `${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

const HEREDOC_END = 'POOL_NODECONFIG_EOF';

/** The Run Command that writes the pool's part and joins it with the credentials part, on the host. */
export function writePoolNodeConfigCommands(part: string): string[] {
  return [
    'set -e',
    `mkdir -p ${HOST_FILES.dir}`,
    `cat > ${HOST_FILES.poolConfig} <<'${HEREDOC_END}'`,
    ...part.trimEnd().split('\n'),
    HEREDOC_END,
    assembleNodeConfigCommand(),
  ];
}

/** `nodeadm init` on the NodeConfig joined on the host. */
export function poolInitCommand(): string {
  return `nodeadm init -c file://${HOST_FILES.nodeConfig}`;
}
