/**
 * Node labels the bot sets on hybrid nodes (through nodeadm's --node-labels) and reads back.
 * The prefix is the bot's own, outside kubernetes.io and k8s.io: kubelet refuses --node-labels in
 * those namespaces (bar a short allow-list) and the NodeRestriction admission plugin forbids
 * node-restriction.kubernetes.io, while a kubelet may set any other label on its own node.
 */
export const POOL_LABEL = 'hybrid-bot.io/pool';
export const SITE_LABEL = 'hybrid-bot.io/site';
/** Fallback for the site when a node was not labelled by the bot. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The labels a host's node carries from its first registration (kubelet sets them only then). */
export function hostNodeLabels(host: { site: string }): Record<string, string> {
  return host.site ? { [SITE_LABEL]: host.site } : {};
}
