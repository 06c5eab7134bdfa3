// bolna-emulator dashboard: plain JavaScript, no dependencies. It reads the tenant through
// the control API (/__emulator/...: never journaled, rate limited or faulted) and follows
// GET /__emulator/stream (server-sent events) for live changes instead of polling tables.
'use strict';

const STATUSES = ['scheduled', 'prepared', 'queued', 'rescheduled', 'initiated', 'ringing',
  'in-progress', 'call-disconnected', 'completed', 'busy', 'no-answer', 'failed', 'canceled',
  'stopped', 'error', 'balance-low'];
const MAGIC = [['00', 'completed'], ['10', 'busy'], ['11', 'no-answer'], ['12', 'failed'],
  ['13', 'error'], ['14', 'voicemail'], ['15', 'hangup-early'], ['16', 'long-call'],
  ['17', 'slow-processing'], ['18', 'busy-then-completed'], ['19', 'canceled'],
  ['20', 'balance-low']];
const MAX_EXECUTIONS = 500;       // rows kept in memory
const MAX_SNAPSHOT_EXECUTIONS = 300;  // executions whose per-status bodies are kept
const STORE = 'bolna-emulator.dashboard';

const state = {
  key: '', admin: '', tenants: [],
  executions: new Map(),  // id -> execution JSON
  snapshots: new Map(),   // id -> [{to, at, body}] bodies seen on the stream
  outcomes: new Map(),    // id -> outcome name
  agents: [], batches: new Map(), numbers: [], webhooks: [], clock: null,
  profile: 'docs', stream: null, tab: 'executions', detailId: null, renderQueued: false,
  fetchingIds: new Set(), flashIds: new Set(),
  order: new Map(), nextOrder: 1,  // id -> arrival order (ties of created_at: newest first)
};
function noteOrder(id) { if (!state.order.has(id)) state.order.set(id, state.nextOrder++); }

// ---------- helpers ----------
const $ = (sel) => document.querySelector(sel);
function esc(v) {
  return String(v === null || v === undefined ? '' : v).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
function badge(status) {
  return status ? `<span class="badge s-${esc(status)}">${esc(status)}</span>` : '';
}
function shortId(id) { return id ? esc(String(id).slice(0, 8)) : ''; }
function vtime(iso) {  // "2026-06-23T18:30:00.123456+00:00" -> "2026-06-23 18:30:00"
  if (!iso) return '';
  const m = String(iso).match(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/);
  return m ? `${m[1]} ${m[2]}` : esc(iso);
}
function json(v) { return esc(JSON.stringify(v, null, 2)); }
function flash(msg, error) {
  const el = $('#flash');
  el.textContent = msg;
  el.className = error ? 'error' : '';
  el.hidden = false;
  clearTimeout(flash.t);
  flash.t = setTimeout(() => { el.hidden = true; }, 5000);
}

async function api(method, path, body, extraHeaders) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (state.admin) headers['X-Emulator-Admin-Token'] = state.admin;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  Object.assign(headers, extraHeaders || {});
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!res.ok) {
    const msg = data && (data.message || data.detail) ? (data.message || data.detail) : `HTTP ${res.status}`;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return data;
}

// ---------- loading ----------
async function loadOverview() {
  const o = await api('GET', '/__emulator/overview');
  state.agents = o.agents;
  state.numbers = o.phone_numbers;
  state.profile = o.profile;
  state.batches = new Map(o.batches.map((b) => [b.batch_id, b]));
  o.batches.forEach((b) => noteOrder(b.batch_id));  // oldest first
}
async function loadExecutions() {
  const r = await api('GET', `/__emulator/executions?limit=${MAX_EXECUTIONS}`);
  state.executions = new Map(r.executions.map((e) => [e.id, e]));
  r.executions.slice().reverse().forEach((e) => noteOrder(e.id));  // the list is newest first
  state.executionTotal = r.total;
  Object.entries(r.outcomes || {}).forEach(([id, o]) => state.outcomes.set(id, o));
}
async function loadClock() { state.clock = await api('GET', '/__emulator/clock'); }
async function loadWebhooks() {
  const r = await api('GET', '/__emulator/webhooks');
  state.webhooks = r.attempts.slice(-500);
  state.backlog = { queued: r.queued, in_flight: r.in_flight, waiting_retry: r.waiting_retry };
}
async function refreshAll() {
  try {
    await Promise.all([loadOverview(), loadExecutions(), loadClock(), loadWebhooks(),
      state.admin ? loadTenants() : null]);
    render();
    if (state.tab === 'requests') loadRequests();
    if (state.tab === 'setup') loadSetup();
    if (state.tab === 'execution' && state.detailId) loadDetail(state.detailId);
  } catch (e) {
    if (e.status === 401 || e.status === 403) { showLogin(`The key was refused: ${e.message}`); return; }
    flash(`Could not load the tenant: ${e.message}`, true);
  }
}

