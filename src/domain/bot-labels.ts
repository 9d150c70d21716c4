/** Node labels the bot sets on hybrid nodes (through nodeadm's --node-labels) and reads back. */
export const POOL_LABEL = 'hybrid-bot/pool';
export const SITE_LABEL = 'hybrid-bot/site';
/** Fallback for the site when a node was not labelled by the bot. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
