/** "1 host", "2 hosts": the count with its noun, plural unless one. `many` for nouns not made with -s. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A plural unit ("nodes", "CNI layers") for one of it. */
export function singular(unit: string): string {
  return unit.endsWith('s') ? unit.slice(0, -1) : unit;
}
