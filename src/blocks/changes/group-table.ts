import { groupsOf, isSubjectGroup, type StepRecord } from '../../domain/changes/journal';

/** How a step left out by its own executor (a fleet's offline pool) starts its output. */
export const LEFT = 'left for later: ';

/** How many groups (nodes, hosts) get a line of their own; the rest are counted. */
const MAX_LINES = 12;
const MAX_OUTPUT = 110;

const short = (text: string) => {
  const first = text.split('\n')[0] ?? '';
  return first.length > MAX_OUTPUT ? `${first.slice(0, MAX_OUTPUT - 1)}…` : first;
};

/** A roll-back's group is named after its node: `back:h1` reads "h1 (back)". */
const groupName = (group: string) => (group.startsWith('back:') ? `${group.slice(5)} (back)` : group);

/**
 * One line per node that matters now — under way, failed or left as it was — with what it is doing
 * (`store12-edge-03 · Drain mi-0abc: 2 evicted pods still terminating`); the nodes done and waiting
 * are counted, not listed, so a 200-node rollout still reads in a glance.
 */
export function groupTable(steps: readonly StepRecord[], unit: string): string[] {
  const lines: string[] = [];
  let done = 0;
  let waiting = 0;
  let hidden = 0;
  for (const [group, list] of groupsOf(steps)) {
    const failed = list.find((s) => s.state === 'failed');
    const running = list.find((s) => s.state === 'running');
    const allSettled = list.every((s) => s.state === 'done' || s.state === 'skipped');
    const skipped =
      allSettled && list.some((s) => s.state === 'skipped' && s.output?.startsWith('skipped with'));
    const left = allSettled
      ? list.find((s) => s.state === 'skipped' && s.output?.startsWith(LEFT))
      : undefined;
    let line: string | undefined;
    if (left) {
      line = `:fast_forward: \`${groupName(group)}\` ${short(left.output ?? '')}`;
    } else if (failed) {
      line = `:x: \`${groupName(group)}\` ${failed.title}${failed.output ? `: ${short(failed.output)}` : ''}`;
    } else if (running) {
      line = `:arrows_counterclockwise: \`${groupName(group)}\` ${running.title}${running.output ? `: ${short(running.output)}` : ''}`;
    } else if (skipped) {
      line = `:fast_forward: \`${groupName(group)}\` left as it is`;
    } else if (list.some((s) => s.state !== 'pending') && !allSettled) {
      const next = list.find((s) => s.state === 'pending');
      line = `:arrows_counterclockwise: \`${groupName(group)}\` next: ${next?.title ?? ''}`;
    } else if (!isSubjectGroup(list)) {
      // Bookkeeping (a pool's record, CoreDNS) is not one of the units counted.
    } else if (allSettled) {
      done++;
    } else {
      waiting++;
    }
    if (line === undefined) continue;
    if (lines.length < MAX_LINES) lines.push(line);
    else hidden++;
  }
  const counts = [
    done > 0 ? `${done} done` : '',
    waiting > 0 ? `${waiting} waiting` : '',
    hidden > 0 ? `${hidden} more under way` : '',
  ].filter(Boolean);
  if (counts.length > 0) lines.push(`${counts.join(' · ')} (${unit})`);
  return lines;
}

/**
 * For a change that runs in waves (a fleet), one line per wave: how many of its groups are done,
 * running, left or waiting, and whether it is baking; e.g. `Wave 1 (canary): 2/2 pools done · baked`.
 */
export function waveLines(
  steps: readonly StepRecord[],
  unit: string,
  names: readonly string[] = [],
): string[] {
  if (!steps.some((s) => s.wave !== undefined)) return [];
  const byWave = new Map<number, StepRecord[][]>();
  for (const list of groupsOf(steps).values()) {
    const w = list[0]?.wave ?? 0;
    byWave.set(w, [...(byWave.get(w) ?? []), list]);
  }
  const lines: string[] = [];
  for (const w of [...byWave.keys()].filter((k) => k % 2 === 0).sort((a, b) => a - b)) {
    const groups = byWave.get(w) ?? [];
    const bake = byWave.get(w + 1)?.[0];
    const settled = (l: StepRecord[]) => l.every((s) => s.state === 'done' || s.state === 'skipped');
    const leftN = groups.filter((l) => l.some((s) => s.output?.startsWith(LEFT))).length;
    const done = groups.filter(settled).length - leftN;
    const running = groups.filter((l) => !settled(l) && l.some((s) => s.state !== 'pending')).length;
    const failed = groups.filter((l) => l.some((s) => s.state === 'failed')).length;
    const parts = [`${done}/${groups.length} ${unit} done`];
    if (running > 0) parts.push(`${running} running`);
    if (failed > 0) parts.push(`${failed} failed`);
    if (leftN > 0) parts.push(`${leftN} left for later`);
    const bakeStep = bake?.[0];
    // The bake's own progress says "baking wave N: …".
    if (bakeStep?.state === 'running') parts.push(bakeStep.output ? short(bakeStep.output) : 'baking');
    else if (bakeStep?.state === 'done') parts.push('baked');
    else if (bakeStep?.state === 'failed') parts.push(`bake stopped: ${short(bakeStep.output ?? '')}`);
    const name = names[w / 2];
    lines.push(`*Wave ${w / 2 + 1}*${name ? ` (${name})` : ''}: ${parts.join(' · ')}`);
  }
  return lines;
}