// ---------- live stream ----------
function connect() {
  if (state.stream) state.stream.close();
  const params = new URLSearchParams({ key: state.key, bodies: '1' });
  const es = new EventSource(`/__emulator/stream?${params}`);
  state.stream = es;
  setLive('wait', 'connecting');
  es.addEventListener('hello', () => { setLive('on', 'live'); refreshAll(); });
  es.addEventListener('status', (m) => onStatus(JSON.parse(m.data)));
  es.addEventListener('batch', (m) => onBatch(JSON.parse(m.data)));
  es.addEventListener('webhook', (m) => onWebhook(JSON.parse(m.data)));
  es.addEventListener('clock', (m) => { state.clock = JSON.parse(m.data); renderClock(); });
  es.addEventListener('reset', () => { state.snapshots.clear(); refreshAll(); });
  es.addEventListener('dropped', (m) => {
    const d = JSON.parse(m.data);
    flash(`The stream dropped ${d.dropped} event(s) (this page was too slow); reloading.`);
    refreshAll();
  });
  es.addEventListener('bye', () => setLive('wait', 'reconnecting'));
  es.onerror = () => setLive(es.readyState === EventSource.CLOSED ? 'off' : 'wait',
    es.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
}
function setLive(cls, text) {
  const el = $('#live');
  el.className = `live ${cls}`;
  el.textContent = text;
}

function onStatus(ev) {
  noteOrder(ev.execution_id);
  let e = state.executions.get(ev.execution_id);
  if (ev.outcome) state.outcomes.set(ev.execution_id, ev.outcome);
  if (ev.execution) {
    e = ev.execution;
    state.executions.set(e.id, e);
    let list = state.snapshots.get(e.id);
    if (!list) {
      list = [];
      state.snapshots.set(e.id, list);
      if (state.snapshots.size > MAX_SNAPSHOT_EXECUTIONS)
        state.snapshots.delete(state.snapshots.keys().next().value);
    }
    list.push({ to: ev.to, at: ev.at, body: ev.execution });
    if (list.length > 40) list.shift();
  } else if (e) {
    e.status = ev.to;
    e.updated_at = ev.at;
  } else if (!state.fetchingIds.has(ev.execution_id)) {
    state.fetchingIds.add(ev.execution_id);
    api('GET', `/__emulator/executions/${encodeURIComponent(ev.execution_id)}`).then((x) => {
      state.executions.set(x.id, x);
      scheduleRender();
    }).catch(() => {}).finally(() => state.fetchingIds.delete(ev.execution_id));
  }
  if (state.executions.size > MAX_EXECUTIONS) trimExecutions();
  if (ev.batch_id && state.batches.has(ev.batch_id)) {
    const b = state.batches.get(ev.batch_id);
    const counts = b.execution_status || (b.execution_status = {});
    if (ev.from && counts[ev.from]) { counts[ev.from] -= 1; if (!counts[ev.from]) delete counts[ev.from]; }
    counts[ev.to] = (counts[ev.to] || 0) + 1;
    state.flashIds.add(`b:${ev.batch_id}`);
  }
  state.flashIds.add(ev.execution_id);
  if (state.tab === 'execution' && state.detailId === ev.execution_id) loadDetail(ev.execution_id);
  scheduleRender();
}
function trimExecutions() {
  const sorted = [...state.executions.values()].sort(byCreatedDesc);
  state.executions = new Map(sorted.slice(0, MAX_EXECUTIONS).map((e) => [e.id, e]));
}
function onBatch(b) {
  delete b.tenant;
  noteOrder(b.batch_id);
  state.batches.set(b.batch_id, b);
  state.flashIds.add(`b:${b.batch_id}`);
  scheduleRender();
}
function onWebhook(a) {
  delete a.tenant;
  state.webhooks.push(a);
  if (state.webhooks.length > 500) state.webhooks.shift();
  if (state.tab === 'execution' && a.execution_id === state.detailId) loadDetail(a.execution_id);
  scheduleRender();
}

// ---------- rendering ----------
function scheduleRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(() => { state.renderQueued = false; render(); });
}
function render() {
  renderClock();
  renderFilters();
  renderExecutions();
  renderBatches();
  renderAgents();
  renderNumbers();
  renderWebhooks();
  renderCallForm();
  state.flashIds.clear();
}
function renderClock() {
  const c = state.clock;
  if (!c) return;
  $('#clock-mode').textContent = c.mode;
  $('#clock-now').textContent = vtime(c.now);
  $('#clock-speed').textContent = c.speed;
  $('#clock-pending').textContent = c.pending;
  $('#clock-next').textContent = c.next_due ? vtime(c.next_due) : '-';
  $('#mode-manual').disabled = c.mode === 'manual';
  $('#mode-realtime').disabled = c.mode === 'realtime';
}
function agentName(id) {
  const a = state.agents.find((x) => x.id === id);
  return a ? a.agent_name : '';
}
function byCreatedDesc(a, b) {
  const id = (x) => x.id || x.batch_id;
  return String(b.created_at).localeCompare(String(a.created_at)) ||
    (state.order.get(id(b)) || 0) - (state.order.get(id(a)) || 0);
}
function recipientOf(e) {
  return (e.telephony_data && e.telephony_data.to_number) ||
    (e.context_details && e.context_details.recipient_phone_number) || e.user_number || '';
}
function fillSelect(sel, values, current) {
  const keep = sel.value || current || '';
  const opts = ['<option value="">any</option>'].concat(values.map(([v, label]) =>
    `<option value="${esc(v)}">${esc(label)}</option>`));
  const html = opts.join('');
  if (sel.dataset.html !== html) { sel.innerHTML = html; sel.dataset.html = html; }
  sel.value = keep;
}
function renderFilters() {
  fillSelect($('#f-status'), STATUSES.map((s) => [s, s]));
  fillSelect($('#f-agent'), state.agents.map((a) => [a.id, `${a.agent_name} (${a.id.slice(0, 8)})`]));
  fillSelect($('#f-batch'), [...state.batches.keys()].map((id) => [id, id.slice(0, 12)]));
}
function renderExecutions() {
  const fs = $('#f-status').value, fa = $('#f-agent').value, fb = $('#f-batch').value;
  const rows = [...state.executions.values()].filter((e) =>
    (!fs || e.status === fs) && (!fa || e.agent_id === fa) && (!fb || e.batch_id === fb)).sort(byCreatedDesc);
  $('#exec-table tbody').innerHTML = rows.map((e) => `
    <tr class="clickable${state.flashIds.has(e.id) ? ' flash' : ''}" data-exec="${esc(e.id)}">
      <td class="mono">${vtime(e.created_at)}</td>
      <td class="mono" title="${esc(e.id)}">${shortId(e.id)}</td>
      <td data-status="${esc(e.status)}">${badge(e.status)}</td>
      <td class="mono">${esc(recipientOf(e))}</td>
      <td>${esc(agentName(e.agent_id))}</td>
      <td class="mono">${e.batch_id ? shortId(e.batch_id) : ''}</td>
      <td>${esc(outcomeOf(e))}</td>
      <td class="mono">${vtime(e.updated_at)}</td>
    </tr>`).join('');
  $('#exec-empty').hidden = rows.length > 0;
  const total = state.executions.size;
  $('#exec-count').textContent = `${rows.length} shown of ${total}` +
    (state.executionTotal > total ? ` (the newest ${total} of ${state.executionTotal})` : '');
}
function outcomeOf(e) { return state.outcomes.get(e.id) || ''; }
function renderBatches() {
  const rows = [...state.batches.values()].sort(byCreatedDesc);
  $('#batch-table tbody').innerHTML = rows.map((b) => {
    const chips = Object.entries(b.execution_status || {}).map(([s, n]) =>
      `<span class="badge s-${esc(s)}">${esc(s)} ${esc(n)}</span>`).join('');
    return `<tr class="${state.flashIds.has(`b:${b.batch_id}`) ? 'flash' : ''}" data-batch="${esc(b.batch_id)}">
      <td class="mono" title="${esc(b.batch_id)}">${esc(b.batch_id.slice(0, 12))}</td>
      <td>${esc(agentName(b.agent_id))}</td>
      <td>${badge(b.status)}</td>
      <td class="mono">${vtime(b.created_at)}</td>
      <td class="mono">${vtime(b.scheduled_at)}</td>
      <td>${esc(b.valid_contacts)} / ${esc(b.total_contacts)}</td>
      <td><div class="chips">${chips}</div></td>
      <td><button type="button" class="small" data-batch-execs="${esc(b.batch_id)}">executions</button></td>
    </tr>`;
  }).join('');
  $('#batch-empty').hidden = rows.length > 0;
}
function renderAgents() {
  $('#agent-table tbody').innerHTML = state.agents.map((a) => `<tr>
      <td class="mono" title="${esc(a.id)}">${shortId(a.id)}</td><td>${esc(a.agent_name)}</td>
      <td>${esc(a.agent_status)}</td><td class="url">${esc(a.webhook_url || '')}</td>
      <td class="mono">${vtime(a.created_at)}</td></tr>`).join('');
  $('#agent-empty').hidden = state.agents.length > 0;
}
function renderNumbers() {
  $('#number-table tbody').innerHTML = state.numbers.map((n) => `<tr>
      <td class="mono">${esc(n.phone_number)}</td><td>${esc(n.telephony_provider)}</td>
      <td>${esc(n.agent_id ? agentName(n.agent_id) || n.agent_id : '')}</td><td>${esc(n.rented)}</td>
      <td class="mono">${vtime(n.created_at)}</td></tr>`).join('');
}
function webhookRows(list, withSubject) {
  return list.slice().reverse().map((a) => `<tr data-attempt="${esc(a.id)}">
      <td>${esc(a.id)}</td>
      ${withSubject ? `<td>${esc(a.type)}</td><td class="mono">${shortId(a.execution_id || a.batch_id)}</td>` : ''}
      <td>${badge(a.status)}</td><td>${esc(a.attempt)}</td>
      <td class="code">${esc(a.response_code === null ? (a.error || '-') : a.response_code)}</td>
      <td>${badge(a.result)}</td><td>${esc(a.latency_ms)} ms</td>
      <td class="mono">${vtime(a.virtual_time)}</td>
      ${withSubject ? `<td class="url" title="${esc(a.url)}">${esc(a.url)}</td>` : ''}
      <td class="row-actions"><button type="button" class="small" data-redeliver="${esc(a.id)}">Redeliver</button></td>
    </tr>`).join('');
}
function renderWebhooks() {
  $('#wh-table tbody').innerHTML = webhookRows(state.webhooks, true);
  $('#wh-empty').hidden = state.webhooks.length > 0;
  const b = state.backlog;
  $('#wh-backlog').textContent = b ? `queued ${b.queued} · in flight ${b.in_flight} · waiting retry ${b.waiting_retry}` : '';
}
function renderCallForm() {
  const sel = $('#call-agent');
  const html = state.agents.map((a) => `<option value="${esc(a.id)}">${esc(a.agent_name)} (${shortId(a.id)})</option>`).join('');
  if (sel.dataset.html !== html) { const v = sel.value; sel.innerHTML = html; sel.dataset.html = html; if (v) sel.value = v; }
  const from = $('#call-from');
  const fhtml = '<option value="">(account default)</option>' +
    state.numbers.map((n) => `<option>${esc(n.phone_number)}</option>`).join('');
  if (from.dataset.html !== fhtml) { const v = from.value; from.innerHTML = fhtml; from.dataset.html = fhtml; from.value = v; }
}

