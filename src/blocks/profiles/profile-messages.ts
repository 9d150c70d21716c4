import type { DiffLine } from '../../domain/changes/planner';
import type { PoolUpdates } from '../../domain/pools/pool-updates';
import type { ClusterProfile, ProfileProblem } from '../../domain/profiles';
import { didYouMean } from '../../domain/profiles/suggest';
import { context, header, section, sectionsOfLines } from '../elements';
import { LIMITS } from '../limits';
import { escapeMrkdwn } from '../mrkdwn';
import type { SlackBlock, SlackMessage } from '../types';

const ref = (name: string, version: string) => `${name}@${version}`;

/** No profile by that name: the nearest one when there is one, and where to look. */
export function unknownProfileText(name: string, names: readonly string[]): string {
  const hint = didYouMean(name, names);
  return `There is no profile named ${name}.${hint} See \`/hybrid profiles\`.`;
}

export function unknownVersionText(name: string, version: string, versions: readonly string[]): string {
  return `${name} has no version ${version}: it has ${versions.join(', ')}. See \`/hybrid profile show ${name}\`.`;
}

/** Saving over an existing version is refused; `suggestion` is a version that is free. */
export function versionTakenText(version: string, suggestion: string): string {
  return `${version} exists and versions never change; save it as ${suggestion}.`;
}

/** One line per problem, with its line and column when it came from YAML text. */
export function problemLines(problems: readonly ProfileProblem[]): string[] {
  return problems.map((p) => {
    const where =
      p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}: ` : '';
    const path = p.path && !p.message.startsWith(p.path) ? `${p.path}: ` : '';
    return `${where}${path}${p.message}`;
  });
}

export function problemsMessage(what: string, problems: readonly ProfileProblem[]): SlackMessage {
  const first = `:x: ${what}: nothing was saved. Fix ${problems.length === 1 ? 'this' : `these ${problems.length} problems`} and try again.`;
  const lines = problemLines(problems).map((l) => `• ${escapeMrkdwn(l)}`);
  return {
    text: `${first}\n${lines.join('\n')}`,
    blocks: [section(first), ...sectionsOfLines(lines).slice(0, 40)],
  };
}

function summary(p: ClusterProfile): string {
  const os = p.spec.os.mode === 'appliance' ? `appliance (${p.spec.os.image ?? 'no image'})` : 'agent';
  return `Kubernetes ${p.spec.kubernetes.version}, OS ${os}, containerd from ${p.spec.kubernetes.containerdSource}`;
}

export function profileSavedMessage(p: ClusterProfile, how: 'created' | 'imported' | 'saved'): SlackMessage {
  const text = `:white_check_mark: Profile *${ref(p.metadata.name, p.metadata.version)}* ${how}: ${escapeMrkdwn(summary(p))}.`;
  return {
    text,
    blocks: [
      section(text),
      context(`\`/hybrid profile show ${ref(p.metadata.name, p.metadata.version)}\` shows it in full.`),
    ],
  };
}

/** The very same content is already saved under this name and version. */
export function profileAlreadySavedMessage(name: string, version: string): SlackMessage {
  const text = `:information_source: ${ref(name, version)} is already saved with exactly this content: nothing changed.`;
  return { text, blocks: [section(text)] };
}

/** An edit that changed nothing makes no new version. */
export function nothingChangedMessage(name: string, version: string): SlackMessage {
  const text = `:information_source: Nothing changed: ${name} stays at ${version}, and no new version was saved.`;
  return { text, blocks: [section(text)] };
}

export interface ProfileRow {
  name: string;
  latest: ClusterProfile;
  /** Every version, newest first, with the pools using it. */
  versions: { version: string; pools: string[] }[];
  /** Each pool on an older version: what a rollout on its control plane would accept (see poolUpdates). */
  updates: ({ pool: string } & PoolUpdates)[];
}

/** "updates available" per pool, and why a newer version cannot be used where it cannot. */
function updateLines(updates: ProfileRow['updates']): string[] {
  const available = updates.flatMap((u) =>
    u.available ? [`${u.pool} (${u.available}${u.blocked ? `; ${u.blocked.why}` : ''})`] : [],
  );
  const blocked = updates.flatMap((u) => (!u.available && u.blocked ? [`${u.pool}: ${u.blocked.why}`] : []));
  return [
    ...(available.length > 0 ? [`:arrow_up: updates available for ${available.join(', ')}`] : []),
    ...blocked.map((b) => `no usable update for ${b}`),
  ].map((l) => `\n      ${escapeMrkdwn(l)}`);
}

