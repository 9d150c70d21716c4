import { HOST_FILES } from '../hosts/host-files';

const HEREDOC_END = 'NODECONFIG_EOF';

/**
 * What the requester runs as root on an IAM Roles Anywhere host (the bot cannot reach it): the
 * pool's Kubernetes components, the whole NodeConfig (no secret in it: the host's certificate is
 * the credential), and the join.
 */
export function iamRaJoinCommands(input: {
  kubernetesVersion: string;
  containerdSource: string;
  nodeConfigYaml: string;
}): string[] {
  return [
    `nodeadm install ${input.kubernetesVersion} -p iam-ra -s ${input.containerdSource}`,
    `mkdir -p ${HOST_FILES.dir}`,
    `cat > ${HOST_FILES.nodeConfig} <<'${HEREDOC_END}'`,
    ...input.nodeConfigYaml.trimEnd().split('\n'),
    HEREDOC_END,
    `nodeadm init -c file://${HOST_FILES.nodeConfig}`,
  ];
}
