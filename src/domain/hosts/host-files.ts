/**
 * Where the bot's files live on an edge host. Registration leaves the credentials part of the
 * NodeConfig there (root only); a pool writes its own part (no secrets) through SSM Run Command
 * and the host joins the two, so the activation code never travels in a command's parameters.
 */
export const HOST_FILES = {
  dir: '/etc/hybrid-bot',
  /** `spec.hybrid` of the NodeConfig, indented as under `spec:`; written by the bootstrap, mode 600. */
  credentials: '/etc/hybrid-bot/credentials.yaml',
  /** The pool's NodeConfig without `spec.hybrid`, `spec` last; written by the bot. */
  poolConfig: '/etc/hybrid-bot/pool-nodeconfig.yaml',
  /** The two above joined on the host: what `nodeadm init -c file://…` reads. */
  nodeConfig: '/etc/hybrid-bot/nodeconfig.yaml',
} as const;

/** Shell that joins the pool's part and the credentials part into the NodeConfig, readable by root only. */
export function assembleNodeConfigCommand(): string {
  return `(umask 077 && cat ${HOST_FILES.poolConfig} ${HOST_FILES.credentials} > ${HOST_FILES.nodeConfig})`;
}
