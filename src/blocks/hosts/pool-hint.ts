/** The two commands that put a registered host into a pool, with the host filled in. */
export function poolCommands(host: { name: string; cluster: string }): string {
  return `\`/hybrid pool create <pool> --cluster ${host.cluster} --profile <profile> --hosts ${host.name}\` or \`/hybrid pool add <pool> --hosts ${host.name}\``;
}
