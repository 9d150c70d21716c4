import type { BootstrapInstructions } from '../node-bootstrap';
import { ssmCredentialsPart } from './credentials-part';
import { HOST_FILES } from './host-files';

export interface SsmRegistrationInput {
  /** The cluster's Kubernetes version (major.minor): what `nodeadm install` puts on the host. */
  kubernetesVersion: string;
  /** The Region of the activation (the cluster's). */
  region: string;
  activationId: string;
  activationCode: string;
}

const HEREDOC_END = 'EOF';

/**
 * Registration without joining (SSM): installs nodeadm's artifacts (with the SSM agent), leaves the
 * credentials part of the NodeConfig on the host for a pool's later `nodeadm init`, and registers the
 * agent, so the host becomes a managed instance the bot can reach, and nothing more.
 */
export function ssmRegistrationScript(input: SsmRegistrationInput): BootstrapInstructions {
  const part = ssmCredentialsPart({ activationId: input.activationId, activationCode: input.activationCode });
  const commands = [
    `nodeadm install ${input.kubernetesVersion} --credential-provider ssm`,
    `mkdir -p ${HOST_FILES.dir}`,
    // umask keeps the file, which holds the activation code, readable by root only.
    `(umask 077 && cat > ${HOST_FILES.credentials} <<'${HEREDOC_END}'`,
    ...part.trimEnd().split('\n'),
    HEREDOC_END,
    ')',
    `amazon-ssm-agent -register -code "${input.activationCode}" -id "${input.activationId}" -region "${input.region}" -y`,
    'systemctl restart amazon-ssm-agent',
  ];
  return {
    commands,
    notes: [
      'Run these commands as root on the host. They make it an SSM managed instance the bot can reach; it does not join the cluster yet: a pool does that later.',
      `The activation code (in ${HOST_FILES.credentials} and the register command) is a secret: it registers one host, once. Do not share it.`,
    ],
  };
}

export interface IamRaRegistrationInput {
  nodeName: string;
  certificatePath: string;
  privateKeyPath: string;
}

/**
 * Registration without joining (IAM Roles Anywhere): the bot cannot reach such a host, so the host is
 * only recorded; the requester places the certificate and key where the pool's NodeConfig will look.
 */
export function iamRaRegistrationInstructions(input: IamRaRegistrationInput): BootstrapInstructions {
  return {
    commands: [
      `install -d -m 0700 ${dirOf(input.certificatePath)}${dirOf(input.privateKeyPath) === dirOf(input.certificatePath) ? '' : ` ${dirOf(input.privateKeyPath)}`}`,
      `install -m 0644 server.pem ${input.certificatePath}`,
      `install -m 0600 server.key ${input.privateKeyPath}`,
    ],
    notes: [
      `Place the host's certificate at ${input.certificatePath} and its private key at ${input.privateKeyPath} (as root, from the directory holding them, e.g. with the commands below).`,
      `The certificate's CN must equal the node name ${input.nodeName}; otherwise IAM Roles Anywhere refuses the node.`,
      'Nothing joins the cluster yet: when a pool takes this host, you get the `nodeadm install` and `nodeadm init` commands privately.',
    ],
  };
}

function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at > 0 ? path.slice(0, at) : '/';
}