// ---------- one execution ----------
async function loadDetail(id) {
  const box = $('#exec-detail');
  const seq = (state.detailSeq = (state.detailSeq || 0) + 1);  // only the latest load renders
  try {
    const [e, t] = await Promise.all([
      api('GET', `/__emulator/executions/${encodeURIComponent(id)}`),
      api('GET', `/__emulator/executions/${encodeURIComponent(id)}/timeline`)]);
    if (state.detailId !== id || seq !== state.detailSeq) return;
    if (t.outcome) state.outcomes.set(e.id, t.outcome);
    state.executions.set(e.id, e);
    renderDetail(e, t);
  } catch (err) {
    box.innerHTML = `<p class="empty">${esc(err.message)}</p>`;
  }
}
function renderDetail(e, t) {
  const snaps = state.snapshots.get(e.id) || [];
  const rec = e.telephony_data && e.telephony_data.recording_url;
  const timeline = t.timeline.map((c, i) => {
    const snap = snaps.find((s) => s.to === c.to && s.at === c.at);
    const body = snap ? `<details><summary>body at ${esc(c.to)}</summary><pre class="json">${json(snap.body)}</pre></details>`
      : '<span class="muted">not seen live</span>';
    return `<tr data-step="${i}"><td class="mono">${vtime(c.at)}</td><td class="step">${c.from ? `${badge(c.from)} &rarr; ` : ''}${badge(c.to)}</td>
      <td data-to="${esc(c.to)}">${body}</td></tr>`;
  }).join('');
  $('#exec-detail').innerHTML = `
    <div class="detail-head"><h2>${esc(e.id)}</h2>${badge(e.status)}
      <span class="muted">outcome <b>${esc(t.outcome || '')}</b></span>
      ${rec ? `<a id="recording-link" href="${esc(rec)}" target="_blank" rel="noopener">recording</a>` : '<span class="muted">no recording yet</span>'}</div>
    <dl class="facts">
      <dt>Agent</dt><dd>${esc(agentName(e.agent_id))} <span class="mono muted">${esc(e.agent_id)}</span></dd>
      <dt>Recipient</dt><dd class="mono">${esc(recipientOf(e))}</dd>
      <dt>Batch</dt><dd class="mono">${esc(e.batch_id || '-')}</dd>
      <dt>Created</dt><dd class="mono">${vtime(e.created_at)}</dd>
      <dt>Duration</dt><dd>${esc(e.conversation_duration)} s · cost ${esc(e.total_cost)} cents</dd>
    </dl>
    <h3 class="section">Timeline <span class="muted">(virtual time)</span></h3>
    <table class="grid" id="timeline-table"><thead><tr><th>At</th><th>Status change</th><th>Body at that status</th></tr></thead>
      <tbody>${timeline}</tbody></table>
    <h3 class="section">Webhook attempts</h3>
    ${t.deliveries.length ? `<table class="grid" id="detail-webhooks"><thead><tr><th>#</th><th>Status carried</th><th>Attempt</th>
      <th>Code</th><th>Result</th><th>Latency</th><th>Virtual time</th><th></th></tr></thead>
      <tbody>${webhookRows(t.deliveries, false)}</tbody></table>`
    : '<p class="muted" id="detail-webhooks-empty">None (the agent has no webhook_url).</p>'}
    <h3 class="section">Current body</h3>
    <details open><summary>GET /executions/${esc(e.id)}</summary><pre class="json">${json(e)}</pre></details>`;
}

