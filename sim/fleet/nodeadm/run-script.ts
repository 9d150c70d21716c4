import type { Fleet } from '../fleet';
import { joinNode, stopNode } from '../join-node';
import type { Host } from '../types';
import { drainRefusal } from './drain-check';
import { checkJoin } from './join-checks';
import { kubeletLabelError } from './kubelet-labels';
import { type NodeConfig, parseNodeConfig } from './node-config';
import { type NodeadmStep, parseScript, readConfigSource } from './script';
import { registerForInit } from './ssm-init';

export interface ScriptOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const SUPPORTED = /^1\.(2[6-9]|3[0-9])(\.\d+)?$/;

/** Runs the nodeadm commands of an AWS-RunShellScript on a host, stopping at the first failure as `set -e` would. */
export function runScript(fleet: Fleet, host: Host, commands: string[]): ScriptOutcome {
  const { steps, files } = parseScript(commands);
  const log = new NodeadmLog(fleet.now());
  for (const step of steps) {
    const fault = fleet.nodeadmFaults.get(host.name);
    const error = fault && fault.step === step.kind ? fault.message : runStep(fleet, host, step, files, log);
    if (error) {
      log.fatal(error);
      return { exitCode: 1, stdout: log.out.join('\n'), stderr: log.err.join('\n') };
    }
    if (step.kind !== 'other') fleet.effects.count(host.name, `nodeadm ${step.kind}`);
  }
  return { exitCode: 0, stdout: log.out.join('\n'), stderr: log.err.join('\n') };
}

function runStep(
  fleet: Fleet,
  host: Host,
  step: NodeadmStep,
  files: Map<string, string>,
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
      log.info('Installing kubelet, containerd, iptables and credential provider', { version: step.version });
      host.node = { ...host.node, installedVersion: step.version, credentialProvider: step.provider };
      log.info('Installation complete');
      return undefined;
    }
    case 'init':
      return init(fleet, host, step.configPath, files, log, undefined);
    case 'upgrade': {
      if (!step.version || !SUPPORTED.test(step.version))
        return `invalid Kubernetes version: ${step.version ?? ''}`;
      if (!host.node.nodeName) return 'node is not initialized: run nodeadm init before nodeadm upgrade';
      const notDrained = drainRefusal(fleet, host, 'upgrade');
      if (notDrained) return notDrained;
      return init(fleet, host, step.configPath, files, log, step.version);
    }
    case 'uninstall': {
      const notDrained = drainRefusal(fleet, host, 'uninstall');
      if (notDrained) return notDrained;
      log.info('Stopping kubelet and removing installed artifacts');
      stopNode(fleet, host);
      host.node = { ...host.node, installedVersion: undefined, credentialProvider: undefined };
      if (host.managedInstanceId) {
        log.info('Deregistering SSM managed instance', { instanceId: host.managedInstanceId });
        fleet.instances.delete(host.managedInstanceId);
        host.managedInstanceId = undefined;
      }
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
  files: Map<string, string>,
  log: NodeadmLog,
  upgradeTo: string | undefined,
): string | undefined {
  const version = upgradeTo ?? host.node.installedVersion;
  if (!version || !host.node.credentialProvider) return 'no credential process found in installed artifacts';
  log.info('Loading configuration', { configSource: source });
  const text = readConfigSource(source, files);
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
    const registered = registerForInit(fleet, host, config, log);
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

/** nodeadm logs as zap JSON lines. */
class NodeadmLog {
  readonly out: string[] = [];
  readonly err: string[] = [];
  constructor(private readonly now: Date) {}

  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.out.push(JSON.stringify({ level: 'info', ts: this.now.getTime() / 1000, msg, ...fields }));
  }

  fatal(error: string): void {
    this.err.push(
      JSON.stringify({
        level: 'fatal',
        ts: this.now.getTime() / 1000,
        caller: 'nodeadm/main.go:57',
        msg: 'Command failed',
        error,
      }),
    );
  }
}
