/** One indented line per problem: `  clusters[0].remoteNodeNetworks[0]: must be an IPv4 CIDR …`. */
export function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `  ${formatPath(i.path) || '(top level)'}: ${i.message}`).join('\n');
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