// ---------- journal, scenario, faults, limits ----------
async function loadRequests() {
  try {
    const r = await api('GET', '/__emulator/requests?limit=200');
    $('#req-state').textContent = `${r.size} of ${r.capacity} kept · ${r.dropped} dropped · last seq ${r.last_seq}`;
    $('#req-table tbody').innerHTML = r.entries.slice().reverse().map((x) => `<tr>
      <td>${esc(x.seq)}</td><td class="mono">${vtime(x.time)}</td><td>${esc(x.method)}</td>
      <td class="mono">${esc(x.path)}${x.query ? `?${esc(x.query)}` : ''}</td><td class="mono muted">${esc(x.route || '')}</td>
      <td>${esc(x.status)}</td><td>${esc(x.duration_ms)}</td><td>${esc(x.fault || '')}</td></tr>`).join('');
    $('#req-empty').hidden = r.entries.length > 0;
  } catch (e) { flash(e.message, true); }
}
async function loadSetup() {
  try {
    const [s, f, l] = await Promise.all([api('GET', '/__emulator/scenario'),
      api('GET', '/__emulator/faults'), api('GET', '/__emulator/rate-limits')]);
    state.scenario = s;
    const outcomes = Object.keys(s.outcomes || {}).concat(s.builtin_outcomes || []);
    $('#scenario-box').innerHTML = `<dl class="facts">
      <dt>Name</dt><dd><b>${esc(s.name)}</b></dd><dt>Description</dt><dd>${esc(s.description || '')}</dd>
      <dt>Source</dt><dd>${esc(s.source)} (${esc(s.scope)})</dd><dt>Magic numbers</dt><dd>${esc(s.magic_numbers)}</dd>
      <dt>Default</dt><dd>${esc(s.default)}</dd><dt>Rules</dt><dd>${esc((s.rules || []).length)}</dd>
      <dt>Outcomes</dt><dd>${outcomes.map(esc).join(', ')}</dd></dl>`;
    $('#faults-box').innerHTML = f.faults.length ? `<table class="grid compact"><thead><tr><th>Id</th><th>Method</th>
      <th>Path</th><th>Effect</th><th>Left</th><th>Hits</th></tr></thead><tbody>${f.faults.map((x) => `<tr>
      <td>${esc(x.id)}</td><td>${esc(x.method)}</td><td class="mono">${esc(x.path)}</td>
      <td>${x.drop ? 'drop' : x.status ? `status ${esc(x.status)}` : ''}${x.delay_ms ? ` delay ${esc(x.delay_ms)} ms` : ''}</td>
      <td>${esc(x.remaining === null ? '∞' : x.remaining)}</td><td>${esc(x.hits)}</td></tr>`).join('')}</tbody></table>`
      : '<p class="muted">No active faults.</p>';
    $('#limits-box').innerHTML = `<p>${l.enabled ? '<b>On</b>' : 'Off'} · default ${esc(l.default_per_minute)} per minute</p>
      <table class="grid compact"><thead><tr><th>Method</th><th>Path</th><th>Per minute</th></tr></thead><tbody>
      ${l.limits.map((x) => `<tr><td>${esc(x.method)}</td><td class="mono">${esc(x.path)}</td><td>${esc(x.per_minute)}</td></tr>`).join('')}
      </tbody></table>${(l.usage || []).length ? `<p class="muted">Usage: ${l.usage.map((u) => `${esc(u.bucket)} ${esc(u.used)}/${esc(u.per_minute)}`).join(', ')}</p>` : ''}`;
    fillOutcomes(outcomes);
  } catch (e) { flash(e.message, true); }
}
function fillOutcomes(outcomes) {
  const sel = $('#call-outcome');
  const v = sel.value;
  sel.innerHTML = '<option value="">(by number and scenario)</option>' + outcomes.map((o) => `<option>${esc(o)}</option>`).join('');
  sel.value = v;
}

