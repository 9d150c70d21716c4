/** The command as its parts were read, written back as one line that reads the same way again. */
export function commandLine(c: {
  command: string;
  positionals: Record<string, string>;
  options: Record<string, string | boolean | string[] | undefined>;
}): string {
  const word = (v: string) => (v === '' || /[\s"']/.test(v) ? `"${v.replace(/"/g, "'")}"` : v);
  const parts = [c.command, ...Object.values(c.positionals).map(word)];
  for (const [name, value] of Object.entries(c.options)) {
    if (value === true) parts.push(`--${name}`);
    else if (typeof value === 'string') parts.push(`--${name}`, word(value));
    else if (Array.isArray(value)) parts.push(`--${name}`, word(value.join(',')));
  }
  return `/hybrid ${parts.join(' ')}`;
}
