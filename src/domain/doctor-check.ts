import type { ClusterFacts } from './facts';

/** One line of the doctor's checklist: what was found and, unless it passed, how to fix it. */
export interface CheckItem {
  id: string;
  title: string;
  result: 'pass' | 'warn' | 'fail';
  found: string;
  fix?: string;
}

export type Check = (facts: ClusterFacts) => CheckItem;

/** Lists a few items and counts the rest, so a checklist line stays short on large clusters. */
export function listSome(items: readonly string[], shown = 5): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
