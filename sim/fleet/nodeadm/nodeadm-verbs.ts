import type { Fleet } from '../fleet';
import { readRegistration, removePath, SSM_REGISTRATION_FILE } from '../host-files';
import { joinNode, stopNode } from '../join-node';
import { refreshNode } from '../node-health';
import type { Host } from '../types';
import { drainRefusal } from './drain-check';
import { checkJoin } from './join-checks';
import { kubeletLabelError } from './kubelet-labels';
import { type NodeConfig, parseNodeConfig } from './node-config';
import type { NodeadmLog } from './nodeadm-log';
import type { NodeadmStep } from './nodeadm-step';
import { registerForInit } from './ssm-init';

const SUPPORTED = /^1\.(2[6-9]|3[0-9])(\.\d+)?$/;
const CONTAINERD_SOURCES = ['distro', 'docker', 'none'];

/** Reads a `file://` config source on the host; undefined when there is no such file. */
export type ConfigReader = (source: string | undefined) => string | undefined;

/**
 * Runs one nodeadm command on a host, as nodeadm does it: an injected fault for this host and verb
 * fails it with its message; a successful run is counted in the host's effects. Returns the error.
 */
export function runNodeadm(
  fleet: Fleet,
  host: Host,
  step: NodeadmStep,
  readConfig: ConfigReader,
  log: NodeadmLog,
): string | undefined {
  const fault = fleet.nodeadmFaults.get(host.name);
  const faulted = fault && fault.step === step.kind;
  const error = faulted && !fault.notReady ? fault.message : runStep(fleet, host, step, readConfig, log);
  if (error) log.fatal(error);
  else if (step.kind !== 'other') fleet.effects.count(host.name, `nodeadm ${step.kind}`);
  if (!error && faulted && fault.notReady && host.node.nodeName) {
    // nodeadm is done, but the node never reports Ready again (its kubelet or CNI is broken).
    const name = host.node.nodeName;
    for (const cluster of fleet.clusters.values()) {
      if (!cluster.store.get('nodes', name)) continue;
      fleet.forcedNotReady.add(`${cluster.name}/${name}`);
      refreshNode(fleet, cluster, name);
    }
    fleet.notReadyByFault.add(name);
  }
  return error;
}

function runStep(
  fleet: Fleet,
  host: Host,
  step: NodeadmStep,
  readConfig: ConfigReader,
  log: NodeadmLog,
): string | undefined {
  switch (step.kind) {
    case 'install': {
      if (!step.provider) return '--credential-provider is a required flag. Allowed values are ssm & iam-ra';
      if (step.provider !== 'ssm' && step.provider !== 'iam-ra') {
        return 'invalid credential process provided. Valid options are ssm and iam-ra';
      }
      if (!step.version || !SUPPORTED.test(step.version))
        return `invalid Kubernetes version: ${step.version ?? ''}`;
      if (step.containerdSource !== undefined && !CONTAINERD_SOURCES.includes(step.containerdSource)) {
        return `invalid containerd source: ${step.containerdSource}. Valid options are ${CONTAINERD_SOURCES.join(', ')}`;
      }
      log.info('Installing kubelet, containerd, iptables and credential provider', { version: step.version });
      host.node = { ...host.node, installedVersion: step.version, credentialProvider: step.provider };
      // The SSM agent comes with the ssm credential provider; amazon-ssm-agent is then on the PATH.
      if (step.provider === 'ssm') host.ssmAgentInstalled = true;
      log.info('Installation complete');
      return undefined;
    }
    case 'init':
      return init(fleet, host, step.configPath, readConfig, log, undefined);
    case 'upgrade': {
      if (!step.version || !SUPPORTED.test(step.version))
        return `invalid Kubernetes version: ${step.version ?? ''}`;
      if (!host.node.nodeName) return 'node is not initialized: run nodeadm init before nodeadm upgrade';
      const notDrained = drainRefusal(fleet, host, 'upgrade');
      if (notDrained) return notDrained;
      return init(fleet, host, step.configPath, readConfig, log, step.version);
    }
    case 'uninstall': {
      const notDrained = drainRefusal(fleet, host, 'uninstall');
      if (notDrained) return notDrained;
      log.info('Stopping kubelet and removing installed artifacts');
      stopNode(fleet, host);
      const ssm = host.node.credentialProvider === 'ssm' || host.ssmAgentInstalled;
      host.node = { ...host.node, installedVersion: undefined, credentialProvider: undefined };
      if (ssm) uninstallSsm(fleet, host, log);
      log.info('Uninstall complete');
      return undefined;
    }
    case 'other':
      return undefined;
  }
}

function init(
  fleet: Fleet,
  host: Host,
  source: string | undefined,
  readConfig: ConfigReader,
  log: NodeadmLog,
  upgradeTo: string | undefined,
): string | undefined {
  const version = upgradeTo ?? host.node.installedVersion;
  if (!version || !host.node.credentialProvider) return 'no credential process found in installed artifacts';
  log.info('Loading configuration', { configSource: source });
  const text = readConfig(source);
  if (text === undefined)
    return `failed to load configuration: open ${source?.replace('file://', '') ?? ''}: no such file or directory`;
  const parsed = parseNodeConfig(text);
  if (!parsed.ok) return parsed.error;
  const config: NodeConfig = parsed.config;
  if (config.provider !== host.node.credentialProvider) {
    return `credential provider in NodeConfig (${config.provider}) does not match installed artifacts (${host.node.credentialProvider})`;
  }
  log.info('Validating configuration');
  // As nodeadm does, credentials come first: an SSM host is registered even if a later check fails.
  let name = config.iamRolesAnywhere?.nodeName ?? '';
  if (config.ssm) {
    const registered = registerForInit(fleet, host, config, log, upgradeTo === undefined);
    if ('error' in registered) return registered.error;
    name = registered.instanceId;
  }
  const cluster = fleet.clusterIn(config.region, config.clusterName);
  const problem = checkJoin(fleet, cluster, config, host, version);
  if (problem || !cluster) return problem;
  log.info('Configuring kubelet', { nodeName: name });
  // kubelet refuses to start; nodeadm gives up waiting for it and the node never registers.
  const kubelet = kubeletLabelError(config.nodeLabels);
  if (kubelet) return `kubelet failed to start: ${kubelet}`;
  joinNode(fleet, cluster, host, {
    nodeName: name,
    provider: config.provider,
    version,
    labels: config.nodeLabels,
    taints: config.taints,
  });
  host.node.installedVersion = version;
  log.info(upgradeTo ? 'Upgrade complete' : 'done!', { nodeName: name });
  return undefined;
}

/**
 * nodeadm uninstall's SSM part: deregister the managed instance the agent's registration file names
 * (when SSM still lists it), remove the agent and its state under /var/lib/amazon/ssm. Other files on
 * the host (/etc/hybrid-bot among them) stay.
 */
function uninstallSsm(fleet: Fleet, host: Host, log: NodeadmLog): void {
  const registration = readRegistration(host);
  if (!registration) {
    log.info('Skipping SSM deregistration - node is not registered');
  } else if (fleet.instances.has(registration.instanceId)) {
    log.info('Deregistering SSM managed instance', { instanceId: registration.instanceId });
    fleet.instances.delete(registration.instanceId);
  }
  host.managedInstanceId = undefined;
  removePath(host, SSM_REGISTRATION_FILE.slice(0, SSM_REGISTRATION_FILE.lastIndexOf('/')), true);
  host.ssmAgentInstalled = false;
}
