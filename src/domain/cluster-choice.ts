/**
 * Which cluster a command means when `--cluster` may be left out: the one rule every command that takes
 * `--cluster` follows, so a command the bot prints without it runs as printed wherever that is unambiguous.
 */

export interface ClusterChannels {
  name: string;
  channel: string;
  alertChannel?: string;
}

/** The named thing a command acts on, and the clusters that hold one of that name. */
export interface ChoiceSubject {
  kind: 'pool' | 'host';
  name: string;
  in: readonly string[];
  /**
   * true: the command acts on an existing one (not found is an answer of its own). false: it only
   * hints at the cluster (e.g. the hosts a new pool is made of; their own checks name any missing).
   */
  mustExist: boolean;
}

export interface ClusterChoiceInput {
  /** `--cluster` as typed, if at all. */
  given?: string;
  clusters: readonly ClusterChannels[];
  /** The channel the command was typed in. */
  channel: string;
  subject?: ChoiceSubject;
}

export type ClusterChoice =
  | { ok: true; cluster: string }
  | { ok: false; reason: 'unknown-cluster' | 'not-found' | 'ambiguous'; message: string };

/** "a", "a and b", "a, b and c" */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "a", "a or b", "a, b or c" */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * The one wording for a cluster name the configuration does not hold, wherever one is typed (a
 * command, a form). Raw text: each renderer escapes it for its surface (mrkdwn or a plain-text field).
 */
export function unknownClusterMessage(name: string, configured: readonly string[]): string {
  if (configured.length === 0)
    return `No cluster named \`${name}\` is configured; none is: add one to the bot's configuration.`;
  return `No cluster named \`${name}\` is configured: use ${orList(configured.map((c) => `\`${c}\``))}.`;
}

/** The configured cluster of that name, or the message saying which names there are. */
export function findCluster<C extends { name: string }>(
  clusters: readonly C[],
  name: string,
): { ok: true; cluster: C } | { ok: false; message: string } {
  const cluster = clusters.find((c) => c.name === name);
  if (cluster) return { ok: true, cluster };
  return {
    ok: false,
    message: unknownClusterMessage(
      name,
      clusters.map((c) => c.name),
    ),
  };
}

const listCommand = (kind: ChoiceSubject['kind']) => (kind === 'pool' ? 'pools' : 'hosts');

/** The one wording for "no such pool/host", on one cluster or on any. */
export function notFoundMessage(subject: ChoiceSubject, cluster?: string): string {
  const what = `No ${subject.kind} \`${subject.name}\``;
  if (cluster === undefined) {
    return `${what} on any cluster: see \`/hybrid ${listCommand(subject.kind)}\`.`;
  }
  const elsewhere = subject.in.filter((c) => c !== cluster);
  if (elsewhere.length > 0) {
    return `${what} in ${cluster}; there is one in ${andList(elsewhere)}: ${orClusters(elsewhere)}.`;
  }
  return `${what} in ${cluster}: see \`/hybrid ${listCommand(subject.kind)} --cluster ${cluster}\`.`;
}

const orClusters = (names: readonly string[]) => names.map((n) => `--cluster ${n}`).join(' or ');

/**
 * Explicit `--cluster`; else the only cluster holding the pool or host; else the only one of those the
 * channel reports for; else the only cluster configured; otherwise the candidates, named.
 */
export function chooseCluster(input: ClusterChoiceInput): ClusterChoice {
  const configured = input.clusters.map((c) => c.name);
  const subject = input.subject;
  const given = input.given?.trim();
  if (given) {
    const found = findCluster(input.clusters, given);
    if (!found.ok) return { ok: false, reason: 'unknown-cluster', message: found.message };
    if (subject?.mustExist && !subject.in.includes(given)) {
      return { ok: false, reason: 'not-found', message: notFoundMessage(subject, given) };
    }
    return { ok: true, cluster: given };
  }
  const holders = subject ? configured.filter((c) => subject.in.includes(c)) : [];
  if (subject?.mustExist && holders.length === 0) {
    return { ok: false, reason: 'not-found', message: notFoundMessage(subject) };
  }
  const candidates = holders.length > 0 ? holders : configured;
  if (candidates.length === 1) return { ok: true, cluster: candidates[0] as string };
  const reporting = input.clusters
    .filter((c) => candidates.includes(c.name))
    .filter((c) => c.channel === input.channel || c.alertChannel === input.channel)
    .map((c) => c.name);
  if (reporting.length === 1) return { ok: true, cluster: reporting[0] as string };
  const among = reporting.length > 1 ? reporting : candidates;
  const many = subject?.name.includes(',');
  const lead =
    holders.length > 0 && subject
      ? `${subject.kind === 'pool' ? 'Pool' : many ? 'Hosts' : 'Host'} ${subject.name} ${many ? 'are' : 'is'} in ${andList(among)}`
      : `This could be ${andList(among)}`;
  return { ok: false, reason: 'ambiguous', message: `${lead}: add ${orClusters(among)}.` };
}
