import type { Fleet } from './fleet';
import { writeRegistration } from './host-files';
import { stopNode } from './join-node';
import { refreshNode } from './node-health';
import { NodeadmLog } from './nodeadm/nodeadm-log';
import { runNodeadm } from './nodeadm/nodeadm-verbs';
import { CONSOLE, runScript } from './nodeadm/run-script';
import { agentRegistrationError, registerHost } from './ssm-registration';
import type { Host } from './types';

export class OperatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface BootstrapInput {
  activationId?: string;
  activationCode?: string;
  /** A NodeConfig to run `nodeadm install` and `nodeadm init` with right away (IAM Roles Anywhere, or SSM in one go). */
  nodeConfig?: string;
  kubernetesVersion?: string;
}

export interface BootstrapResult {
  host: string;
  managedInstanceId?: string;
  nodeName?: string;
}

/**
 * What an operator does at the host: register the SSM agent with an activation, and/or run
 * nodeadm install + init with a NodeConfig. Failures carry the text the host would print.
 */
export function bootstrapHost(fleet: Fleet, name: string, input: BootstrapInput): BootstrapResult {
  const host = hostNamed(fleet, name);
  if (input.activationId || input.activationCode) {
    if (host.managedInstanceId && fleet.instances.has(host.managedInstanceId)) {
      throw new OperatorError(409, `host ${name} is already registered as ${host.managedInstanceId}`);
    }
    const r = registerHost(fleet, host, input.activationId ?? '', input.activationCode ?? '');
    if (!r.ok) throw new OperatorError(400, agentRegistrationError(r));
    // As `amazon-ssm-agent -register` leaves it: the agent installed and its registration file written.
    host.ssmAgentInstalled = true;
    writeRegistration(host, r.instance.instanceId, r.instance.region);
    fleet.effects.count(host.name, 'ssm-agent register');
  }
  if (input.nodeConfig) {
    // `nodeadm install <version> -p <provider>`, the NodeConfig saved as nodeConfig.yaml, `nodeadm init -c file://nodeConfig.yaml`.
    const provider = /iamRolesAnywhere:/.test(input.nodeConfig) ? 'iam-ra' : 'ssm';
    const path = `${CONSOLE.cwd}/nodeConfig.yaml`;
    const log = new NodeadmLog(fleet.now());
    const readConfig = (source: string | undefined) =>
      source === `file://${path}` ? host.files.get(path) : undefined;
    let failed = runNodeadm(
      fleet,
      host,
      { kind: 'install', version: input.kubernetesVersion ?? '', provider },
      readConfig,
      log,
    );
    if (!failed) {
      host.files.set(path, `${input.nodeConfig.replace(/\n$/, '')}\n`);
      failed = runNodeadm(fleet, host, { kind: 'init', configPath: `file://${path}` }, readConfig, log);
    }
    if (failed) throw new OperatorError(400, log.err.join('\n'));
  }
  if (!input.activationId && !input.nodeConfig) {
    throw new OperatorError(
      400,
      'give activationId and activationCode, or nodeConfig (with kubernetesVersion)',
    );
  }
  return { host: name, managedInstanceId: host.managedInstanceId, nodeName: liveNodeName(fleet, host) };
}

/**
 * Runs a script on a host as an operator would at its console: the same bash Run Command runs (the host's
 * nodeadm, amazon-ssm-agent, systemctl… and its files), so a bootstrap can be pasted as is. It runs at once:
 * the scenario's nodeadm durations apply to Run Command only.
 */
export async function runOnHost(fleet: Fleet, name: string, script: string) {
  const host = hostNamed(fleet, name);
  if (!script.trim()) throw new OperatorError(400, 'body must be {"script": "…"} with the commands to run');
  const outcome = await runScript(fleet, host, [script]);
  return {
    host: name,
    ...outcome,
    managedInstanceId: host.managedInstanceId,
    nodeName: liveNodeName(fleet, host),
  };
}

/**
 * The node the host's kubelet runs as, if it runs and its Node object exists: a host that left a pool
 * (`nodeadm uninstall`, its Node deleted) still remembers the name, but is no node of any cluster.
 */
export function liveNodeName(fleet: Fleet, host: Host): string | undefined {
  const { nodeName, clusterName, running } = host.node;
  if (!running || !nodeName || !clusterName) return undefined;
  return fleet.clusters.get(clusterName)?.store.get('nodes', nodeName) ? nodeName : undefined;
}

