import { toHTML } from 'slack-markdown';

/** Slack mrkdwn as HTML for the console (slack-markdown parses; the console fills in names and dates). */
type Obj = Record<string, unknown>;

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Slack's three entities, as its client shows them: `&lt;activation code&gt;` reads `<activation code>`. */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_, name: 'lt' | 'gt' | 'amp') => ENTITIES[name]);
}
const ENTITIES = { lt: '<', gt: '>', amp: '&' } as const;

/** `<!date^…>` tokens, formatted the way the Slack client does for a reader in UTC. */
export function formatSlackDate(timestamp: number, format: string): string {
  const d = new Date(timestamp * 1000);
  const day = (opts: Intl.DateTimeFormatOptions) =>
    d.toLocaleDateString('en-US', { timeZone: 'UTC', ...opts });
  const time = (secs: boolean) =>
    d.toLocaleTimeString('en-US', {
      timeZone: 'UTC',
      hour: 'numeric',
      minute: '2-digit',
      ...(secs ? { second: '2-digit' } : {}),
    });
  const agoSeconds = Math.round((Date.now() - d.getTime()) / 1000);
  const ago =
    Math.abs(agoSeconds) < 60
      ? 'just now'
      : agoSeconds > 0
        ? `${Math.round(agoSeconds / 60)} minutes ago`
        : `in ${Math.round(-agoSeconds / 60)} minutes`;
  const tokens: Record<string, string> = {
    date_num: d.toISOString().slice(0, 10),
    date: day({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short: day({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: day({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    date_pretty: day({ month: 'long', day: 'numeric', year: 'numeric' }),
    date_short_pretty: day({ month: 'short', day: 'numeric', year: 'numeric' }),
    date_long_pretty: day({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    time: `${time(false)} UTC`,
    time_secs: `${time(true)} UTC`,
    ago,
  };
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => tokens[name] ?? whole);
}

export function mrkdwnToHtml(text: string, names: Record<string, string> = {}): string {
  // slack-markdown escapes the `&` of Slack's own entities again (`&amp;lt;`); in HTML they are
  // the same entities, so the page shows the character, as Slack's client does.
  return toHTML(text, {
    hrefTarget: '_blank',
    slackCallbacks: {
      user: ({ id, name }) => `@${escapeHtml(names[id] ?? name ?? id)}`,
      channel: ({ id, name }) => `#${escapeHtml(names[id] ?? name ?? id)}`,
      usergroup: ({ id, name }) => `@${escapeHtml(name || id)}`,
      date: ({ timestamp, format, fallback }) => {
        const n = Number(timestamp);
        return escapeHtml(Number.isFinite(n) ? formatSlackDate(n, format) : fallback);
      },
    },
  }).replace(/&amp;(lt|gt|amp);/g, '&$1;');
}

/**
 * A copy of the blocks (or view) in which every mrkdwn text object also carries `html`, and each
 * plain_text object's entities are decoded, so the browser only has to place the HTML and the text.
 */
export function withHtml<T>(value: T, names: Record<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => withHtml(v, names)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) out[k] = withHtml(v, names);
  if (out.type === 'mrkdwn' && typeof out.text === 'string') out.html = mrkdwnToHtml(out.text, names);
  if (out.type === 'plain_text' && typeof out.text === 'string') out.text = decodeSlackEntities(out.text);
  return out as T;
}
