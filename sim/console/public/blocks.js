// Block Kit as HTML, close to how the Slack client lays it out. mrkdwn arrives rendered (the console
// server runs it through slack-markdown); anything not handled here shows as an "unsupported" box.

import htm from 'htm';
import { h } from 'preact';
import { useState } from 'preact/hooks';

export const html = htm.bind(h);

const plain = (t) => (t ? t.text : '');

/** A text object: mrkdwn as the server-rendered HTML, plain_text as text. */
export function Text({ t, cls }) {
  if (!t) return null;
  if (t.type === 'mrkdwn')
    return html`<span class=${`mrkdwn ${cls ?? ''}`} dangerouslySetInnerHTML=${{ __html: t.html ?? '' }} />`;
  return html`<span class=${cls ?? ''}>${t.text}</span>`;
}

export function Unsupported({ what, json }) {
  return html`<div class="unsupported" data-testid="unsupported">
    <div class="unsupported-title">Unsupported ${what}</div>
    <pre>${JSON.stringify(json, null, 2)}</pre>
  </div>`;
}

const optionsOf = (el) => el.options ?? (el.option_groups ?? []).flatMap((g) => g.options ?? []);
const same = (a, b) => a && b && a.value === b.value;

/**
 * Interactive elements. `ctx.act(blockId, actionPayload)` sends block_actions; `ctx.set(blockId, actionId, value)`
 * records a view input's state; `ctx.users`/`ctx.channels` feed the user and conversation selects.
 */
export function Element({ el, blockId, ctx, inInput }) {
  const actionId = el.action_id;
  const fire = (extra) => ctx.act?.(blockId, { type: el.type, action_id: actionId, ...extra }, el.confirm);
  switch (el.type) {
    case 'button':
      return html`<button type="button" class=${`btn ${el.style ?? ''}`} data-action=${actionId}
        onClick=${() => {
          if (el.url) window.open(el.url, '_blank', 'noopener');
          fire({ text: el.text, value: el.value, ...(el.style ? { style: el.style } : {}) });
        }}>
        ${plain(el.text)}</button>`;
    case 'static_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return html`<${SingleSelect} el=${el} blockId=${blockId} ctx=${ctx} inInput=${inInput} fire=${fire} />`;
    case 'multi_static_select':
    case 'multi_users_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
      return html`<${MultiSelect} el=${el} blockId=${blockId} ctx=${ctx} inInput=${inInput} fire=${fire} />`;
    case 'external_select':
    case 'multi_external_select':
      return html`<${ExternalSelect} el=${el} blockId=${blockId} ctx=${ctx} inInput=${inInput} fire=${fire} />`;
    case 'overflow':
      return html`<select class="overflow" aria-label="More actions" onChange=${(e) => {
        const o = el.options[Number(e.target.value)];
        e.target.value = '';
        if (o) fire({ selected_option: o });
      }}><option value="">⋯</option>${el.options.map((o, i) => html`<option value=${i}>${plain(o.text)}</option>`)}</select>`;
    case 'plain_text_input': {
      const onInput = (e) => ctx.set?.(blockId, actionId, { type: el.type, value: e.target.value });
      const props = {
        name: `${blockId}.${actionId}`,
        placeholder: plain(el.placeholder),
        onInput,
        defaultValue: el.initial_value ?? '',
        // An input with dispatch_action sends block_actions when the person presses Enter.
        onKeyDown: (e) => {
          if (e.key === 'Enter' && !inInput && !el.multiline) {
            e.preventDefault();
            fire({ value: e.target.value });
          }
        },
      };
      return el.multiline
        ? html`<textarea rows="5" ...${props}></textarea>`
        : html`<input type="text" ...${props} />`;
    }
    case 'number_input': {
      // Slack's number input: whole numbers unless is_decimal_allowed, within min_value and max_value.
      const onInput = (e) => ctx.set?.(blockId, actionId, { type: el.type, value: e.target.value || null });
      return html`<input type="number" name=${`${blockId}.${actionId}`} placeholder=${plain(el.placeholder)}
        step=${el.is_decimal_allowed ? 'any' : '1'} min=${el.min_value} max=${el.max_value}
        defaultValue=${el.initial_value ?? ''} onInput=${onInput} />`;
    }
    case 'checkboxes':
    case 'radio_buttons':
      return html`<${Choices} el=${el} blockId=${blockId} ctx=${ctx} inInput=${inInput} fire=${fire} />`;
    case 'file_input':
      return html`<${FileInput} el=${el} blockId=${blockId} ctx=${ctx} />`;
    case 'image':
      return html`<img class="ctx-image" src=${el.image_url} alt=${el.alt_text} />`;
    default:
      return html`<${Unsupported} what=${`element ${el.type}`} json=${el} />`;
  }
}

