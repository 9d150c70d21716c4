import { z } from 'zod';
import { clusterSchema } from '../../config/schema';
import type { StepSpec } from '../changes/journal';
import type { ChangePlanner, DiffLine, PlannedChange } from '../changes/planner';
import type { CheckItem } from '../doctor-check';
import { clusterEntryYaml } from './cluster-entry';

export const CLUSTER_IMPORT_KIND = 'cluster-import';
export const CLUSTER_IMPORT_STEP = 'cluster-record';

const findingSchema = z.object({
  id: z.string(),
  title: z.string(),
  result: z.enum(['pass', 'warn', 'fail']),
  found: z.string(),
  fix: z.string().optional(),
});

const planSchema = z.object({
  /** The entry recorded, as `cluster export` gives it for the configuration file. */
  cluster: clusterSchema,
  /** EKS's description when planned. */
  eks: z.object({ version: z.string(), status: z.string() }),
  /** Where the hybrid nodes role came from: the option, or the cluster's one HYBRID_LINUX access entry. */
  hybridNodesRoleFrom: z.enum(['option', 'access-entry']),
  /** The doctor's checklist on the cluster, as the approver saw it. */
  findings: z.array(findingSchema),
});

export type ClusterImportPlan = z.infer<typeof planSchema>;

const MARK: Record<CheckItem['result'], string> = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
};

/** The entry's YAML lines, as the diff shows what is recorded (added) or forgotten (removed). */
export function entryDiff(plan: Pick<ClusterImportPlan, 'cluster'>, op: DiffLine['op']): DiffLine[] {
  return clusterEntryYaml(plan.cluster)
    .trimEnd()
    .split('\n')
    .slice(1) // `clusters:`: the entry goes into the file's list
    .map((text) => ({ op, text: text.replace(/^ {2}/, '') }));
}

/** The doctor's findings in plain words: counts, then each warning and failure with its fix. */
export function findingLines(findings: readonly CheckItem[]): string[] {
  const count = (r: CheckItem['result']) => findings.filter((f) => f.result === r).length;
  const head = `the doctor's checks: ${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail${
    count('fail') > 0 ? ' (importing fixes none of them: each is listed with its fix)' : ''
  }`;
  const problems = findings
    .filter((f) => f.result !== 'pass')
    .sort((a, b) => (a.result === b.result ? 0 : a.result === 'fail' ? -1 : 1))
    .map((f) => `${MARK[f.result]} *${f.title}*: ${f.found}${f.fix ? ` _Fix:_ ${f.fix}` : ''}`);
  return [head, ...problems];
}

/**
 * Importing a cluster: nothing changes in AWS or on the cluster; once an admin other than the
 * requester approves, the bot records it and manages it as it does the file's clusters.
 */
export function planClusterImport(plan: ClusterImportPlan): PlannedChange<ClusterImportPlan> {
  const c = plan.cluster;
  const steps: StepSpec[] = [
    {
      key: 'record',
      action: CLUSTER_IMPORT_STEP,
      title: `Record cluster ${c.name}`,
      group: c.name,
      skippable: false,
      input: {},
    },
  ];
  const alerts = c.alertChannel && c.alertChannel !== c.channel ? `, alerts in <#${c.alertChannel}>` : '';
  const role =
    plan.hybridNodesRoleFrom === 'option'
      ? `hybrid nodes role ${c.hybridNodesRole} (as given)`
      : `hybrid nodes role ${c.hybridNodesRole} (its HYBRID_LINUX access entry's)`;
  return {
    kind: CLUSTER_IMPORT_KIND,
    target: { cluster: c.name, kind: 'cluster', name: c.name },
    title: `Import cluster ${c.name}`,
    summary: [
      `manage EKS cluster *${c.name}* (${c.region}, Kubernetes ${plan.eks.version}, ${plan.eks.status}) as the configuration file's clusters are managed: every command takes it, the monitor sweeps it; reports and approvals in <#${c.channel}>${alerts}`,
      `the bot reads it ${c.roleArn ? `as ${c.roleArn}` : 'with its own AWS credentials'}; ${role}`,
      ...findingLines(plan.findings),
      `nothing changes in EKS or on the cluster; the entry is kept in Redis: \`/hybrid cluster export ${c.name}\` gives it for the configuration file, which a wiped Redis is rebuilt from`,
    ],
    diff: entryDiff(plan, 'add'),
    steps,
    maxParallel: 1,
    unit: 'clusters',
    canRollBack: false,
    plan,
    decidedBy: 'admin',
  };
}

export const clusterImportPlanner: ChangePlanner<ClusterImportPlan> = {
  kind: CLUSTER_IMPORT_KIND,
  parse: (raw) => planSchema.parse(raw),
  describe: planClusterImport,
};
