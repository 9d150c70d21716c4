// The sandbox console's page: a Slack-like client for the simulated workspace. State arrives over
// server-sent events; everything a person does goes to the console server, which signs it for the bot.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Blocks, html, initialState, Text } from './blocks.js';

const params = new URLSearchParams(location.search);

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

function useWorkspace(as) {
  const [state, setState] = useState(undefined);
  useEffect(() => {
    const source = new EventSource(`/api/events?as=${encodeURIComponent(as)}`);
    source.onmessage = (e) => setState(JSON.parse(e.data));
    return () => source.close();
  }, [as]);
  return state;
}

const initials = (name) =>
  name
    .split(/[.\s-]/)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 2);
const timeOf = (ts) =>
  new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

function App() {
  const [as, setAs] = useState(params.get('as') ?? localStorage.getItem('sandbox-as') ?? 'U0OPERATOR');
  const [where, setWhere] = useState(params.get('c') ?? 'C0OPS');
  const [thread, setThread] = useState(undefined);
  const [confirming, setConfirming] = useState(undefined);
  const [simOpen, setSimOpen] = useState(true);
  const state = useWorkspace(as);
  useEffect(() => localStorage.setItem('sandbox-as', as), [as]);
  useEffect(() => {
    if (where === 'home') post('/api/home', { as });
  }, [where, as]);
  if (!state) return html`<div class="loading">Connecting to the sandbox…</div>`;

  // state: the view's input values at the click, as Slack sends them with block_actions from a modal.
  const act =
    (source) =>
    (blockId, action, confirm, state = {}) => {
      const send = () => post('/api/action', { as, source, blockId, action, state });
      if (confirm) setConfirming({ confirm, go: send });
      else send();
    };
  const ctx = (source) => ({
    act: act(source),
    users: state.users,
    channels: state.channels,
    upload: async (content, name) => (await post('/api/files', { as, content, name })).body,
    suggest: async (blockId, actionId, value) =>
      (await post('/api/suggest', { as, source, blockId, actionId, value })).body,
  });
  const me = state.users.find((u) => u.id === as);
  const conversation = where === 'home' ? undefined : where === 'dm' ? `D:${as}` : where;
  const title =
    where === 'home' ? 'hybrid-bot' : where === 'dm' ? 'hybrid-bot' : `#${state.names[where] ?? where}`;
  const inConversation = state.messages.filter((m) => m.conversation === conversation);
  const topLevel = inConversation.filter((m) => !m.threadTs || m.threadTs === m.ts);
  const replies = (ts) => inConversation.filter((m) => m.threadTs === ts && m.ts !== ts);
  const threadRoot = thread && inConversation.find((m) => m.ts === thread);

  return html`<div class=${`layout ${simOpen ? 'with-sim' : ''}`}>
    <aside class="sidebar">
      <div class="workspace-name">Sandbox workspace</div>
      <label class="act-as">Act as
        <select data-testid="act-as" value=${as} onChange=${(e) => setAs(e.target.value)}>
          ${state.users.map((u) => html`<option value=${u.id}>${u.name} (${u.role})</option>`)}
        </select>
      </label>
      <div class="section-title">Channels</div>
      ${state.channels.map(
        (c) => html`<a href="#" class=${`nav ${where === c.id ? 'active' : ''}`} data-channel=${c.name}
        onClick=${(e) => {
          e.preventDefault();
          setWhere(c.id);
          setThread(undefined);
        }}># ${c.name}</a>`,
      )}
      <div class="section-title">Apps</div>
      <a href="#" class=${`nav ${where === 'home' ? 'active' : ''}`} data-channel="home" onClick=${(e) => {
        e.preventDefault();
        setWhere('home');
        setThread(undefined);
      }}>⌂ hybrid-bot · Home</a>
      <a href="#" class=${`nav ${where === 'dm' ? 'active' : ''}`} data-channel="dm" onClick=${(e) => {
        e.preventDefault();
        setWhere('dm');
        setThread(undefined);
      }}>✉ hybrid-bot · Messages</a>
      <button type="button" class="sim-toggle" onClick=${() => setSimOpen(!simOpen)}>${simOpen ? 'Hide' : 'Show'} the simulator panel</button>
    </aside>
    <main class="main">
      <header class="channel-header"><strong>${title}</strong><span class="who">you are ${me?.name} (${me?.role})</span></header>
      ${
        where === 'home'
          ? html`<div class="home" data-testid="home">${state.home ? html`<${Blocks} blocks=${state.home.blocks} ctx=${ctx({ kind: 'view', viewId: state.home.id })} />` : html`<p class="muted">Opening the Home tab…</p>`}</div>`
          : html`<${MessageList} messages=${topLevel} replies=${replies} ctx=${ctx} names=${state.names} openThread=${setThread} />
          <${Composer} as=${as} conversation=${conversation} placeholder=${`Message ${title} — try /hybrid help`} />`
      }
    </main>
    ${
      threadRoot
        ? html`<aside class="thread" data-testid="thread">
      <header class="channel-header"><strong>Thread</strong><button type="button" class="close" onClick=${() => setThread(undefined)}>×</button></header>
      <${MessageList} messages=${[threadRoot, ...replies(threadRoot.ts)]} replies=${() => []} ctx=${ctx} names=${state.names} />
      <${Composer} as=${as} conversation=${conversation} threadTs=${threadRoot.ts} placeholder="Reply…" />
    </aside>`
        : null
    }
    ${simOpen ? html`<${SimPanel} as=${as} bootstraps=${state.bootstraps} helmCommands=${state.helmCommands ?? []} />` : null}
    ${state.modals.length ? html`<${Modal} key=${state.modals.at(-1).id} open=${state.modals.at(-1)} as=${as} ctx=${ctx} depth=${state.modals.length} />` : null}
    ${confirming ? html`<${Confirm} c=${confirming} done=${() => setConfirming(undefined)} />` : null}
  </div>`;
}

function MessageList({ messages, replies, ctx, names, openThread }) {
  const end = useRef(undefined);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages.length]);
  return html`<div class="messages" data-testid="messages">
    ${messages.map((m) => html`<${Message} m=${m} replies=${replies(m.ts)} ctx=${ctx({ kind: 'message', ts: m.ts })} names=${names} openThread=${openThread} />`)}
    <div ref=${end}></div>
  </div>`;
}

function Message({ m, replies, ctx, names, openThread }) {
  const name = names[m.user] ?? m.user;
  const isBot = m.user === 'U0HYBRIDBOT';
  return html`<div class=${`message ${m.ephemeralTo ? 'ephemeral' : ''} ${m.system ? 'system' : ''}`} data-ts=${m.ts} data-testid="message">
    <div class=${`avatar ${isBot ? 'bot' : ''}`}>${isBot ? 'HB' : initials(name)}</div>
    <div class="message-body">
      <div class="message-meta"><strong>${name}</strong>${isBot ? html`<span class="app-badge">APP</span>` : null}<span class="time">${timeOf(m.ts)}</span></div>
      ${m.blocks?.length ? html`<${Blocks} blocks=${m.blocks} ctx=${ctx} />` : html`<div class="mrkdwn" dangerouslySetInnerHTML=${{ __html: m.html ?? '' }} />`}
      ${(m.files ?? []).map((f) => html`<a class="file" href=${`/files/${f.id}/${encodeURIComponent(f.title)}`} download=${f.title}>📄 ${f.title}<span class="muted"> · download</span></a>`)}
      ${m.edited ? html`<span class="edited">(edited)</span>` : null}
      ${m.ephemeralTo ? html`<div class="only-you">👁 Only visible to you</div>` : null}
      ${
        replies.length && openThread
          ? html`<a href="#" class="replies" onClick=${(e) => {
              e.preventDefault();
              openThread(m.ts);
            }}>${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</a>`
          : null
      }
    </div>
  </div>`;
}

function Composer({ as, conversation, threadTs, placeholder }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async (e) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    await post('/api/command', { as, conversation, text, threadTs });
    setBusy(false);
    setText('');
  };
  return html`<form class="composer" onSubmit=${send}>
    <input data-testid="composer" value=${text} onInput=${(e) => setText(e.target.value)} placeholder=${placeholder} disabled=${busy} />
    <button type="submit" class="btn primary" disabled=${busy}>Send</button>
  </form>`;
}

function Modal({ open, as, ctx, depth }) {
  const view = open.view;
  // views.update keeps what the person typed in inputs whose block_id and action_id stay, as Slack does.
  const values = useRef(undefined);
  const seenHash = useRef(undefined);
  if (seenHash.current !== open.hash) {
    const fresh = initialState(view.blocks);
    for (const [blockId, actions] of Object.entries(fresh)) {
      for (const actionId of Object.keys(actions)) {
        const kept = values.current?.[blockId]?.[actionId];
        if (kept) actions[actionId] = kept;
      }
    }
    values.current = fresh;
    seenHash.current = open.hash;
  }
  const [busy, setBusy] = useState(false);
  const c = {
    ...ctx({ kind: 'view', viewId: open.id }),
    set: (blockId, actionId, value) => {
      values.current[blockId] = { ...(values.current[blockId] ?? {}), [actionId]: value };
    },
  };
  const inner = c.act;
  c.act = (blockId, action, confirm) => inner(blockId, action, confirm, values.current);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    await post('/api/submit', { as, viewId: open.id, values: values.current });
    setBusy(false);
  };
  const generalError = open.errors?.[''];
  const close = () => post('/api/close', { as, viewId: open.id });
  const dialog = useDialog(close, open.id);
  const titleId = `modal-title-${open.id}`;
  return html`<div class="overlay">
    <form class="modal" data-testid="modal" data-callback=${view.callback_id} onSubmit=${submit}
      role="dialog" aria-modal="true" aria-labelledby=${titleId} tabIndex="-1" ref=${dialog}>
      <header class="modal-header"><strong id=${titleId}>${view.title?.text}</strong>${depth > 1 ? html`<span class="muted"> (${depth})</span>` : null}
        <button type="button" class="close" aria-label="Close" onClick=${close}>×</button></header>
      <div class="modal-body">
        <${Blocks} blocks=${view.blocks} ctx=${c} errors=${open.errors} />
        ${generalError ? html`<div class="field-error">${generalError}</div>` : null}
      </div>
      <footer class="modal-footer">
        <button type="button" class="btn" onClick=${close}>${view.close?.text ?? 'Cancel'}</button>
        ${view.submit ? html`<button type="submit" class="btn primary" disabled=${busy} data-testid="submit">${view.submit.text}</button>` : null}
      </footer>
    </form>
  </div>`;
}

/**
 * A modal dialog as Slack's client behaves and as assistive technology expects: focus moves into it
 * when it opens, and Escape closes the one on top. Returns the ref for the dialog element.
 */
function useDialog(close, key) {
  const ref = useRef(undefined);
  const closeRef = useRef(close);
  closeRef.current = close;
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e) => {
      // Only the dialog on top: Escape on a confirmation closes it, not the form under it.
      const top = [...document.querySelectorAll('[aria-modal="true"]')].at(-1);
      if (e.key === 'Escape' && top === ref.current) {
        e.preventDefault();
        closeRef.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [key]);
  return ref;
}

function Confirm({ c, done }) {
  const k = c.confirm;
  const dialog = useDialog(done, c);
  return html`<div class="overlay"><div class="modal confirm" data-testid="confirm" role="alertdialog" aria-modal="true"
    aria-labelledby="confirm-title" tabIndex="-1" ref=${dialog}>
    <header class="modal-header"><strong id="confirm-title">${k.title?.text ?? 'Are you sure?'}</strong></header>
    <div class="modal-body"><${Text} t=${k.text} /></div>
    <footer class="modal-footer">
      <button type="button" class="btn" onClick=${done}>${k.deny?.text ?? 'Cancel'}</button>
      <button type="button" class=${`btn ${k.style === 'danger' ? 'danger' : 'primary'}`} onClick=${() => {
        done();
        c.go();
      }}>${k.confirm?.text ?? 'Yes'}</button>
    </footer>
  </div></div>`;
}

const FAULT_SERVICES = ['eks', 'ssm', 'sts', 'kubernetes', 'slack'];

/** What the person at the site does: run the bootstrap, take nodes and sites down, make AWS misbehave. */
function SimPanel({ as, bootstraps, helmCommands }) {
  const [world, setWorld] = useState(undefined);
  const [faults, setFaults] = useState([]);
  const [result, setResult] = useState('');
  const refresh = async () => {
    const res = await fetch('/api/sim/state');
    if (res.ok) setWorld(await res.json());
  };
  useEffect(() => {
    refresh();
    const t = setInterval(refresh, 2000);
    return () => clearInterval(t);
  }, []);
  const run = async (label, path, body) => {
    const r = await post(path, { as, ...body });
    setResult(r.status === 200 ? `${label}: done` : `${label}: ${r.body.error ?? `HTTP ${r.status}`}`);
    if (path === '/api/sim/faults' && r.status === 200) setFaults(r.body.faults ?? r.body ?? []);
    refresh();
  };
  const injectFault = (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const rule = { service: f.get('service') };
    if (f.get('operation')) rule.operation = f.get('operation');
    for (const k of ['errorRate', 'throttleRate', 'latencyMs']) if (f.get(k)) rule[k] = Number(f.get(k));
    run(`Fault on ${rule.service}`, '/api/sim/faults', rule);
  };
  const clearFaults = async () => {
    await fetch('/api/sim/faults', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as }),
    });
    setFaults([]);
    setResult('Faults cleared');
  };
  const hybrid = (world?.nodes ?? []).filter((n) => n.computeType === 'hybrid');
  const registered = new Set((world?.hosts ?? []).filter((h) => h.managedInstanceId).map((h) => h.name));
  return html`<aside class="sim" data-testid="sim-panel">
    <header class="channel-header"><strong>Simulator</strong><span class="muted">what happens at the site</span></header>
    ${result ? html`<div class="sim-result" data-testid="sim-result">${result}</div>` : null}
    <section><h3>Bootstrap a host</h3>
      ${
        bootstraps.length
          ? bootstraps.map(
              (b) => html`<div class="row"><span>${b.host}</span>
        ${
          registered.has(b.host)
            ? html`<span class="ok">registered</span>`
            : html`<button type="button" class="btn primary small" data-bootstrap=${b.host}
          onClick=${() => run(`Bootstrap ${b.host}`, '/api/sim/bootstrap', { host: b.host })}>Run bootstrap</button>`
        }</div>`,
            )
          : html`<p class="muted">Register a host (<code>/hybrid host register</code>): the bootstrap the bot sends you shows up here, to run on the host.</p>`
      }
    </section>
    ${
      helmCommands.length
        ? html`<section><h3>Helm commands sent to you</h3>
      ${helmCommands.map(
        (h) => html`<div class="row"><span title=${h.command}>${h.cluster}</span>
        <button type="button" class="btn primary small" data-helm=${h.cluster}
          onClick=${() => run(`helm upgrade on ${h.cluster}`, '/api/sim/helm', { cluster: h.cluster })}>Run helm upgrade</button></div>`,
      )}
    </section>`
        : null
    }
    <section><h3>Sites</h3>
      ${(world?.sites ?? []).map(
        (s) => html`<div class="row"><span>${s.name} <span class="muted">${s.cidr}</span></span>
        <button type="button" class=${`btn small ${s.down ? 'primary' : 'danger'}`} data-site=${s.name}
          onClick=${() => run(`Site ${s.name}`, `/api/sim/sites/${encodeURIComponent(s.name)}/outage`, { down: !s.down })}>${s.down ? 'Bring back' : 'Take down'}</button></div>`,
      )}
    </section>
    <section><h3>Hybrid nodes</h3>
      ${
        hybrid.length
          ? hybrid.map(
              (
                n,
              ) => html`<div class="row"><span>${n.name} <span class=${n.ready ? 'ok' : 'bad'}>${n.ready ? 'Ready' : 'NotReady'}</span></span>
        <button type="button" class="btn small" data-node=${n.name}
          onClick=${() => run(`Node ${n.name}`, `/api/sim/nodes/${encodeURIComponent(n.name)}/ready`, { ready: !n.ready, cluster: n.cluster })}>${n.ready ? 'Take down' : 'Bring back'}</button></div>`,
            )
          : html`<p class="muted">No hybrid node has joined yet.</p>`
      }
    </section>
    <section><h3>AWS faults</h3>
      <form class="fault-form" onSubmit=${injectFault}>
        <select name="service">${FAULT_SERVICES.map((s) => html`<option value=${s}>${s}</option>`)}</select>
        <input name="operation" placeholder="operation (all)" />
        <input name="errorRate" type="number" min="0" max="1" step="0.1" placeholder="error rate 0–1" />
        <input name="throttleRate" type="number" min="0" max="1" step="0.1" placeholder="throttle rate 0–1" />
        <input name="latencyMs" type="number" min="0" step="100" placeholder="latency ms" />
        <button type="submit" class="btn danger small">Inject</button>
        <button type="button" class="btn small" onClick=${clearFaults}>Clear all</button>
      </form>
      ${faults.length ? html`<ul class="faults">${faults.map((f) => html`<li>${f.service}${f.operation ? ` ${f.operation}` : ''}: ${JSON.stringify(f)}</li>`)}</ul>` : null}
    </section>
  </aside>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
