import { z } from 'zod';
import { INSTANCE_TYPES } from '../fleet/instance-types';
import { isIPv4, isIPv4Cidr } from '../fleet/ip';

const cidr = z.string().refine(isIPv4Cidr, { message: 'must be an IPv4 CIDR such as 10.80.0.0/16' });
const minorVersion = z.string().regex(/^\d+\.\d+$/, 'must be a Kubernetes minor version such as "1.31"');
const rfc1123 = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be an RFC 1123 name: lowercase letters, digits and "-"');

export const nodeGroupSchema = z.object({
  name: z.string().min(1),
  instanceType: z
    .string()
    .refine((t) => t in INSTANCE_TYPES, {
      message: `must be one of ${Object.keys(INSTANCE_TYPES).join(', ')}`,
    })
    .default('t3.xlarge'),
  diskSize: z.number().int().min(1).default(20),
  minSize: z.number().int().min(0).default(1),
  maxSize: z.number().int().min(1).optional(),
  desiredSize: z.number().int().min(0).optional(),
  status: z.string().default('ACTIVE'),
  labels: z.record(z.string(), z.string()).default({}),
});

export const clusterSchema = z.object({
  name: z
    .string()
    .regex(/^[0-9A-Za-z][A-Za-z0-9\-_]*$/, 'must be a valid EKS cluster name')
    .max(100),
  region: z.string().default('us-west-2'),
  version: minorVersion.default('1.31'),
  status: z.enum(['CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'UPDATING', 'PENDING']).default('ACTIVE'),
  authenticationMode: z.enum(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP']).default('API_AND_CONFIG_MAP'),
  vpcCidr: cidr.default('10.0.0.0/16'),
  serviceIpv4Cidr: cidr.default('172.20.0.0/16'),
  remoteNodeNetworks: z.array(cidr).min(1).optional(),
  remotePodNetworks: z.array(cidr).min(1).optional(),
  addons: z
    .array(
      z.object({
        name: z.string(),
        version: z.string(),
        status: z.string().default('ACTIVE'),
        /** The add-on's configuration values (JSON or YAML), applied at start as UpdateAddon would. */
        configurationValues: z.string().optional(),
      }),
    )
    .default([]),
  accessEntries: z
    .array(
      z.object({
        principalArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, 'must be an IAM role or user ARN'),
        type: z
          .enum(['STANDARD', 'EC2_LINUX', 'EC2_WINDOWS', 'FARGATE_LINUX', 'HYBRID_LINUX'])
          .default('STANDARD'),
        kubernetesGroups: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  nodeGroups: z.array(nodeGroupSchema).default([]),
  managementAgent: z
    .object({
      nodeGroup: z.string(),
      namespace: z.string().default('management-agent'),
      name: z.string().default('management-agent'),
    })
    .optional(),
  /** Flux's source- and helm-controller with their CRDs (HelmRelease v2, OCIRepository v1). */
  flux: z.boolean().default(false),
  /**
   * Cilium from AWS's chart, installed as the Helm release `cilium` in kube-system: by `helm` at start, or by
   * `flux` (an OCIRepository `cilium` in flux-system and a HelmRelease `cilium` in kube-system; implies flux).
   * `values` default to AWS's recommended hybrid values over the cluster's remotePodNetworks.
   */
  cilium: z
    .object({
      version: z
        .string()
        .regex(
          /^\d+\.\d+\.\d+(-\d+)?$/,
          'must be a Cilium version such as 1.17.6 or a chart tag such as 1.18.3-0',
        )
        .default('1.17.6'),
      owner: z.enum(['helm', 'flux']).default('helm'),
      values: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  /** Application Deployments, e.g. on hybrid nodes, so that drains have something to evict. */
  apps: z
    .array(
      z.object({
        name: rfc1123,
        namespace: rfc1123.default('default'),
        replicas: z.number().int().min(0).default(2),
        placement: z.enum(['hybrid', 'cloud', 'any']).default('hybrid'),
        /** A PodDisruptionBudget with this maxUnavailable, when set. */
        maxUnavailable: z.number().int().min(0).optional(),
      }),
    )
    .default([]),
});

export const hostSchema = z.object({
  name: rfc1123,
  site: z.string().min(1),
  ip: z.string().refine(isIPv4, { message: 'must be an IPv4 address' }),
  arch: z.enum(['amd64', 'arm64']).default('amd64'),
  os: z.string().default('ubuntu-22.04'),
  cpu: z.number().int().min(1).default(8),
  memoryGiB: z.number().int().min(1).default(32),
  diskGiB: z.number().int().min(1).default(200),
  /** `uname -r`; absent: the OS's stock kernel. */
  kernel: z
    .string()
    .regex(/^\d+\.\d+\.\d+\S*$/, 'must look like `uname -r` (e.g. 5.15.0-126-generic)')
    .optional(),
  /** `nodeadm --version`, e.g. v1.0.19. */
  nodeadmVersion: z
    .string()
    .regex(/^v?\d+\.\d+\.\d+\S*$/, 'must be a version like v1.0.19')
    .optional(),
});

const API_NAME = /^(ssm|eks|sts):[A-Z][A-Za-z]+$/;
const API_NAME_MESSAGE = 'must name an API as service:Action, e.g. ssm:CreateActivation';
/** `ssm:CreateActivation`, `eks:DescribeCluster`: the service's signing name and the API action. */
export const apiName = z.string().regex(API_NAME, API_NAME_MESSAGE);

export const rateLimitSchema = z.strictObject({
  /** Tokens added per second, up to burst. */
  ratePerSecond: z.number().positive().max(100_000),
  /** The bucket's size: requests that may go at once after a quiet spell. */
  burst: z.number().int().min(1).max(1_000_000),
});

export const bulkSchema = z.object({
  clusters: z.number().int().min(1).max(1000),
  namePrefix: z.string().default('bench'),
  hybridNodesPerCluster: z.number().int().min(0).max(50_000).default(0),
  sitesPerCluster: z.number().int().min(1).default(1),
  region: z.string().default('us-west-2'),
  version: minorVersion.default('1.31'),
  cilium: z.boolean().default(true),
  /** A node label that carries each hybrid node's site name, if wanted. */
  siteLabel: z.string().optional(),
});

export const scenarioSchema = z
  .object({
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account ID')
      .default('111122223333'),
    credentials: z
      .array(z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }))
      .default([{ accessKeyId: 'test', secretAccessKey: 'test' }]),
    nodeReadyDelayMs: z.number().int().min(0).default(0),
    commandStepMs: z.number().int().min(0).default(10),
    /** How long after SendCommand GetCommandInvocation still answers InvocationDoesNotExist, as SSM can. */
    invocationVisibilityMs: z.number().int().min(0).default(0),
    /** How long each nodeadm verb run through Run Command takes, on the simulator's clock. */
    nodeadmInstallMs: z.number().int().min(0).default(0),
    nodeadmInitMs: z.number().int().min(0).default(0),
    nodeadmUpgradeMs: z.number().int().min(0).default(0),
    nodeadmUninstallMs: z.number().int().min(0).default(0),
    /** How long a host is down when a Run Command reboots it (`exit 194`), on the simulator's clock. */
    hostRebootMs: z.number().int().min(0).default(0),
    /** How long UpdateAddon keeps an add-on UPDATING before it is ACTIVE again. */
    addonUpdateMs: z.number().int().min(0).default(20_000),
    /**
     * Per-API token buckets (per account and Region, as AWS throttles): an API listed here answers the
     * service's throttling error when its bucket is empty. None by default.
     */
    rateLimits: z
      .record(z.string(), rateLimitSchema)
      .superRefine((limits, ctx) => {
        for (const api of Object.keys(limits))
          if (!API_NAME.test(api)) ctx.addIssue({ code: 'custom', path: [api], message: API_NAME_MESSAGE });
      })
      .default({}),
    sites: z.array(z.object({ name: z.string().min(1), cidr })).default([]),
    hosts: z.array(hostSchema).default([]),
    clusters: z.array(clusterSchema).default([]),
    bulk: bulkSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const dup = (names: string[], path: string) => {
      const seen = new Set<string>();
      names.forEach((n, i) => {
        if (seen.has(n))
          ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `duplicate name "${n}"` });
        seen.add(n);
      });
    };
    dup(
      s.clusters.map((c) => c.name),
      'clusters',
    );
    dup(
      s.hosts.map((h) => h.name),
      'hosts',
    );
    s.clusters.forEach((c, i) => {
      const agent = c.managementAgent?.nodeGroup;
      if (agent && !c.nodeGroups.some((g) => g.name === agent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', i, 'managementAgent', 'nodeGroup'],
          message: `no node group "${agent}"`,
        });
      }
    });
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type ClusterSpec = z.output<typeof clusterSchema>;
export type NodeGroupSpec = z.output<typeof nodeGroupSchema>;
export type HostSpec = z.output<typeof hostSchema>;
export type BulkSpec = z.output<typeof bulkSchema>;
