import type { Fleet } from '../fleet';
import { registerHost } from '../ssm-registration';
import type { Host } from '../types';
import type { NodeConfig } from './node-config';

/**
 * nodeadm init's SSM step: register the host with the NodeConfig's activation unless it already is a
 * managed instance, with nodeadm's short errors for expired and invalid activations (internal/ssm/daemon.go).
 */
export function registerForInit(
  fleet: Fleet,
  host: Host,
  config: NodeConfig,
  log: { info(msg: string, fields?: Record<string, unknown>): void },
): { instanceId: string } | { error: string } {
  if (host.managedInstanceId && fleet.instances.has(host.managedInstanceId)) {
    return { instanceId: host.managedInstanceId };
  }
  const { activationId, activationCode } = config.ssm!;
  log.info('Registering with SSM', { activationId });
  const r = registerHost(fleet, host, activationId, activationCode, config.region);
  if (r.ok) return { instanceId: r.instance.instanceId };
  if (r.code === 'ActivationExpired')
    return { error: 'SSM activation expired. Please use a valid activation' };
  return { error: 'invalid SSM activation. Please use a valid activation code, activation id and region' };
}

/** The IAM role name a host's credentials carry: the activation's role (SSM) or the profile's role (IAM RA). */
export function hostRoleName(fleet: Fleet, host: Host, config: NodeConfig): string | undefined {
  if (config.iamRolesAnywhere) return config.iamRolesAnywhere.roleArn.split('/').pop();
  const instance = host.managedInstanceId ? fleet.instances.get(host.managedInstanceId) : undefined;
  return (instance?.iamRole ?? fleet.activations.get(config.ssm!.activationId)?.iamRole)?.split('/').pop();
}
