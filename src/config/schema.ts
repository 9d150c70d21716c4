import { z } from 'zod';
import { parseSecretKey } from '../adapters/secret-box';
import { DEFAULT_CILIUM_VERSIONS } from '../domain/cni/cilium-version';
import { parseWindow } from '../domain/rollouts/maintenance-window';

const slackPrincipal = z
  .string()
  .regex(/^(\*|[UWS][A-Z0-9]{2,})$/, 'must be a Slack user ID (U… or W…), a user-group ID (S…) or "*"');

const roleArn = z.string().regex(/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN');

const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel ID (C… or G…)');

export const clusterSchema = z.object({
  name: z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, 'must be an EKS cluster name'),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-west-2'),
  channel: channelId,
  alertChannel: channelId.optional(),
  hybridNodesRole: z
    .string()
    .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (not an ARN), at most 64 characters'),
  roleArn: roleArn.optional(),
  /** A daily UTC window (HH:MM-HH:MM) outside which no rollout starts a node of this cluster, unless one names its own. */
  maintenanceWindow: z
    .string()
    .refine(
      (w) => parseWindow(w, 'maintenanceWindow').ok,
      'must be a daily UTC window HH:MM-HH:MM, e.g. 22:00-04:00',
    )
    .optional(),
  /** EKS does not report the VPC's CIDRs (EC2 does); the doctor checks remote networks against these. */
  vpcCidrs: z
    .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR such as 10.0.0.0/16'))
    .default([]),
  iamRolesAnywhere: z
    .object({
      trustAnchorArn: z
        .string()
        .regex(/^arn:aws[\w-]*:rolesanywhere:/, 'must be a Roles Anywhere trust anchor ARN'),
      profileArn: z.string().regex(/^arn:aws[\w-]*:rolesanywhere:/, 'must be a Roles Anywhere profile ARN'),
      roleArn,
    })
    .optional(),
});

export const fileSchema = z.object({
  access: z.object({
    admins: z.array(slackPrincipal).default([]),
    approvers: z.array(slackPrincipal).default([]),
    operators: z.array(slackPrincipal).default([]),
    viewers: z.array(slackPrincipal).default(['*']),
  }),
  clusters: z
    .array(clusterSchema)
    .min(1, 'list at least one cluster')
    .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, 'cluster names must be unique'),
  kubernetesVersions: z
    .array(z.string().regex(/^1\.\d+$/, 'must be a Kubernetes minor version such as 1.31'))
    .default(['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35']),
  activationExpiryHours: z.number().int().min(1).max(720).default(24),
  approvalTtlMinutes: z.number().int().min(1).max(1440).default(60),
  /** The Cilium CNI layer: AWS's chart tags the bot may install, and how it waits for them. */
  cilium: z
    .object({
      versions: z
        .array(
          z.string().regex(/^\d+\.\d+\.\d+-\d+$/, "must be a tag of AWS's Cilium chart such as 1.18.3-0"),
        )
        .min(1)
        .default(DEFAULT_CILIUM_VERSIONS),
      /** Cilium minor → the Kubernetes minors it supports; a minor left out supports all (AWS: 1.17 and 1.18 do). */
      kubernetesVersions: z
        .record(
          z.string().regex(/^\d+\.\d+$/, 'must be a Cilium minor version such as 1.18'),
          z.array(z.string().regex(/^1\.\d+$/, 'must be a Kubernetes minor version such as 1.31')),
        )
        .default({}),
      /** How often a change looks again while it waits for Flux or a rollout. */
      pollSeconds: z.number().int().min(1).default(15),
      /** How long a change waits for the release to be applied and rolled out before it pauses. */
      waitMinutes: z.number().int().min(1).default(60),
    })
    .prefault({}),
  pools: z
    .object({
      /** First and longest wait between two looks at a Run Command or a joining node (backoff between them). */
      pollMinMs: z.number().int().min(10).default(1000),
      pollMaxMs: z.number().int().min(10).default(15000),
      /** `nodeadm install` (its own timeout is 20 min) and its delivery to the host. */
      installMinutes: z.number().int().min(1).default(25),
      /** From `nodeadm init` (it waits up to 5 min for kubelet) to the node Ready. */
      joinMinutes: z.number().int().min(1).default(10),
      /** How long a drain tries again evictions PodDisruptionBudgets refuse before the change pauses (0: at once). */
      drainBlockedMinutes: z.number().int().min(0).default(5),
      /**
       * On a NotReady node, a pod still Terminating this long after its grace period ended is not
       * waited for (kubectl drain's --skip-wait-for-delete-timeout, where 0 would mean never): its kubelet
       * is not there to end it. 60 s: past the 40-50 s the node lifecycle controller gives a silent
       * kubelet, so a kubelet merely restarting can still end them; Cluster API skips at once (1 s).
       */
      drainSkipTerminatingSeconds: z.number().int().min(1).default(60),
    })
    .prefault({}),
  /** Fleet rollouts: their one live message (and its thread) in `channel`, instead of each cluster's channel. */
  fleets: z.object({ channel: channelId.optional() }).prefault({}),
  monitor: z
    .object({
      intervalSeconds: z.number().int().min(1).default(60),
      gracePeriodSeconds: z.number().int().min(0).default(300),
      repeatIntervalSeconds: z.number().int().min(60).default(14400),
      /** Alert diagnostics (Run Commands) running at once per cluster; the others wait for a later sweep. */
      diagnoseConcurrency: z.number().int().min(1).default(3),
    })
    .prefault({}),
});

