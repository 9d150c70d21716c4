import { EKSClient } from '@aws-sdk/client-eks';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudClients, ClusterClients, Eks, Kube, Ssm } from '../../cloud-ports';
import { BotError, ErrorCode } from '../../errors';
import type { BotMetrics } from '../../metrics-ports';
import { createKube } from '../kube/kube-adapter';
import { EksTokenSource } from '../kube/token-source';
import { measuredMethods } from '../metrics/measured-methods';
import { type MeasurableClient, measureAwsCalls } from './aws-call-metrics';
import { awsError } from './aws-errors';
import type { AwsPacer } from './aws-pacer';
import {
  type AwsCredentials,
  assumeRoleCredentials,
  type CredentialProvider,
  toProvider,
} from './credentials';
import { createEks } from './eks-adapter';
import { createSsm } from './ssm-adapter';
import { type Env, stsEndpointFor } from './sts-endpoint';

export interface CloudClientsOptions {
  /**
   * One endpoint for EKS, SSM and STS (the simulator). Without it the SDK reads AWS_ENDPOINT_URL and
   * AWS_ENDPOINT_URL_EKS / _SSM / _STS itself, else uses AWS's own endpoints.
   */
  endpoint?: string;
  /** Base credentials; without them the SDK's default chain (environment, profile, instance role…). */
  credentials?: AwsCredentials | CredentialProvider;
  /** Attempts per AWS call, retries of throttling and 5xx included. Default 5. */
  maxAttempts?: number;
  /** Read for the STS endpoint the Kubernetes tokens are signed for. Default process.env. */
  env?: Env;
  /**
   * Paces CreateActivation at the rate it learns from throttles, shared by every worker (Redis).
   * Without it CreateActivation is paced as every other call: by the SDK's adaptive mode, per client.
   */
  pacer?: AwsPacer;
  /** The clock EKS tokens are signed and aged with. */
  now?: () => number;
  /** How long an EKS token is used before a new one is signed. Default 10 minutes. */
  tokenRefreshMs?: number;
  /** Counts and times every AWS attempt and Kubernetes call. */
  metrics?: BotMetrics;
}

interface Session {
  region: string;
  eks: EKSClient;
  ssm: SSMClient;
  /** CreateActivation's client when paced: no SDK retries, each attempt goes through the pacer. */
  pacedSsm?: SSMClient;
  sts: STSClient;
  credentials: CredentialProvider;
  stsEndpoint: string;
  /**
   * The EKS and SSM ports over those clients, made once per region and role: they name no cluster,
   * and each is some dozens of closures, which a monitor of a thousand clusters held a thousand times.
   */
  eksPort?: Eks;
  ssmPort?: Ssm;
}

const HTTP = { requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } };

