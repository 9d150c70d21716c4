import { groupsOf, isSubjectGroup, type StepRecord } from '../../domain/changes/journal';

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
    let line: string | undefined;
    if (failed) {
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
