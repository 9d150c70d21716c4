import { escapeMrkdwn, escapePlaceholders } from '../../../src/blocks/mrkdwn';
import { everySurface } from '../../support/bot-surfaces';

/** Every text Slack reads as mrkdwn or plain text in a message or view: text objects and a message's `text`. */
function textsOf(value: unknown, top = true): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => textsOf(v, false));
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const own =
    typeof o.text === 'string' && (top || o.type === 'mrkdwn' || o.type === 'plain_text') ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap((v) => textsOf(v, false))];
}

/** What Slack reads as a control sequence: a mention, a channel, a special command or date, a link. */
const CONTROL =
  /^<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!(?:here|channel|everyone|date\^|subteam\^)|https?:\/\/|mailto:)[^<>]*>/;

/** `<` or `>` Slack would read as part of a control sequence the bot did not mean. */
function strayBrackets(text: string): string[] {
  const stray: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '<') continue;
    const control = CONTROL.exec(text.slice(i));
    if (control) i += control[0].length - 1;
    else stray.push(text.slice(i, i + 40));
  }
  return stray;
}

describe('text the bot sends to Slack', () => {
  const surfaces = everySurface();

  it('escapes every placeholder such as <pool> or <activation code, on the host only> as &lt;…&gt;', () => {
    const stray = surfaces.flatMap((s) =>
      textsOf(s.value).flatMap((t) => strayBrackets(t).map((b) => `${s.name}: ${b}`)),
    );
    expect(stray).toEqual([]);
  });

  it('escapes once: no &amp;lt; where a placeholder was escaped twice', () => {
    const twice = surfaces.flatMap((s) =>
      textsOf(s.value)
        .filter((t) => /&amp;(lt|gt|amp);/.test(t))
        .map((t) => `${s.name}: ${t.slice(0, 80)}`),
    );
    expect(twice).toEqual([]);
  });

  it("shows the NodeConfig preview's activation code as the placeholder it is", () => {
    const render = surfaces.find((s) => s.name === 'profile render');
    const texts = textsOf(render?.value).join('\n');
    expect(texts).toContain('activationCode: &lt;activation code, on the host only&gt;');
  });
});

describe('escapePlaceholders', () => {
  it("keeps the control sequences the bot means and a quote's >, escapes the rest once", () => {
    const text =
      '> quoted\n<@U0OPS> in <#C0OPS> at <!date^0^{date_num}|then>: see <https://a.example/x?a=1|docs>, `pool show <pool>`, a -> b';
    const once = escapePlaceholders(text);
    expect(once).toBe(
      '> quoted\n<@U0OPS> in <#C0OPS> at <!date^0^{date_num}|then>: see <https://a.example/x?a=1|docs>, `pool show &lt;pool&gt;`, a -&gt; b',
    );
    expect(escapePlaceholders(once)).toBe(once);
    expect(escapePlaceholders(escapeMrkdwn('<!channel> & <x>'))).toBe('&lt;!channel&gt; &amp; &lt;x&gt;');
  });
});
