import type { DiffLine } from '../changes/planner';
import { compareKubernetesMinors } from './kubernetes-minor';
import { hasChanges, type ProfileDiff, type ValueChange } from './profile-diff';

/** The diff in plain words, one line per change, as an approver reads it in Slack. */
export function profileDiffLines(diff: ProfileDiff): DiffLine[] {
  const lines: DiffLine[] = [];
  const value = (label: string, c: ValueChange<string> | undefined) => {
    if (c) lines.push(valueLine(label, c));
  };
  value('description', quoteChange(diff.description));
  value('OS mode', diff.os.mode);
  value('OS image', diff.os.image);
  for (const os of diff.os.supported?.added ?? []) lines.push({ op: 'add', text: `supported OS ${os}` });
  for (const os of diff.os.supported?.removed ?? []) lines.push({ op: 'remove', text: `supported OS ${os}` });
  value('Kubernetes', diff.kubernetesVersion);
  value('containerd source', diff.containerdSource);
  for (const s of diff.kubeletConfig) {
    if (s.kind === 'added') lines.push({ op: 'add', text: `kubelet ${s.key}: ${show(s.to)}` });
    else if (s.kind === 'removed')
      lines.push({ op: 'remove', text: `kubelet ${s.key} (was ${show(s.from)})` });
    else lines.push({ op: 'change', text: `kubelet ${s.key}: ${show(s.from)} → ${show(s.to)}` });
  }
  for (const f of diff.kubeletFlags)
    if (f.op !== 'same') lines.push({ op: f.op, text: `kubelet flag ${f.text}` });
  for (const l of diff.containerdConfig)
    if (l.op !== 'same') lines.push({ op: l.op, text: `containerd config: ${l.text}` });
  return lines;
}

/** What the change means for the nodes of every pool that uses the profile. */
export function profileChangeImpact(diff: ProfileDiff): string[] {
  if (!hasChanges(diff)) return ['Nothing changes but the version: no node is touched.'];
  const impact: string[] = [];
  const reimage = diff.os.mode !== undefined || diff.os.image !== undefined;
  const k8s = diff.kubernetesVersion;
  if (reimage) {
    impact.push(
      `The OS layer changes: every node is re-imaged (repaved)${diff.os.image?.to ? ` from ${diff.os.image.to}` : ''}, drained first, one node at a time.`,
    );
  }
  if (k8s?.from && k8s.to && compareKubernetesMinors(k8s.to, k8s.from) < 0) {
    impact.push(
      `Kubernetes ${k8s.from} → ${k8s.to} is a downgrade: nodeadm cannot downgrade a node in place; join new hosts on ${k8s.to} and retire the old nodes instead.`,
    );
  } else if (k8s?.to && !reimage) {
    impact.push(
      `Kubernetes ${k8s.from} → ${k8s.to}: each node is cordoned and drained, then upgraded in place with nodeadm upgrade ${k8s.to}, one node at a time; a node is out of service while it upgrades.`,
    );
  }
  if (diff.containerdSource) {
    impact.push(
      `containerd source ${diff.containerdSource.from} → ${diff.containerdSource.to}: hosts that join from now on get containerd that way; nodeadm keeps the source a node was installed with, so existing nodes change only when reinstalled.`,
    );
  }
  const settings = diff.kubeletConfig.length + diff.kubeletFlags.length + diff.containerdConfig.length > 0;
  if (settings && !reimage && !k8s) {
    impact.push(
      'Settings change: on each node nodeadm rewrites the kubelet and containerd configuration and restarts both, one node at a time.',
    );
  } else if (settings) {
    impact.push('The new kubelet and containerd settings are applied in the same pass.');
  }
  if (diff.os.supported && !reimage) {
    impact.push(
      'The supported OS list changes: no node is touched; hosts on an OS no longer listed cannot join with this profile.',
    );
  }
  if (impact.length === 0) impact.push('Only the description changes: no node is touched.');
  return impact;
}

function valueLine(label: string, c: ValueChange<string>): DiffLine {
  if (c.from === undefined) return { op: 'add', text: `${label}: ${c.to}` };
  if (c.to === undefined) return { op: 'remove', text: `${label} (was ${c.from})` };
  return { op: 'change', text: `${label}: ${c.from} → ${c.to}` };
}

function quoteChange(c: ValueChange<string> | undefined): ValueChange<string> | undefined {
  if (!c) return undefined;
  return {
    from: c.from === undefined ? undefined : `"${c.from}"`,
    to: c.to === undefined ? undefined : `"${c.to}"`,
  };
}

/** Strings as written, anything else (lists, numbers, nested settings) as compact JSON. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
