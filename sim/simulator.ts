import { ApiCalls } from './aws/api-calls';
import { type AwsServerOptions, type RunningServer, startAwsServer } from './aws/aws-server';
import { eksService } from './aws/eks/eks-service';
import { RateLimits } from './aws/rate-limits';
import { ssmService } from './aws/ssm/ssm-service';
import { stsService } from './aws/sts/sts-service';
import type { Clock } from './clock';
import { FaultRegistry } from './faults';
import { addHosts } from './fleet/add-hosts';
import { buildCluster } from './fleet/build-cluster';
import { addHybridNodes, buildBulk, type HybridNodesSpec } from './fleet/bulk';
import { Fleet } from './fleet/fleet';
import { kubeletVersion } from './fleet/kube-versions';
import type { Cluster } from './fleet/types';
import { Identities } from './identities';
import { startKubeApiServer } from './kube/api-server';
import { createCertificateAuthority } from './kube/certificate-authority';
import { eksAuthenticator } from './kube-auth';
import type { BulkSpec, ClusterSpec, HostSpec, Scenario } from './scenario/schema';
import { type FakeSlack, startFakeSlack } from './slack/fake-slack';

export interface SimulatorParts {
  scenario: Scenario;
  clock: Clock;
  host: string;
  nodeReadyDelayMs?: number;
}

/** The running simulator's moving parts: the fleet, its clusters' API servers, the fake Slack and the faults. */
export class Simulator {
  readonly faults = new FaultRegistry();
  readonly apiCalls = new ApiCalls();
  readonly rateLimits: RateLimits;
  readonly identities: Identities;
  readonly fleet: Fleet;
  private readonly tls: { certPem: string; keyPem: string };
  private readonly kubeServers = new Map<string, { close(): Promise<void> }>();
  slack?: FakeSlack;
  aws?: RunningServer;

  constructor(private readonly parts: SimulatorParts) {
    const ca = createCertificateAuthority();
    this.tls = ca.issueServerCertificate([parts.host, '127.0.0.1', 'localhost']);
    const s = parts.scenario;
    this.identities = new Identities(s.account);
    for (const c of s.credentials) this.identities.addUser(c.accessKeyId, c.secretAccessKey);
    this.rateLimits = new RateLimits(parts.clock);
    for (const [api, limit] of Object.entries(s.rateLimits)) this.rateLimits.set(api, limit);
    this.fleet = new Fleet({
      account: s.account,
      clock: parts.clock,
      caPem: ca.caCertPem,
      nodeReadyDelayMs: parts.nodeReadyDelayMs ?? s.nodeReadyDelayMs,
      commandStepMs: s.commandStepMs,
      invocationVisibilityMs: s.invocationVisibilityMs,
      addonUpdateMs: s.addonUpdateMs,
      nodeadmMs: {
        install: s.nodeadmInstallMs,
        init: s.nodeadmInitMs,
        upgrade: s.nodeadmUpgradeMs,
        uninstall: s.nodeadmUninstallMs,
      },
      hostRebootMs: s.hostRebootMs,
    });
    for (const site of s.sites) this.fleet.sites.set(site.name, site.cidr);
    addHosts(this.fleet, s.hosts);
    this.faults.onChange(() => this.slack?.setFault(this.faults.faultFor('slack')));
  }

  async start(o: { port: number; slackPort?: number; control: AwsServerOptions['control'] }): Promise<void> {
    this.slack = await startFakeSlack({ host: this.parts.host, port: o.slackPort ?? 0 });
    await this.addClusters(this.parts.scenario.clusters);
    if (this.parts.scenario.bulk) await this.addBulk(this.parts.scenario.bulk);
    this.aws = await startAwsServer({
      services: [
        eksService(this.fleet),
        ssmService(this.fleet),
        stsService({ identities: this.identities, clock: this.parts.clock }),
      ],
      faults: this.faults,
      calls: this.apiCalls,
      rateLimits: this.rateLimits,
      accountOf: (key) => this.identities.identityOf(key).arn.split(':')[4] ?? '',
      control: o.control,
      host: this.parts.host,
      port: o.port,
    });
  }

  async addClusters(specs: ClusterSpec[]): Promise<Cluster[]> {
    const taken = specs.find((s) => this.fleet.clusters.has(s.name));
    if (taken) throw new Error(`a cluster named ${taken.name} already exists`);
    const clusters = specs.map((spec) => buildCluster(this.fleet, spec));
    await Promise.all(clusters.map((c) => this.serve(c)));
    return clusters;
  }

  async addBulk(spec: BulkSpec): Promise<Cluster[]> {
    const clusters = buildBulk(this.fleet, spec);
    await Promise.all(clusters.map((c) => this.serve(c)));
    return clusters;
  }

  addHosts(specs: HostSpec[]): void {
    addHosts(this.fleet, specs);
  }

  addHybridNodes(clusterName: string, spec: HybridNodesSpec): number {
    const cluster = this.fleet.clusters.get(clusterName);
    if (!cluster) throw new Error(`no cluster named ${clusterName}`);
    return addHybridNodes(this.fleet, cluster, spec).length;
  }

  private async serve(cluster: Cluster): Promise<void> {
    const server = await startKubeApiServer({
      clusterName: cluster.name,
      store: cluster.store,
      tls: this.tls,
      authenticate: eksAuthenticator(cluster.name, this.identities, this.parts.clock),
      faultFor: (operation) => this.faults.faultFor('kubernetes', operation === '*' ? undefined : operation),
      onRequest: (operation) => this.apiCalls.record('kubernetes', operation),
      host: this.parts.host,
      port: 0,
      kubernetesVersion: kubeletVersion(cluster.version).replace(/^v/, '').replace(/-.*$/, ''),
    });
    cluster.endpoint = server.url;
    this.kubeServers.set(cluster.name, server);
  }

  async close(): Promise<void> {
    this.fleet.close();
    await Promise.all([
      ...[...this.kubeServers.values()].map((s) => s.close()),
      this.aws?.close(),
      this.slack?.close(),
    ]);
  }
}
