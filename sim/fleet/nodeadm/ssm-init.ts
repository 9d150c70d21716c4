import type { Fleet } from '../fleet';
import { readRegistration, writeRegistration } from '../host-files';
import { registerHost } from '../ssm-registration';
import type { Host } from '../types';
import type { NodeConfig } from './node-config';

/**
 * nodeadm init's SSM step (internal/ssm): when the agent's registration file exists the host keeps that
 * registration ("SSM agent already registered, skipping registration"); otherwise it registers with the
 * NodeConfig's activation, with nodeadm's short errors for expired and invalid activations. The NodeConfig's
 * activation fields were validated before either way.
 */
export function registerForInit(
  fleet: Fleet,
  host: Host,
  config: NodeConfig,
  log: { info(msg: string, fields?: Record<string, unknown>): void },
  logSkip = true,
): { instanceId: string } | { error: string } {
  const registered = readRegistration(host);
  if (registered) {
    if (logSkip) log.info('SSM agent already registered, skipping registration');
    // The agent's registration outlived its managed instance (deregistered through the API): its
    // credentials no longer work, so the node cannot reach the cluster.
    if (!fleet.instances.has(registered.instanceId)) {
      return {
        error: `getting credentials from the SSM agent: managed instance ${registered.instanceId} is not registered with AWS SSM; register the host again with a new activation`,
      };
    }
    host.managedInstanceId = registered.instanceId;
    return { instanceId: registered.instanceId };
  }
  const { activationId, activationCode } = config.ssm!;
  log.info('Registering with SSM', { activationId });
  const r = registerHost(fleet, host, activationId, activationCode, config.region);
  if (r.ok) {
    writeRegistration(host, r.instance.instanceId, r.instance.region);
    fleet.effects.count(host.name, 'ssm-agent register');
    return { instanceId: r.instance.instanceId };
  }
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