function Choices({ el, blockId, ctx, inInput, fire }) {
  const actionId = el.action_id;
  const multi = el.type === 'checkboxes';
  const [chosen, setChosen] = useState(
    multi ? (el.initial_options ?? []) : el.initial_option ? [el.initial_option] : [],
  );
  const toggle = (o) => {
    const next = multi
      ? chosen.some((c) => same(c, o))
        ? chosen.filter((c) => !same(c, o))
        : [...chosen, o]
      : [o];
    setChosen(next);
    const value = multi ? { type: el.type, selected_options: next } : { type: el.type, selected_option: o };
    ctx.set?.(blockId, actionId, value);
    if (!inInput) fire(multi ? { selected_options: next } : { selected_option: o });
  };
  return html`<div class="choices">${el.options.map(
    (o) => html`<label class="choice">
        <input type=${multi ? 'checkbox' : 'radio'} name=${`${blockId}.${actionId}`} checked=${chosen.some((c) => same(c, o))} onChange=${() => toggle(o)} />
        <${Text} t=${o.text} />${o.description ? html`<div class="hint"><${Text} t=${o.description} /></div>` : null}</label>`,
  )}</div>`;
}

function choicesFor(el, ctx) {
  if (el.type.includes('users'))
    return ctx.users.map((u) => ({ text: { type: 'plain_text', text: u.name }, value: u.id }));
  if (el.type.includes('conversations') || el.type.includes('channels'))
    return ctx.channels.map((c) => ({ text: { type: 'plain_text', text: `#${c.name}` }, value: c.id }));
  return optionsOf(el);
}

function selectedValue(el, o) {
  if (el.type.includes('users')) return { selected_user: o.value };
  if (el.type.includes('channels')) return { selected_channel: o.value };
  if (el.type.includes('conversations')) return { selected_conversation: o.value };
  return { selected_option: o };
}

function SingleSelect({ el, blockId, ctx, inInput, fire }) {
  const options = choicesFor(el, ctx);
  const initial =
    el.initial_option?.value ?? el.initial_user ?? el.initial_conversation ?? el.initial_channel ?? '';
  const onChange = (e) => {
    const o = options.find((x) => x.value === e.target.value);
    const value = o ? { type: el.type, ...selectedValue(el, o) } : { type: el.type, selected_option: null };
    ctx.set?.(blockId, el.action_id, value);
    if (!inInput && o) fire(selectedValue(el, o));
  };
  return html`<select name=${`${blockId}.${el.action_id}`} onChange=${onChange} data-action=${el.action_id}>
    <option value="" selected=${!initial}>${plain(el.placeholder) || 'Select an item'}</option>
    ${
      el.option_groups && !el.type.includes('users')
        ? el.option_groups.map(
            (g) =>
              html`<optgroup label=${plain(g.label)}>${g.options.map((o) => html`<option value=${o.value} selected=${o.value === initial}>${plain(o.text)}</option>`)}</optgroup>`,
          )
        : options.map(
            (o) => html`<option value=${o.value} selected=${o.value === initial}>${plain(o.text)}</option>`,
          )
    }
  </select>`;
}

function MultiSelect({ el, blockId, ctx, inInput, fire }) {
  const options = choicesFor(el, ctx);
  const initial = new Set([
    ...(el.initial_options ?? []).map((o) => o.value),
    ...(el.initial_users ?? []),
    ...(el.initial_conversations ?? []),
    ...(el.initial_channels ?? []),
  ]);
  const onChange = (e) => {
    const chosen = [...e.target.selectedOptions]
      .map((x) => options.find((o) => o.value === x.value))
      .filter(Boolean);
    const key = el.type.includes('users')
      ? 'selected_users'
      : el.type.includes('channels')
        ? 'selected_channels'
        : el.type.includes('conversations')
          ? 'selected_conversations'
          : 'selected_options';
    const picked = key === 'selected_options' ? chosen : chosen.map((o) => o.value);
    ctx.set?.(blockId, el.action_id, { type: el.type, [key]: picked });
    if (!inInput) fire({ [key]: picked });
  };
  return html`<select multiple size=${Math.min(options.length, 5)} name=${`${blockId}.${el.action_id}`} onChange=${onChange}>
    ${options.map((o) => html`<option value=${o.value} selected=${initial.has(o.value)}>${plain(o.text)}</option>`)}
  </select>`;
}

