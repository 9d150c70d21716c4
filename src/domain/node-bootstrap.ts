import { HOST_FILES } from './hosts/host-files';

export type CredentialProvider = 'ssm' | 'iam-ra';

export interface BootstrapInput {
  kubernetesVersion: string;
  credentialProvider: CredentialProvider;
  nodeConfigYaml: string;
  /** For IAM Roles Anywhere: the node name the certificate's CN must equal. */
  nodeName?: string;
}

export interface BootstrapInstructions {
  /** Shell lines, run as root on the host, in order. */
  commands: string[];
  /** Plain-words steps and warnings shown above the commands. */
  notes: string[];
}

/** Where every host's NodeConfig lives, pool-joined or not: day-two tools (`host debug`) find it there. */
export const NODE_CONFIG_FILE = HOST_FILES.nodeConfig;
const HEREDOC_END = 'NODECONFIG_EOF';

/** The commands an operator runs on an edge host to install nodeadm and join the cluster. */
export function bootstrapScript(input: BootstrapInput): BootstrapInstructions {
  const yaml = input.nodeConfigYaml.endsWith('\n') ? input.nodeConfigYaml : `${input.nodeConfigYaml}\n`;
  const commands = [
    `nodeadm install ${input.kubernetesVersion} --credential-provider ${input.credentialProvider}`,
    // umask keeps the file (which may hold an activation code) readable by root only.
    `mkdir -p ${HOST_FILES.dir}`,
    `(umask 077 && cat > ${NODE_CONFIG_FILE} <<'${HEREDOC_END}'`,
    ...yaml.trimEnd().split('\n'),
    HEREDOC_END,
    ')',
    `nodeadm init -c file://${NODE_CONFIG_FILE}`,
  ];
  return { commands, notes: notesFor(input) };
}

function notesFor(input: BootstrapInput): string[] {
  const common = 'Run these commands as root on the host; it must reach the cluster endpoint on TCP 443.';
  if (input.credentialProvider === 'ssm') {
    return [
      common,
      `The activation code in ${NODE_CONFIG_FILE} is a secret: it registers one host, once. Do not share it.`,
    ];
  }
  const name = input.nodeName ?? `the nodeName in ${NODE_CONFIG_FILE}`;
  return [
    common,
    `The host certificate's CN must equal the node name ${name}; otherwise IAM Roles Anywhere refuses the node.`,
    `Place the certificate and private key at the certificatePath and privateKeyPath given in ${NODE_CONFIG_FILE}.`,
  ];
}
