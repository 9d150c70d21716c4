import type { Host } from './types';

/** Where the SSM agent records its registration; nodeadm init skips registering when it exists. */
export const SSM_REGISTRATION_FILE = '/var/lib/amazon/ssm/registration';

/** The agent's registration file, as it writes it: `{"ManagedInstanceID":"mi-…","Region":"…"}`. */
export function writeRegistration(host: Host, instanceId: string, region: string): void {
  host.files.set(SSM_REGISTRATION_FILE, JSON.stringify({ ManagedInstanceID: instanceId, Region: region }));
}

/** The managed-instance ID and region the host's agent is registered with, if it is. */
export function readRegistration(host: Host): { instanceId: string; region: string } | undefined {
  const text = host.files.get(SSM_REGISTRATION_FILE);
  if (text === undefined) return undefined;
  try {
    const r = JSON.parse(text) as { ManagedInstanceID?: string; Region?: string };
    return { instanceId: r.ManagedInstanceID ?? '', region: r.Region ?? '' };
  } catch {
    return { instanceId: '', region: '' };
  }
}

/** Removes a file, or with `recursive` everything under a directory too; true when something went. */
export function removePath(host: Host, path: string, recursive: boolean): boolean {
  let removed = host.files.delete(path);
  if (recursive) {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of [...host.files.keys()])
      if (p.startsWith(prefix)) removed = host.files.delete(p) || removed;
  }
  return removed;
}
