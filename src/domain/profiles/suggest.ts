import { closest, distance } from 'fastest-levenshtein';

/** ` Did you mean "x"?` when a near name exists, else an empty string. */
export function didYouMean(tried: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const candidate = closest(tried, [...names]);
  const lowerMatch = candidate.toLowerCase() === tried.toLowerCase();
  const near = distance(tried, candidate) <= Math.max(2, Math.floor(candidate.length / 3));
  return lowerMatch || near ? ` Did you mean "${candidate}"?` : '';
}