// ---------- actions ----------
async function clockAction(path, body) {
  try {
    const r = await api('POST', path, body);
    if (r.events_total !== undefined) flash(`Clock moved to ${vtime(r.now)}: ${r.events_total} transition(s).`);
    await loadClock();
    renderClock();
  } catch (e) { flash(e.message, true); }
}
async function redeliver(id) {
  try {
    const r = await api('POST', `/__emulator/webhooks/${encodeURIComponent(id)}/redeliver`);
    flash(`Redelivery queued (delivery ${r.delivery_id}).`);
  } catch (e) { flash(e.message, true); }
}
async function placeCall(ev) {
  ev.preventDefault();
  const body = { agent_id: $('#call-agent').value, recipient_phone_number: $('#call-recipient').value.trim() };
  const from = $('#call-from').value;
  if (from) body.from_phone_number = from;
  const ud = $('#call-userdata').value.trim();
  if (ud) {
    try { body.user_data = JSON.parse(ud); } catch (e) { flash(`User data is not JSON: ${e.message}`, true); return; }
  }
  const outcome = $('#call-outcome').value;
  const out = $('#call-result');
  try {
    const r = await api('POST', '/call', body, outcome ? { 'X-Emulator-Outcome': outcome } : {});
    out.textContent = JSON.stringify(r, null, 2);
    out.hidden = false;
    flash(`Call placed: ${r.execution_id}`);
  } catch (e) {
    out.textContent = e.message;
    out.hidden = false;
    flash(e.message, true);
  }
}
async function createDemoAgent() {
  const body = { agent_config: { agent_name: 'Dashboard demo', agent_welcome_message: 'Hello {name}',
    tasks: [{ task_type: 'conversation', toolchain: { execution: 'parallel',
      pipelines: [['transcriber', 'llm', 'synthesizer']] } }] },
  agent_prompts: { task_1: { system_prompt: 'You are helpful.' } } };
  try {
    const r = await api('POST', '/v2/agent', body);
    flash(`Agent created: ${r.agent_id}`);
    await loadOverview();
    render();
    $('#call-agent').value = r.agent_id;
  } catch (e) { flash(e.message, true); }
}