const port = z.coerce.number().int().min(0).max(65535);

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-…)'),
    SLACK_SIGNING_SECRET: z.string().min(16, 'must be the app’s signing secret (Basic Information page)'),
    /** Seals secrets waiting in Redis; derived from the signing secret when unset. */
    HYBRID_BOT_SECRET_KEY: z
      .string()
      .refine(
        (v) => parseSecretKey(v) !== undefined,
        'must be 32 random bytes as 64 hex digits or base64 (make one with `openssl rand -base64 32`)',
      )
      .optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…) with connections:write')
      .optional(),
    SLACK_API_URL: z.url({ error: 'must be a URL such as http://127.0.0.1:4580/api/' }).optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
    /** Redis through Sentinel (with REDIS_SENTINEL_NAME): these instead of REDIS_URL. */
    REDIS_SENTINELS: z
      .string()
      .regex(
        /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/,
        'must be the Sentinels as host:port,host:port,… (e.g. redis-sentinel-0:26379,redis-sentinel-1:26379)',
      )
      .optional(),
    /** The name the Sentinels monitor the bot's Redis under (`sentinel monitor <name> …`). */
    REDIS_SENTINEL_NAME: z.string().min(1).optional(),
    /** The Redis servers' password (AUTH), kept out of REDIS_URL; a password written in the URL comes first. */
    REDIS_PASSWORD: z.string().min(1).optional(),
    /** The Sentinels' own password, when they have one (`requirepass` in sentinel.conf). */
    REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
    PORT: port.default(3000),
    /** Prometheus's /metrics, on a port of its own; 0 turns it off. */
    METRICS_PORT: port.default(9464),
    HYBRID_BOT_CONFIG: z.string().min(1, 'must be the path of the YAML configuration file'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HYBRID_BOT_JOB_LOCK_SECONDS: z.coerce
      .number()
      .int()
      .min(2, 'must be a whole number of seconds, 2 or more')
      .max(600, 'must be at most 600 seconds')
      .default(30),
  })
  .superRefine((env, ctx) => {
    // One without the other would silently fall back to REDIS_URL: a bot on the wrong Redis.
    if ((env.REDIS_SENTINELS === undefined) !== (env.REDIS_SENTINEL_NAME === undefined)) {
      const missing = env.REDIS_SENTINELS === undefined ? 'REDIS_SENTINELS' : 'REDIS_SENTINEL_NAME';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message:
          missing === 'REDIS_SENTINELS'
            ? 'is required with REDIS_SENTINEL_NAME: the Sentinels to ask, as host:port,host:port,…'
            : 'is required with REDIS_SENTINELS: the name they monitor the Redis under (sentinel monitor <name> …)',
      });
    }
  });

export type FileConfig = z.infer<typeof fileSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type EnvConfig = z.infer<typeof envSchema>;