/** `/hybrid profiles` */
export function profilesListMessage(rows: readonly ProfileRow[]): SlackMessage {
  if (rows.length === 0) {
    const text =
      'No cluster profiles yet. Create one with `/hybrid profile create` or `/hybrid profile import`.';
    return { text, blocks: [section(text)] };
  }
  const lines = rows.map((r) => {
    const used = r.versions
      .filter((v) => v.pools.length > 0)
      .map((v) => `${v.version}: ${v.pools.join(', ')}`);
    const others = r.versions.length > 1 ? ` · ${r.versions.length} versions` : '';
    // Pools on an older version than the latest: Palette's "updates available", as a rollout would accept it.
    const updates = updateLines(r.updates).join('');
    return `*${r.name}* ${r.latest.metadata.version} · Kubernetes ${r.latest.spec.kubernetes.version} · ${r.latest.spec.os.mode}${others}\n      pools: ${used.length > 0 ? used.join('; ') : 'none'}${updates}`;
  });
  return {
    text: `${rows.length} cluster profile${rows.length === 1 ? '' : 's'}`,
    blocks: [header('Cluster profiles'), ...sectionsOfLines(lines).slice(0, 45)],
  };
}

/** Text in code blocks of at most one section each (Slack refuses longer sections). */
export function codeSections(text: string): SlackBlock[] {
  const max = LIMITS.sectionText - 8;
  const chunks: string[] = [];
  let current = '';
  for (const line of escapeMrkdwn(text).replace(/\n$/, '').split('\n')) {
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line.slice(0, max);
    } else current = current ? `${current}\n${line}` : line.slice(0, max);
  }
  if (current) chunks.push(current);
  return chunks.map((c) => section(`\`\`\`${c}\`\`\``));
}

/** `/hybrid profile show` */
export function profileDetailMessage(d: {
  profile: ClusterProfile;
  yaml: string;
  savedBy: string;
  savedAt: number;
  versions: readonly string[];
  pools: readonly string[];
}): SlackMessage {
  const p = d.profile;
  const id = ref(p.metadata.name, p.metadata.version);
  const lines = [
    p.metadata.description ? escapeMrkdwn(p.metadata.description) : undefined,
    escapeMrkdwn(summary(p)),
    `Saved by <@${d.savedBy}> <!date^${Math.floor(d.savedAt / 1000)}^{date_short_pretty} {time}|${new Date(d.savedAt).toISOString()}>.`,
    `Versions: ${d.versions.join(', ')}. Pools using ${p.metadata.version}: ${d.pools.length > 0 ? d.pools.join(', ') : 'none'}.`,
  ].filter((l) => l !== undefined);
  return {
    text: `Profile ${id}: ${summary(p)}`,
    blocks: [
      header(`Profile ${id}`),
      section(lines.join('\n')),
      ...codeSections(d.yaml).slice(0, 40),
      context(`\`/hybrid profile export ${id}\` sends this as a file.`),
    ],
  };
}

const DIFF_MARKS = { add: '+', remove: '-', change: '~', same: ' ' } as const;

/** `/hybrid profile diff`: the layers' changes, marked as in a change's plan, and what they mean for nodes. */
export function profileDiffMessage(
  from: string,
  to: string,
  lines: readonly DiffLine[],
  impact: readonly string[],
): SlackMessage {
  if (lines.length === 0) {
    const text = `${from} and ${to} have the same content.`;
    return { text, blocks: [section(text)] };
  }
  return {
    text: `${from} → ${to}: ${lines.length} change${lines.length === 1 ? '' : 's'}`,
    blocks: [
      header(`${from} → ${to}`),
      ...codeSections(lines.map((d) => `${DIFF_MARKS[d.op]} ${d.text}`).join('\n')).slice(0, 20),
      ...sectionsOfLines(impact.map((l) => `• ${escapeMrkdwn(l)}`)).slice(0, 20),
    ],
  };
}

export function profileExportedMessage(name: string, version: string): SlackMessage {
  const text = `:page_facing_up: ${ref(name, version)} is in a YAML file in your direct messages with hybrid-bot. \`/hybrid profile import\` takes it back as is.`;
  return { text, blocks: [section(text)] };
}

/** `/hybrid profile render` */
export function profileRenderMessage(d: {
  profile: ClusterProfile;
  cluster: string;
  controlPlaneVersion: string;
  nodeConfigYaml: string;
  /** What keeps the profile off this cluster, or warns about it: empty when it fits. */
  checks: readonly string[];
  fits: boolean;
}): SlackMessage {
  const id = ref(d.profile.metadata.name, d.profile.metadata.version);
  const verdict = d.fits
    ? `:white_check_mark: ${id} fits ${d.cluster} (control plane ${d.controlPlaneVersion}).`
    : `:x: ${id} does not fit ${d.cluster} (control plane ${d.controlPlaneVersion}).`;
  return {
    text: `NodeConfig for a ${d.cluster} pool node from ${id}`,
    blocks: [
      header(`NodeConfig: ${id} on ${d.cluster}`),
      section([verdict, ...d.checks.map((c) => `• ${escapeMrkdwn(c)}`)].join('\n')),
      ...codeSections(d.nodeConfigYaml).slice(0, 40),
      context(
        'Credentials are placeholders: each node gets its own activation or certificate when it is registered.',
      ),
    ],
  };
}

export function profileDeletedMessage(name: string, version: string): SlackMessage {
  const text = `:wastebasket: ${ref(name, version)} deleted.`;
  return { text, blocks: [section(text)] };
}

export function versionInUseText(name: string, version: string, pools: readonly string[]): string {
  return `${ref(name, version)} is used by ${pools.join(', ')}, and a version in use is never deleted: move those pools to another version first.`;
}