// ---------- navigation and login ----------
function route() {
  const h = location.hash.replace(/^#\/?/, '');
  const [tab, id] = h.split('/');
  state.tab = tab === 'execution' && id ? 'execution' : (document.getElementById(`view-${tab}`) ? tab : 'executions');
  state.detailId = state.tab === 'execution' ? decodeURIComponent(id) : null;
  document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === `view-${state.tab}`));
  document.querySelectorAll('#tabs a').forEach((a) => a.classList.toggle('active',
    a.dataset.tab === state.tab || (state.tab === 'execution' && a.dataset.tab === 'executions')));
  if (!state.key) return;
  if (state.tab === 'execution') { $('#exec-detail').innerHTML = '<p class="muted">Loading…</p>'; loadDetail(state.detailId); }
  if (state.tab === 'requests') loadRequests();
  if (state.tab === 'setup' || state.tab === 'call') loadSetup();
}
function showLogin(message) {
  $('#login').hidden = false;
  $('#login-key').value = state.key;
  $('#login-admin').value = state.admin;
  if (message) flash(message, true);
  $('#login-key').focus();
}
async function start() {
  $('#login').hidden = true;
  $('#tenant-key').textContent = state.key;
  localStorage.setItem(STORE, JSON.stringify({ key: state.key, admin: state.admin }));
  await loadTenants();
  connect();
  route();
}
async function loadTenants() {
  const sel = $('#tenant-select');
  if (!state.admin) { sel.hidden = true; $('#tenant-key').hidden = false; return; }
  try {
    const r = await api('GET', '/__emulator/tenants');
    const keys = r.tenants.map((t) => t.key);
    if (!keys.includes(state.key)) keys.unshift(state.key);
    sel.innerHTML = keys.map((k) => `<option value="${esc(k)}">${esc(k)}</option>`).join('');
    sel.value = state.key;
    sel.hidden = false;
    $('#tenant-key').hidden = true;
  } catch (e) { flash(`Admin token refused: ${e.message}`, true); }
}

