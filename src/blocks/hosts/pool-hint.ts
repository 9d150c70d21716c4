/**
 * The two commands that put a registered host into a pool, with the host filled in; the names still
 * to choose are placeholders, escaped as Slack needs them (`<pool>` alone would be read as a link).
 */
export function poolCommands(host: { name: string; cluster: string }): string {
  return `\`/hybrid pool create &lt;pool&gt; --cluster ${host.cluster} --profile &lt;profile&gt; --hosts ${host.name}\` or \`/hybrid pool add &lt;pool&gt; --hosts ${host.name}\``;
}