/** Options come from the app (block_suggestion) as the person types, after min_query_length characters. */
function ExternalSelect({ el, blockId, ctx, inInput, fire }) {
  const multi = el.type === 'multi_external_select';
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState([]);
  const [chosen, setChosen] = useState(
    multi ? (el.initial_options ?? []) : el.initial_option ? [el.initial_option] : [],
  );
  const search = async (value) => {
    setQuery(value);
    if (value.length < (el.min_query_length ?? 3)) return setOptions([]);
    const answer = await ctx.suggest(blockId, el.action_id, value);
    setOptions(answer.options ?? (answer.option_groups ?? []).flatMap((g) => g.options ?? []));
  };
  const pick = (o) => {
    const next = multi ? [...chosen.filter((c) => !same(c, o)), o] : [o];
    setChosen(next);
    setOptions([]);
    setQuery('');
    const value = multi ? { selected_options: next } : { selected_option: o };
    ctx.set?.(blockId, el.action_id, { type: el.type, ...value });
    if (!inInput) fire(value);
  };
  return html`<div class="external-select">
    ${chosen.length ? html`<div class="chosen">${chosen.map((c) => html`<span class="chip">${plain(c.text)}</span>`)}</div>` : null}
    <input type="text" name=${`${blockId}.${el.action_id}`} value=${query} placeholder=${plain(el.placeholder) || 'Type to search'} onInput=${(e) => search(e.target.value)} />
    ${options.length ? html`<ul class="suggestions">${options.map((o) => html`<li><button type="button" onClick=${() => pick(o)}>${plain(o.text)}</button></li>`)}</ul>` : null}
  </div>`;
}

/**
 * Slack's file input: a file picked from disk (limited to its filetypes, as Slack limits the picker),
 * or text pasted as a file. Either is stored by the fake Slack and shared with the app as a file object.
 */
function FileInput({ el, blockId, ctx }) {
  const [status, setStatus] = useState('');
  const attach = async (content, name) => {
    const file = await ctx.upload(content, name);
    ctx.set?.(blockId, el.action_id, { type: 'file_input', files: [file] });
    setStatus(`attached as ${file.name} (${file.size} bytes)`);
  };
  const onPaste = async (e) => {
    const content = e.target.value;
    if (!content.trim()) {
      ctx.set?.(blockId, el.action_id, { type: 'file_input', files: [] });
      setStatus('');
      return;
    }
    await attach(content, `pasted.${(el.filetypes ?? ['txt'])[0]}`);
  };
  const onPick = async (e) => {
    const picked = e.target.files?.[0];
    if (!picked) return;
    await attach(await picked.text(), picked.name);
  };
  const accept = el.filetypes ? el.filetypes.map((t) => `.${t}`).join(',') : undefined;
  return html`<div class="file-input">
    <input type="file" name=${`${blockId}.${el.action_id}.file`} accept=${accept} onChange=${onPick} />
    <textarea rows="4" name=${`${blockId}.${el.action_id}`} placeholder="…or paste the file's contents here" onChange=${onPaste}></textarea>
    <div class="hint">${status || `A file${el.filetypes ? ` (${el.filetypes.join(', ')})` : ''}: pick it, or paste its text; it is shared with the app as a file.`}</div></div>`;
}

