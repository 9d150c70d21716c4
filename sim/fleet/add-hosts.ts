import type { HostSpec } from '../scenario/schema';
import type { Fleet } from './fleet';
import type { Host } from './types';

/** Adds edge hosts (not yet registered anywhere). */
export function addHosts(fleet: Fleet, specs: HostSpec[]): Host[] {
  const duplicate = specs.find((s) => fleet.hosts.has(s.name));
  if (duplicate) throw new Error(`a host named ${duplicate.name} already exists`);
  return specs.map((s) => {
    const host: Host = { ...s, node: { running: false }, files: new Map() };
    fleet.hosts.set(s.name, host);
    return host;
  });
}
