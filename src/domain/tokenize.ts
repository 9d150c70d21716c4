/**
 * Splits slash-command text into words, honouring "double" and 'single' quotes and the curly
 * quotes Slack's clients type. (string-argv, the usual library, ships only as an ES module
 * that CommonJS cannot require.)
 */
export function tokenize(text: string): string[] {
  const normalized = text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
  const words: string[] = [];
  // A lone quote with no partner is kept as a plain character.
  const re = /"([^"]*)"|'([^']*)'|([^\s"']+|["'])/g;
  let current = '';
  let lastEnd = -1;
  for (const m of normalized.matchAll(re)) {
    const piece = m[1] ?? m[2] ?? m[3] ?? '';
    // Pieces that touch (--user="U0 ABC") belong to one word.
    if (m.index === lastEnd) current += piece;
    else {
      if (lastEnd !== -1) words.push(current);
      current = piece;
    }
    lastEnd = m.index + m[0].length;
  }
  if (lastEnd !== -1) words.push(current);
  return words;
}
