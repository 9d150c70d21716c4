/** The SSM CreateActivation request for one edge host, as plain data, and the tags it carries. */
export interface Tag {
  Key: string;
  Value: string;
}

export interface CreateActivationRequest {
  IamRole: string;
  RegistrationLimit: 1;
  ExpirationDate: Date;
  DefaultInstanceName: string;
  Description: string;
  Tags: Tag[];
}

export interface ActivationRequestInput {
  /** The hybrid nodes IAM role name (not its ARN). */
  hybridNodesRole: string;
  hostName: string;
  cluster: string;
  site: string;
  /** Slack user ID of the person asking. */
  requester: string;
  expiresInHours?: number;
  now: Date;
}

export type ActivationRequestResult =
  | { ok: true; request: CreateActivationRequest }
  | { ok: false; problems: string[] };

/** The inventory is rebuilt from these tags, so they are part of the bot's stored format: do not rename. */
export const TAG_MANAGED = 'hybrid-bot:managed';
export const TAG_CLUSTER = 'hybrid-bot:cluster';
export const TAG_SITE = 'hybrid-bot:site';
export const TAG_HOST = 'hybrid-bot:host';
export const TAG_REQUESTED_BY = 'hybrid-bot:requested-by';

export const DEFAULT_ACTIVATION_HOURS = 24;
export const MAX_ACTIVATION_HOURS = 720; // SSM allows at most 30 days.
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// SSM's pattern for DefaultInstanceName and for tag values.
const SSM_NAME = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const SSM_TEXT_MAX = 256;

export function buildActivationRequest(input: ActivationRequestInput): ActivationRequestResult {
  const hours = input.expiresInHours ?? DEFAULT_ACTIVATION_HOURS;
  const texts: [string, string][] = [
    ['host name', input.hostName],
    ['cluster', input.cluster],
    ['site', input.site],
    ['requester', input.requester],
  ];
  const problems = [
    roleProblem(input.hybridNodesRole),
    hoursProblem(hours),
    ...texts.map(([what, value]) => ssmTextProblem(what, value)),
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return { ok: false, problems };
  const expires = new Date(input.now.getTime() + hours * 3_600_000);
  const description = `Hybrid node ${input.hostName} for cluster ${input.cluster}, site ${input.site}, requested by ${input.requester}`;
  return {
    ok: true,
    request: {
      IamRole: input.hybridNodesRole,
      RegistrationLimit: 1,
      ExpirationDate: expires,
      DefaultInstanceName: input.hostName,
      Description: description.slice(0, SSM_TEXT_MAX),
      Tags: [
        { Key: TAG_MANAGED, Value: 'true' },
        { Key: TAG_CLUSTER, Value: input.cluster },
        { Key: TAG_SITE, Value: input.site },
        { Key: TAG_HOST, Value: input.hostName },
        { Key: TAG_REQUESTED_BY, Value: input.requester },
      ],
    },
  };
}

function roleProblem(role: string): string | undefined {
  if (role.startsWith('arn:')) {
    return `The hybrid nodes role must be a role name, not an ARN: use "${roleNameFromArn(role) ?? role}" in the cluster config.`;
  }
  if (!IAM_ROLE_NAME.test(role)) {
    return `The hybrid nodes role "${role}" is not a valid IAM role name (1 to 64 letters, digits or +=,.@_-): fix the cluster config.`;
  }
  return undefined;
}

function hoursProblem(hours: number): string | undefined {
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_ACTIVATION_HOURS) {
    return `Activation expiry must be more than 0 and at most ${MAX_ACTIVATION_HOURS} hours (30 days), not ${hours}.`;
  }
  return undefined;
}

function ssmTextProblem(what: string, value: string): string | undefined {
  if (value.length === 0) return `The ${what} is empty: give one.`;
  if (value.length > SSM_TEXT_MAX || !SSM_NAME.test(value)) {
    return `The ${what} "${value.slice(0, 40)}" cannot be stored by SSM: use at most ${SSM_TEXT_MAX} letters, digits, spaces or _.:/=+-@.`;
  }
  return undefined;
}

/** `arn:aws:iam::123456789012:role/path/name` → `name`; undefined when it is not a role ARN. */
export function roleNameFromArn(arn: string): string | undefined {
  const match = arn.match(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/);
  return match?.[1];
}

export interface ActivationTags {
  cluster: string;
  site: string;
  host: string;
  requestedBy: string;
}

/** Reads back the tags set at activation; undefined when the resource was not issued by the bot. */
export function readActivationTags(tags: readonly Tag[]): ActivationTags | undefined {
  const value = (key: string) => tags.find((tag) => tag.Key === key)?.Value;
  const cluster = value(TAG_CLUSTER);
  const host = value(TAG_HOST);
  if (value(TAG_MANAGED) !== 'true' || cluster === undefined || host === undefined) return undefined;
  return { cluster, host, site: value(TAG_SITE) ?? '', requestedBy: value(TAG_REQUESTED_BY) ?? '' };
}