/**
 * Re-images a host as its operator would, with a new OS or appliance image: the disk is wiped, so
 * kubelet, nodeadm and the SSM agent are gone (a managed instance still registered loses its agent:
 * ConnectionLost). The address stays. The host then needs a new bootstrap to be reached again.
 */
export function reimageHost(fleet: Fleet, name: string, input: { os?: unknown }) {
  const host = hostNamed(fleet, name);
  if (input.os !== undefined && (typeof input.os !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(input.os))) {
    throw new OperatorError(400, 'body must be {} or {"os": "ubuntu-24.04"} (the OS of the new image)');
  }
  stopNode(fleet, host);
  const instance = host.managedInstanceId ? fleet.instances.get(host.managedInstanceId) : undefined;
  if (instance) instance.pingStatus = 'ConnectionLost';
  host.files.clear();
  host.ssmAgentInstalled = false;
  host.managedInstanceId = undefined;
  host.node = { running: false };
  host.faults?.clear();
  if (typeof input.os === 'string') {
    host.os = input.os;
    host.kernel = undefined;
  }
  return { host: name, os: host.os };
}

export function hostNamed(fleet: Fleet, name: string): Host {
  const host = fleet.hosts.get(name);
  if (!host) throw new OperatorError(404, `no host named ${name}`);
  return host;
}

/** Forces a node NotReady (or lets it report its own state again), wherever it is. */
export function setNodeReady(
  fleet: Fleet,
  nodeName: string,
  ready: boolean,
  clusterName?: string,
): { cluster: string; node: string } {
  for (const cluster of fleet.clusters.values()) {
    if (clusterName && cluster.name !== clusterName) continue;
    if (!cluster.store.get('nodes', nodeName)) continue;
    const key = `${cluster.name}/${nodeName}`;
    if (ready) fleet.forcedNotReady.delete(key);
    else fleet.forcedNotReady.add(key);
    refreshNode(fleet, cluster, nodeName);
    return { cluster: cluster.name, node: nodeName };
  }
  throw new OperatorError(404, `no node named ${nodeName}${clusterName ? ` in cluster ${clusterName}` : ''}`);
}

/**
 * A team relaxes (or tightens) a PodDisruptionBudget, as `kubectl patch pdb` would: its `maxUnavailable`
 * changes (and `minAvailable` goes), and its status follows its pods as the disruption controller keeps it.
 */
export function setBudget(
  fleet: Fleet,
  clusterName: string,
  namespace: string,
  name: string,
  maxUnavailable: number,
): { cluster: string; budget: string; maxUnavailable: number } {
  const cluster = fleet.clusters.get(clusterName);
  if (!cluster) throw new OperatorError(404, `no cluster named ${clusterName}`);
  if (!cluster.store.get('poddisruptionbudgets', name, namespace))
    throw new OperatorError(404, `no PodDisruptionBudget ${namespace}/${name} in cluster ${clusterName}`);
  cluster.store.update('poddisruptionbudgets', name, namespace, (pdb) => {
    delete pdb.spec.minAvailable;
    pdb.spec.maxUnavailable = maxUnavailable;
  });
  return { cluster: clusterName, budget: `${namespace}/${name}`, maxUnavailable };
}

/** A site loses (or regains) its link: its nodes go Unknown and its managed instances ConnectionLost. */
export function setSiteOutage(fleet: Fleet, site: string, down: boolean): { site: string; hosts: number } {
  const hosts = [...fleet.hosts.values()].filter((h) => h.site === site);
  if (hosts.length === 0 && !fleet.sites.has(site)) throw new OperatorError(404, `no site named ${site}`);
  if (down) fleet.downSites.add(site);
  else fleet.downSites.delete(site);
  for (const host of hosts) {
    const instance = host.managedInstanceId ? fleet.instances.get(host.managedInstanceId) : undefined;
    if (instance) instance.pingStatus = down ? 'ConnectionLost' : 'Online';
    const cluster = host.node.clusterName ? fleet.clusters.get(host.node.clusterName) : undefined;
    if (cluster && host.node.nodeName) refreshNode(fleet, cluster, host.node.nodeName);
  }
  return { site, hosts: hosts.length };
}
