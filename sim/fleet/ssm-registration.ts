import type { Fleet } from './fleet';
import { managedInstanceId } from './ids';
import type { Host, ManagedInstance } from './types';

export type Registration =
  | { ok: true; instance: ManagedInstance }
  | { ok: false; code: string; message: string };

/**
 * What the SSM agent's `-register` does on a host: trade an activation for a managed-instance ID.
 * The activation's default instance name, IAM role and tags pass to the new managed instance.
 */
export function registerHost(
  fleet: Fleet,
  host: Host,
  activationId: string,
  activationCode: string,
  region?: string,
): Registration {
  const activation = fleet.activations.get(activationId);
  if (!activation || activation.code !== activationCode || (region && activation.region !== region)) {
    return failed('InvalidActivation', 'Activation ID or code is not valid.');
  }
  if (activation.expirationDate <= fleet.now()) return failed('ActivationExpired', 'Activation has expired.');
  if (activation.registrationsCount >= activation.registrationLimit) {
    return failed('InvalidActivation', 'Activation has reached its registration limit.');
  }
  activation.registrationsCount += 1;
  const now = fleet.now();
  const [platformName, platformVersion] = platformOf(host.os);
  const instance: ManagedInstance = {
    instanceId: managedInstanceId(),
    region: activation.region,
    activationId,
    iamRole: activation.iamRole,
    name: activation.defaultInstanceName,
    hostName: host.name,
    ipAddress: host.ip,
    platformName,
    platformVersion,
    pingStatus: fleet.downSites.has(host.site) ? 'ConnectionLost' : 'Online',
    registrationDate: now,
    lastPingDateTime: now,
    tags: new Map(activation.tags.map((t) => [t.Key, t.Value])),
  };
  fleet.instances.set(instance.instanceId, instance);
  host.managedInstanceId = instance.instanceId;
  return { ok: true, instance };
}

/** How the SSM agent words a failed registration in its log. */
export function agentRegistrationError(r: { code: string; message: string }): string {
  return `ERROR Registration failed due to error registering the instance with AWS SSM. ${r.code}: ${r.message}\n\tstatus code: 400`;
}

function failed(code: string, message: string): Registration {
  return { ok: false, code, message };
}

function platformOf(os: string): [string, string] {
  const [family = '', version = ''] = os.split('-');
  const names: Record<string, string> = {
    ubuntu: 'Ubuntu',
    rhel: 'Red Hat Enterprise Linux',
    al2023: 'Amazon Linux',
    amzn: 'Amazon Linux',
    bottlerocket: 'Bottlerocket',
  };
  return [names[family] ?? family, version || (family === 'al2023' ? '2023' : '')];
}
