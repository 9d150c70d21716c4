/** Host name by node name, from the bot's inventory (SSM nodes are named after their mi-… instance). */
export type HostNames = Record<string, string>;

/** Maps each inventoried host's node (its managed instance, or itself for IAM Roles Anywhere) to its name. */
export function hostNamesOf(
  hosts: readonly {
    name: string;
    managedInstanceId?: string;
    node?: { name: string };
    deregistered: boolean;
  }[],
): HostNames {
  const names: HostNames = {};
  for (const host of hosts) {
    if (host.deregistered) continue;
    if (host.managedInstanceId) names[host.managedInstanceId] = host.name;
    if (host.node) names[host.node.name] = host.name;
  }
  return names;
}

/**
 * A node as people know it: "store12-edge-01 (mi-0abc…)" when the inventory names its host, the
 * host name alone when the node is named after it (IAM Roles Anywhere), else the node name.
 */
export function hostLabel(nodeName: string, names: HostNames | undefined): string {
  const host = names && Object.hasOwn(names, nodeName) ? names[nodeName] : undefined;
  if (host === undefined || host === nodeName) return nodeName;
  return `${host} (${nodeName})`;
}