function init() {
  const magic = $('#call-magic');
  magic.innerHTML = MAGIC.map(([d, o]) => `<option value="${d}">${d}: ${o}</option>`).join('');
  magic.addEventListener('change', () => { $('#call-recipient').value = `+141555501${magic.value}`; });
  $('#magic-table tbody').innerHTML = MAGIC.map(([d, o]) => `<tr><td class="mono">+141555501${d}</td><td>${esc(o)}</td></tr>`).join('');
  document.querySelectorAll('[data-advance]').forEach((b) => b.addEventListener('click',
    () => clockAction('/__emulator/clock/advance', { seconds: Number(b.dataset.advance) })));
  $('#run-idle').addEventListener('click', () => clockAction('/__emulator/clock/run-until-idle', {}));
  $('#mode-manual').addEventListener('click', () => clockAction('/__emulator/clock', { mode: 'manual' }));
  $('#mode-realtime').addEventListener('click', () => clockAction('/__emulator/clock', { mode: 'realtime' }));
  ['#f-status', '#f-agent', '#f-batch'].forEach((s) => $(s).addEventListener('change', renderExecutions));
  $('#exec-table tbody').addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr[data-exec]');
    if (tr) location.hash = `#/execution/${encodeURIComponent(tr.dataset.exec)}`;
  });
  document.body.addEventListener('click', (ev) => {
    const r = ev.target.closest('[data-redeliver]');
    if (r) redeliver(r.dataset.redeliver);
    const b = ev.target.closest('[data-batch-execs]');
    if (b) { location.hash = '#/executions'; $('#f-batch').value = b.dataset.batchExecs; renderExecutions(); }
  });
  $('#wh-refresh').addEventListener('click', () => loadWebhooks().then(render));
  $('#req-refresh').addEventListener('click', loadRequests);
  $('#setup-refresh').addEventListener('click', loadSetup);
  $('#call-form').addEventListener('submit', placeCall);
  $('#demo-agent').addEventListener('click', createDemoAgent);
  $('#logout').addEventListener('click', () => showLogin());
  $('#tenant-select').addEventListener('change', (ev) => {
    state.key = ev.target.value;
    state.executions.clear();
    state.snapshots.clear();
    start();
  });
  $('#login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.key = $('#login-key').value.trim();
    state.admin = $('#login-admin').value.trim();
    if (!state.key) { flash('Enter an API key', true); return; }
    start();
  });
  window.addEventListener('hashchange', route);
  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || '{}');
    state.key = saved.key || '';
    state.admin = saved.admin || '';
  } catch (e) { /* ignore a corrupt entry */ }
  if (state.key) start(); else { route(); showLogin(); }
}

init();
