import { decodeSlackEntities } from '../../sim/console/mrkdwn';

/** Block Kit as readable terminal text, for the slack CLI. */
type Obj = Record<string, unknown>;

const textOf = (t: unknown): string => (t && typeof t === 'object' ? String((t as Obj).text ?? '') : '');

/**
 * Slack text as its client shows it: control sequences (<@U…>, <#C…>, <!date^…|fallback>,
 * <url|label>) as plain words, then the entities `&lt;`, `&gt;`, `&amp;` as the characters.
 */
export function plain(mrkdwn: string): string {
  return decodeSlackEntities(
    mrkdwn
      .replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1')
      .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, '@$1')
      .replace(/<#([A-Z0-9]+)(\|[^>]*)?>/g, '#$1')
      .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)'),
  );
}

/** A plain_text object as Slack shows it: no control sequences, but the same entities. */
const plainText = (t: unknown): string => decodeSlackEntities(textOf(t));

export function renderBlocks(blocks: Obj[] | undefined, fallback: string): string {
  if (!blocks || blocks.length === 0) return plain(fallback);
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        out.push(`== ${plainText(b.text)} ==`);
        break;
      case 'section': {
        if (b.text) out.push(plain(textOf(b.text)));
        const fields = (b.fields as Obj[] | undefined) ?? [];
        if (fields.length) out.push(fields.map((f) => plain(textOf(f))).join(' | '));
        if (b.accessory && (b.accessory as Obj).type === 'button')
          out.push(`  [${plainText((b.accessory as Obj).text)}]`);
        break;
      }
      case 'context':
        out.push(`  ${((b.elements as Obj[]) ?? []).map((e) => plain(textOf(e))).join('  ')}`);
        break;
      case 'actions':
        out.push(
          ((b.elements as Obj[]) ?? []).map((e) => `[${plainText(e.text) || String(e.type)}]`).join(' '),
        );
        break;
      case 'divider':
        out.push('---');
        break;
      case 'input':
        out.push(
          `${plainText(b.label)}${b.optional ? ' (optional)' : ''}: ${describeInput(b.element as Obj)}`,
        );
        break;
      default:
        out.push(`(${String(b.type)} block)`);
    }
  }
  return out.join('\n');
}

/** A form field: its kind, its choices, what it holds already. */
function describeInput(element: Obj | undefined): string {
  if (!element) return '<input>';
  const groups = (element.option_groups as { options?: Obj[] }[] | undefined) ?? [];
  const options = [
    ...((element.options as Obj[] | undefined) ?? []),
    ...groups.flatMap((g) => g.options ?? []),
  ].map((o) => plainText(o.text));
  const initial =
    element.initial_value ?? plainText((element.initial_option as Obj | undefined)?.text) ?? undefined;
  const parts = [`<${String(element.type)}>`];
  if (options.length) parts.push(`one of: ${options.join(' | ')}`);
  if (element.placeholder) parts.push(`e.g. ${plainText(element.placeholder)}`);
  if (initial) parts.push(`now: ${String(initial)}`);
  return parts.join(' ');
}

/** Buttons anywhere in the blocks, by label, for --click. */
export function findButton(
  blocks: Obj[] | undefined,
  label: string,
): { block_id?: string; button: Obj } | undefined {
  for (const b of blocks ?? []) {
    const candidates = [
      ...((b.elements as Obj[] | undefined) ?? []),
      ...(b.accessory ? [b.accessory as Obj] : []),
    ];
    const button = candidates.find(
      (e) => e.type === 'button' && plainText(e.text).toLowerCase() === label.toLowerCase(),
    );
    if (button) return { block_id: b.block_id as string | undefined, button };
  }
  return undefined;
}
