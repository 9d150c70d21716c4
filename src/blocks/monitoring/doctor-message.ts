import { type CheckItem, doctorSummary } from '../../domain/doctor';
import { context, header, section } from '../elements';
import { LIMITS } from '../limits';
import type { SlackMessage } from '../types';

const ICON: Record<CheckItem['result'], string> = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
};

/** The doctor's checklist: one section per requirement, with what was found and how to fix it. */
export function doctorMessage(cluster: string, items: readonly CheckItem[], checkedAt: number): SlackMessage {
  const { pass, warn, fail } = doctorSummary(items);
  const verdict =
    fail > 0
      ? `not ready for hybrid nodes: ${fail} failed`
      : warn > 0
        ? 'ready for hybrid nodes, with warnings'
        : 'ready for hybrid nodes';
  const summary = `Doctor for ${cluster}: ${verdict} (${pass} pass, ${warn} warn, ${fail} fail).`;
  const lines = items.map((item) => {
    const fix = item.fix ? `\n_Fix:_ ${item.fix}` : '';
    return section(`${ICON[item.result]} *${item.title}* (${item.result})\n${item.found}${fix}`);
  });
  const blocks = [
    header(`Doctor: ${cluster}`),
    section(summary),
    // Leave room for the header, summary and footer within the message's block limit.
    ...lines.slice(0, LIMITS.blocksPerMessage - 3),
    context(
      `Checked <!date^${Math.floor(checkedAt / 1000)}^{date_short_pretty} {time}|${new Date(checkedAt).toISOString()}>`,
    ),
  ];
  const failing = items.filter((i) => i.result !== 'pass').map((i) => `${i.result}: ${i.title}`);
  const text = [summary, ...failing].join('\n').slice(0, LIMITS.fallbackText);
  return { text, blocks };
}