/** The composition root's one source of AWS and Kubernetes clients; SDK clients are shared per region and role. */
export function createCloudClients(options: CloudClientsOptions = {}): CloudClients {
  const env = options.env ?? process.env;
  const maxAttempts = options.maxAttempts ?? 5;
  const endpoint = options.endpoint ? { endpoint: options.endpoint } : {};
  const baseCredentials = options.credentials ? { credentials: toProvider(options.credentials) } : {};
  const baseSts = new Map<string, STSClient>();
  const sessions = new Map<string, Session>();
  const clusters = new Map<string, ClusterClients & { close(): void }>();

  const measured = <C extends EKSClient | SSMClient | STSClient>(
    client: C,
    service: 'eks' | 'ssm' | 'sts',
  ) => {
    // The three clients' stacks differ only in their commands' types, which the counting never reads.
    if (options.metrics) measureAwsCalls(client as unknown as MeasurableClient, service, options.metrics);
    return client;
  };

  const stsFor = (region: string) => {
    let sts = baseSts.get(region);
    if (!sts) {
      sts = measured(new STSClient({ region, maxAttempts, ...endpoint, ...baseCredentials, ...HTTP }), 'sts');
      baseSts.set(region, sts);
    }
    return sts;
  };

  const session = (region: string, roleArn: string | undefined): Session => {
    const key = `${region} ${roleArn ?? ''}`;
    const found = sessions.get(key);
    if (found) return found;
    const base = stsFor(region);
    const credentials: CredentialProvider = roleArn
      ? assumeRoleCredentials(base, roleArn)
      : (baseCredentials.credentials ?? (() => base.config.credentials({})));
    const common = { region, maxAttempts, credentials, ...endpoint, ...HTTP };
    const made: Session = {
      region,
      // Adaptive mode: after a throttle the SDK limits the client's own sending rate and learns it back up.
      eks: measured(new EKSClient({ ...common, retryMode: 'adaptive' }), 'eks'),
      ssm: measured(new SSMClient({ ...common, retryMode: 'adaptive' }), 'ssm'),
      // Bulk registrations make CreateActivation the one API the bot drives at the account's limit. The
      // SDK's limiter reached 0.8 of it there (per process, and shared by all of SSM's calls of the
      // client), so its attempts go one at a time through the shared pacer instead.
      ...(options.pacer
        ? { pacedSsm: measured(new SSMClient({ ...common, maxAttempts: 1, retryMode: 'standard' }), 'ssm') }
        : {}),
      sts: roleArn ? measured(new STSClient(common), 'sts') : base,
      credentials,
      stsEndpoint: stsEndpointFor(region, base, options.endpoint, env),
    };
    sessions.set(key, made);
    return made;
  };

  return {
    forCluster: (cluster) => {
      const key = `${cluster.name} ${cluster.region} ${cluster.roleArn ?? ''}`;
      const found = clusters.get(key);
      if (found) return found;
      const s = session(cluster.region, cluster.roleArn);
      s.eksPort ??= createEks(s.eks, cluster.region);
      s.ssmPort ??= createSsm(
        s.ssm,
        cluster.region,
        options.pacer && s.pacedSsm
          ? {
              client: s.pacedSsm,
              pacer: options.pacer,
              // AWS keeps a bucket per account and Region; the role names the account.
              api: `${cluster.region} ${cluster.roleArn ?? 'default'} ssm:CreateActivation`,
              maxAttempts,
            }
          : undefined,
      );
      const eks = s.eksPort;
      const kube = createKube({
        clusterName: cluster.name,
        async connect() {
          const described = await eks.describeCluster(cluster.name);
          if (!described.endpoint || !described.caData) {
            throw new BotError(
              ErrorCode.Unavailable,
              `EKS cluster ${cluster.name} has no Kubernetes endpoint yet (status ${described.status}); the bot will try again.`,
            );
          }
          return described;
        },
        tokens: new EksTokenSource({
          clusterName: cluster.name,
          region: cluster.region,
          stsEndpoint: s.stsEndpoint,
          credentials: s.credentials,
          ...(options.now ? { now: options.now } : {}),
          ...(options.tokenRefreshMs !== undefined ? { refreshAfterMs: options.tokenRefreshMs } : {}),
        }),
      });
      const made = {
        eks,
        ssm: s.ssmPort,
        kube: options.metrics ? measuredKube(kube, options.metrics) : kube,
        async whoAmI() {
          try {
            const out = await s.sts.send(new GetCallerIdentityCommand({}));
            return { account: out.Account ?? '', arn: out.Arn ?? '' };
          } catch (err) {
            throw awsError(err, `Asking STS who the bot is in ${cluster.region}`);
          }
        },
        close() {
          kube.close();
        },
      };
      clusters.set(key, made);
      return made;
    },
    close: () => {
      for (const c of clusters.values()) c.close();
      for (const s of sessions.values()) {
        s.eks.destroy();
        s.ssm.destroy();
        s.pacedSsm?.destroy();
        if (s.sts !== baseSts.get(s.region)) s.sts.destroy();
      }
      for (const sts of baseSts.values()) sts.destroy();
      clusters.clear();
      sessions.clear();
      baseSts.clear();
    },
  };
}

/** Each method of the Kubernetes port is one operation (`listNodes`, `patchDaemonSet`…). */
function measuredKube(kube: ReturnType<typeof createKube>, metrics: BotMetrics): Kube {
  const { close: _close, ...api } = kube;
  return measuredMethods<Kube>(api, (operation, outcome, seconds) =>
    metrics.apiCall('kubernetes', 'kubernetes', operation, outcome, seconds),
  );
}
