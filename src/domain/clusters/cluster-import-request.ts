import { type ClusterConfig, clusterSchema } from '../../config/schema';
import { roleNameFromArn } from '../activation-request';
import type { AccessEntryFacts } from '../facts';

export interface ImportOptions {
  name: string;
  region?: string;
  roleArn?: string;
  channel?: string;
  alertChannel?: string;
  hybridNodesRole?: string;
}

/** Each field of an entry as the command names it. */
const FLAG: Record<string, string> = {
  name: '<name>',
  region: '--region',
  channel: '--channel',
  alertChannel: '--alert-channel',
  roleArn: '--role-arn',
  hybridNodesRole: '--hybrid-nodes-role',
};

const CHANNEL_HINT = 'pick the channel with # so Slack sends its ID (C…), e.g. `--channel #hybrid-ops`';

/**
 * The cluster's entry as typed, or every problem with it, one line each, naming the flag: checked
 * by the configuration file's own schema, so an imported cluster is one the file could hold.
 */
export function importedEntry(
  o: ImportOptions,
): { ok: true; cluster: Omit<ClusterConfig, 'hybridNodesRole'> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!o.region) problems.push('`--region` is required: the AWS region of the cluster, e.g. `us-west-2`.');
  if (!o.channel) problems.push(`\`--channel\` is required: ${CHANNEL_HINT}.`);
  const parsed = clusterSchema.safeParse({
    name: o.name,
    region: o.region ?? 'us-east-1',
    channel: o.channel ?? 'C0PLACEHOLDER',
    ...(o.alertChannel ? { alertChannel: o.alertChannel } : {}),
    ...(o.roleArn ? { roleArn: o.roleArn } : {}),
    hybridNodesRole: o.hybridNodesRole ?? 'placeholder',
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const typed = (o as unknown as Record<string, unknown>)[field];
      const hint = field === 'channel' || field === 'alertChannel' ? `: ${CHANNEL_HINT}` : '';
      problems.push(`\`${FLAG[field] ?? field}\` ${issue.message}${hint} (got \`${String(typed)}\`).`);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const { hybridNodesRole: _placeholder, ...cluster } = parsed.data;
  return { ok: true, cluster };
}

/**
 * The hybrid nodes role of a cluster being imported: the one given, else that of its one
 * HYBRID_LINUX access entry; otherwise why it cannot be told, and what to do.
 */
export function hybridNodesRoleOf(
  cluster: string,
  given: string | undefined,
  entries: readonly AccessEntryFacts[],
): { ok: true; role: string; from: 'option' | 'access-entry' } | { ok: false; message: string } {
  if (given) return { ok: true, role: given, from: 'option' };
  const roles = [
    ...new Set(
      entries.filter((e) => e.type === 'HYBRID_LINUX').flatMap((e) => roleNameFromArn(e.principalArn) ?? []),
    ),
  ];
  if (roles.length === 1) return { ok: true, role: roles[0] as string, from: 'access-entry' };
  if (roles.length === 0) {
    return {
      ok: false,
      message: `Cluster \`${cluster}\` has no HYBRID_LINUX access entry, so its hybrid nodes role cannot be told: create one (\`aws eks create-access-entry --cluster-name ${cluster} --principal-arn <role ARN> --type HYBRID_LINUX\`) or name the role with \`--hybrid-nodes-role <name>\`.`,
    };
  }
  return {
    ok: false,
    message: `Cluster \`${cluster}\` has HYBRID_LINUX access entries for ${roles.map((r) => `\`${r}\``).join(', ')}: name the one its hybrid nodes use with \`--hybrid-nodes-role <name>\`.`,
  };
}
