import type { DesiredCniLayer, DriftItem } from '../../domain/cni/cni-drift';
import type { CniOwner, RunningCni, WorkloadState } from '../../domain/cni/cni-running';
import { sameCidrs } from '../../domain/cni/cni-running';
import { context, header, section, sectionsOfLines } from '../elements';
import { slackDate } from '../hosts/slack-dates';
import type { SlackMessage } from '../types';

export interface CniShowInput {
  cluster: string;
  running: RunningCni;
  remotePodNetworks: readonly string[];
  desired?: DesiredCniLayer;
  drift: DriftItem[];
}

const yesNo = (b: boolean) => (b ? 'yes' : '*no*');

export function ownerWords(owner: CniOwner): string {
  if (owner.kind === 'flux') return `Flux HelmRelease \`${owner.namespace}/${owner.name}\``;
  if (owner.kind === 'helm') return `Helm release \`${owner.release}\``;
  return 'unknown (no Helm or Flux marks on the DaemonSet)';
}

function rollout(w: WorkloadState): string {
  return `${w.ready}/${w.desired} ready, ${w.updated} updated${w.rolledOut ? ', rolled out' : ', *rolling out*'}`;
}

/** `/hybrid cni show`: what runs now, who owns it, and how it differs from the desired layer. */
export function cniShowMessage(input: CniShowInput): SlackMessage {
  const { cluster, running: r, desired, drift } = input;
  const blocks = [header(`CNI layer of ${cluster}`)];
  const lines: string[] = [];
  if (!r.installed) {
    lines.push(`*Cilium:* not installed on ${cluster}: hybrid nodes there have no CNI.`);
  } else {
    const agent = r.agent;
    const op = r.operator;
    lines.push(
      `*Cilium:* agent ${agent?.version ?? 'version unknown'} · operator ${op?.version ?? (op ? 'version unknown' : 'missing')}`,
      `*Owner:* ${ownerWords(r.owner)}`,
    );
    if (agent)
      lines.push(
        `*Agent* (DaemonSet cilium): hybrid nodes only: ${yesNo(agent.hybridOnly)} · ${rollout(agent)}`,
      );
    if (op) {
      lines.push(
        `*Operator* (Deployment cilium-operator): hybrid nodes only: ${yesNo(op.hybridOnly)} · replicas ${op.replicas} · tolerations restricted: ${yesNo(op.tolerationsRestricted)} · ${rollout(op)}`,
      );
    }
    const pods = r.podCidrs.join(', ') || 'none';
    const match =
      input.remotePodNetworks.length === 0
        ? ' (the cluster has no remote pod networks)'
        : sameCidrs(r.podCidrs, input.remotePodNetworks)
          ? ' = the remote pod networks'
          : ` ≠ the remote pod networks ${input.remotePodNetworks.join(', ')}`;
    lines.push(
      `*IPAM:* ${r.ipamMode ?? 'unknown'} · pod CIDRs ${pods}${match}${r.maskSize ? ` · /${r.maskSize} per node` : ''}`,
    );
  }
  lines.push(
    `*aws-node excludes hybrid nodes:* ${r.awsNodeExcludesHybrid === undefined ? 'aws-node not found' : yesNo(r.awsNodeExcludesHybrid)}`,
    `*Flux:* ${r.fluxInstalled ? 'installed (helm.toolkit.fluxcd.io served)' : 'not installed'}`,
  );
  blocks.push(...sectionsOfLines(lines));
  const wanted = desired
    ? `*Desired:* Cilium ${desired.chartVersion}${Object.keys(desired.overrides).length > 0 ? ' with the team’s overrides' : ''}${desired.changeId ? ` (change ${desired.changeId}` : ''}${desired.setBy ? ` by <@${desired.setBy}>` : ''}${desired.setAt ? `, ${slackDate(desired.setAt)}` : ''}${desired.changeId ? ')' : ''}`
    : "*Desired:* none recorded yet (`/hybrid cni set` records one); compared with AWS's recommended hybrid values";
  blocks.push(section(wanted));
  blocks.push(
    drift.length === 0
      ? section(':white_check_mark: No drift: Cilium runs as wanted.')
      : section(
          `:warning: *Drift* (${drift.length}):\n${drift.map((d) => `• ${d.what}: running ${d.running}, wanted ${d.desired}`).join('\n')}`,
        ),
  );
  blocks.push(
    context(`Change it with \`/hybrid cni set ${cluster} --cilium <version> [--set key=value,…]\` (admins).`),
  );
  return {
    text: `CNI layer of ${cluster}: ${r.installed ? `Cilium ${r.agent?.version ?? '?'}` : 'no Cilium'}, ${drift.length} drift`,
    blocks,
  };
}