function RichText({ block }) {
  const inline = (e) => {
    const s = e.style ?? {};
    let node;
    switch (e.type) {
      case 'text':
        node = e.text;
        break;
      case 'link':
        node = html`<a href=${e.url} target="_blank">${e.text ?? e.url}</a>`;
        break;
      case 'user':
        node = html`<span class="s-mention">@${e.user_id}</span>`;
        break;
      case 'channel':
        node = html`<span class="s-mention">#${e.channel_id}</span>`;
        break;
      case 'emoji':
        node = e.unicode
          ? String.fromCodePoint(...e.unicode.split('-').map((x) => parseInt(x, 16)))
          : `:${e.name}:`;
        break;
      default:
        node = html`<${Unsupported} what=${`rich text element ${e.type}`} json=${e} />`;
    }
    if (s.code) node = html`<code>${node}</code>`;
    if (s.bold) node = html`<strong>${node}</strong>`;
    if (s.italic) node = html`<em>${node}</em>`;
    if (s.strike) node = html`<del>${node}</del>`;
    return node;
  };
  const part = (p) => {
    switch (p.type) {
      case 'rich_text_section':
        return html`<div>${p.elements.map(inline)}</div>`;
      case 'rich_text_preformatted':
        return html`<pre><code>${p.elements.map(inline)}</code></pre>`;
      case 'rich_text_quote':
        return html`<blockquote>${p.elements.map(inline)}</blockquote>`;
      case 'rich_text_list': {
        const items = p.elements.map((s) => html`<li>${s.elements.map(inline)}</li>`);
        return p.style === 'ordered' ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`;
      }
      default:
        return html`<${Unsupported} what=${`rich text part ${p.type}`} json=${p} />`;
    }
  };
  return html`<div class="block rich-text">${block.elements.map(part)}</div>`;
}

/** One block; `errors` are a view's field errors (response_action: errors), by block_id. */
export function Block({ block, index, ctx, errors }) {
  const id = block.block_id ?? `b${index}`;
  switch (block.type) {
    case 'header':
      return html`<div class="block header"><${Text} t=${block.text} /></div>`;
    case 'section':
      return html`<div class="block section" data-block=${id}>
        <div class="section-body">
          ${block.text ? html`<div class="section-text"><${Text} t=${block.text} /></div>` : null}
          ${block.fields ? html`<div class="fields">${block.fields.map((f) => html`<div class="field"><${Text} t=${f} /></div>`)}</div>` : null}
        </div>
        ${block.accessory ? html`<div class="accessory">${block.accessory.type === 'image' ? html`<img class="accessory-image" src=${block.accessory.image_url} alt=${block.accessory.alt_text} />` : html`<${Element} el=${block.accessory} blockId=${id} ctx=${ctx} />`}</div>` : null}
      </div>`;
    case 'context':
      return html`<div class="block context">${block.elements.map((e) => (e.type === 'image' ? html`<img class="ctx-image" src=${e.image_url} alt=${e.alt_text} />` : html`<${Text} t=${e} />`))}</div>`;
    case 'divider':
      return html`<hr class="block divider" />`;
    case 'actions':
      return html`<div class="block actions" data-block=${id}>${block.elements.map((el) => html`<${Element} el=${el} blockId=${id} ctx=${ctx} />`)}</div>`;
    case 'image':
      return html`<figure class="block image">${block.title ? html`<figcaption><${Text} t=${block.title} /></figcaption>` : null}<img src=${block.image_url} alt=${block.alt_text} /></figure>`;
    case 'rich_text':
      return html`<${RichText} block=${block} />`;
    case 'input': {
      const error = errors?.[id];
      return html`<div class=${`block input ${error ? 'has-error' : ''}`} data-block=${id}>
        <label class="input-label">${plain(block.label)}${block.optional ? html`<span class="optional"> (optional)</span>` : null}</label>
        <${Element} el=${block.element} blockId=${id} ctx=${ctx} inInput=${!block.dispatch_action} />
        ${block.hint ? html`<div class="hint"><${Text} t=${block.hint} /></div>` : null}
        ${error ? html`<div class="field-error" role="alert">${error}</div>` : null}
      </div>`;
    }
    default:
      return html`<${Unsupported} what=${`block ${block.type}`} json=${block} />`;
  }
}

export function Blocks({ blocks, ctx, errors }) {
  return html`<div class="blocks">${(blocks ?? []).map((b, i) => html`<${Block} key=${b.block_id ?? `b${i}`} block=${b} index=${i} ctx=${ctx} errors=${errors} />`)}</div>`;
}

/** The state.values a view starts with: initial values, as Slack reports them before anyone types. */
export function initialState(blocks) {
  const values = {};
  (blocks ?? []).forEach((b, i) => {
    if (b.type !== 'input' || !b.element) return;
    const el = b.element;
    const id = b.block_id ?? `b${i}`;
    let v;
    switch (el.type) {
      case 'plain_text_input':
      case 'number_input':
        v = { type: el.type, value: el.initial_value ?? null };
        break;
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        v = { type: el.type, selected_option: el.initial_option ?? null };
        break;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        v = { type: el.type, selected_options: el.initial_options ?? [] };
        break;
      case 'file_input':
        v = { type: el.type, files: [] };
        break;
      case 'users_select':
        v = { type: el.type, selected_user: el.initial_user ?? null };
        break;
      default:
        v = { type: el.type };
    }
    values[id] = { [el.action_id]: v };
  });
  return values;
}
