/** A host as a plan names it, with its site: `store12-edge-02 (store-12)`. */
export function hostAtSite(host: { name: string; site?: string | undefined }): string {
  return `${host.name} (${host.site ? host.site : 'no site'})`;
}

/** Whether two hosts stand at different sites (no site counts as one of its own). */
export function acrossSites(a: { site?: string | undefined }, b: { site?: string | undefined }): boolean {
  return (a.site ?? '') !== (b.site ?? '');
}

/** Hosts grouped under their sites: `store-12: h1, h2 · plant-3: h3`. */
export function hostsBySite(hosts: readonly { name: string; site?: string | undefined }[]): string {
  const bySite = new Map<string, string[]>();
  for (const h of hosts) {
    const site = h.site ? h.site : 'no site';
    bySite.set(site, [...(bySite.get(site) ?? []), h.name]);
  }
  return [...bySite].map(([site, names]) => `${site}: ${names.join(', ')}`).join(' · ');
}
