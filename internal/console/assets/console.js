// wearhouse console: the pages' behaviour. Every read and change goes
// through the public /api/v1 routes with the session cookie; unsafe
// methods carry the session's CSRF token in X-CSRF-Token.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]')?.content || "";
const DAY = 86400;

function showError(msg) {
  const el = document.getElementById("page-error");
  if (el) { el.textContent = msg; el.hidden = false; }
}

async function api(method, path, body) {
  const opt = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") opt.headers["X-CSRF-Token"] = CSRF;
  if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
  const res = await fetch(path, opt);
  if (res.status === 204) return null;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(data.detail || (method + " " + path + ": " + res.status));
    err.status = res.status;
    throw err;
  }
  return data;
}

function iso(sec) { return new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"); }
function day(sec) { return iso(sec).slice(0, 10); }
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
  }
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(k == null ? "" : String(k)));
  return e;
}
function when(s) { return s ? s.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC") : "—"; }

// ---- charts ----

function draw(box, opts, data) {
  const points = data[0].length;
  box.setAttribute("data-points", String(points));
  box.replaceChildren();
  if (points === 0) { box.append(el("p", { class: "hint empty" }, "No data in this window.")); return; }
  const width = Math.max(320, box.clientWidth || 800);
  opts.axes = opts.axes || [{}, {}];
  for (let i = 1; i < opts.axes.length; i++) opts.axes[i] = Object.assign({ size: 64 }, opts.axes[i]);
  for (const s of opts.series.slice(1)) s.points = s.points || { show: false };
  new uPlot(Object.assign({ width, height: 220, legend: { live: false } }, opts), data, box);
}

// samples returns [times, values] of one series type, one point per
// timestamp (the API already applied priorities).
async function samples(user, type, start, end, resolution, limit, provider) {
  const q = new URLSearchParams({ types: type, start_time: iso(start), end_time: iso(end), resolution, limit: String(limit) });
  if (provider) q.set("provider", provider); else q.set("filter_by_priority", "true");
  const page = await api("GET", `/api/v1/users/${user}/timeseries?${q}`);
  const byT = new Map(), won = new Map();
  for (const s of page.data) {
    const p = s.source?.provider;
    if (p) won.set(p, (won.get(p) || 0) + 1);
    const t = Date.parse(s.timestamp) / 1000;
    if (!byT.has(t)) byT.set(t, s.value);
  }
  const ts = [...byT.keys()].sort((a, b) => a - b);
  const winner = [...won.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] || "";
  return withWinner(winner, gaps([ts, ts.map((t) => byT.get(t))], { "1min": 60, "5min": 300, "1day": DAY }[resolution] * 3));
}

// withWinner labels a chart's data with the provider most of it came from.
function withWinner(winner, data) { data.winner = winner; return data; }

// gaps breaks the line where no sample arrived for longer than maxGap,
// instead of drawing a straight line across the hole.
function gaps([ts, vs], maxGap) {
  if (!maxGap || maxGap >= 3 * DAY) return [ts, vs];
  const t2 = [], v2 = [];
  for (let i = 0; i < ts.length; i++) {
    if (i > 0 && ts[i] - ts[i - 1] > maxGap) { t2.push(ts[i - 1] + 1); v2.push(null); }
    t2.push(ts[i]); v2.push(vs[i]);
  }
  return [t2, v2];
}

async function summaries(user, kind, start, end) {
  const q = new URLSearchParams({ start_date: day(start), end_date: day(end), limit: "100", sort_order: "asc" });
  return (await api("GET", `/api/v1/users/${user}/summaries/${kind}?${q}`)).data;
}

const stageLevel = { deep: 1, light: 2, sleeping: 2, rem: 3, awake: 4, in_bed: 4 };
const stageName = { 1: "deep", 2: "light", 3: "REM", 4: "awake" };

const charts = {
  async "hr-day"(box, user, until) {
    const d = await samples(user, "heart_rate", until - DAY, until, "1min", 2000);
    box.dataset.winner = d.winner;
    draw(box, { series: [{}, { label: "bpm" + (d.winner ? " · " + d.winner : ""), stroke: "#c0392b", width: 1 }] }, d);
    return d.winner;
  },
  // Thirty days come from the source that won the last day: applying
  // priorities sample by sample over a month of 1 Hz data costs the
  // server several times more than reading one source's buckets.
  async "hr-30"(box, user, until, day) {
    const winner = await day;
    const d = await samples(user, "heart_rate", until - 30 * DAY, until, "5min", 10000, winner);
    draw(box, { series: [{}, { label: "bpm (5 min)" + (winner ? " · " + winner : ""), stroke: "#c0392b", width: 1 }] }, d);
  },
  async sleep(box, user, until) {
    // Every source's record of the latest night; the one with the most
    // detailed stages draws the hypnogram.
    const q = new URLSearchParams({ start_date: iso(until - 3 * DAY), end_date: iso(until), limit: "30" });
    const page = await api("GET", `/api/v1/users/${user}/events/sleep?${q}`);
    const nights = page.data.filter((s) => !s.is_nap && (s.sleep_stage_intervals || []).length);
    const latest = Math.max(...nights.map((s) => Date.parse(s.start_time)));
    const detail = (s) => new Set(s.sleep_stage_intervals.map((i) => i.stage)).size;
    const night = nights.filter((s) => latest - Date.parse(s.start_time) < 12 * 3600e3).sort((a, b) => detail(b) - detail(a))[0];
    const ts = [], lv = [];
    if (night) {
      for (const iv of night.sleep_stage_intervals) {
        const l = stageLevel[iv.stage];
        if (!l) continue;
        ts.push(Date.parse(iv.start_time) / 1000); lv.push(l);
      }
      const last = night.sleep_stage_intervals[night.sleep_stage_intervals.length - 1];
      ts.push(Date.parse(last.end_time) / 1000); lv.push(lv[lv.length - 1]);
      document.getElementById("sleep-note").textContent =
        `${when(night.start_time)} → ${when(night.end_time)} · ${night.source?.provider || ""} · ${Math.round((night.sleep_duration_seconds || 0) / 60)} min asleep`;
    }
    draw(box, {
      scales: { y: { range: [0.5, 4.5] } },
      axes: [{}, { values: (u, vals) => vals.map((v) => stageName[v] || ""), splits: () => [1, 2, 3, 4] }],
      series: [{}, { label: "stage", stroke: "#2c3e91", fill: "rgba(44,62,145,0.12)", width: 2, paths: uPlot.paths.stepped({ align: 1 }), value: (u, v) => stageName[v] || "" }],
    }, [ts, lv]);
  },
  async activity(box, user, until) {
    const rows = await summaries(user, "activity", until - 30 * DAY, until);
    box.dataset.latest = JSON.stringify(rows.length ? rows[rows.length - 1] : null);
    const d = [rows.map((r) => Date.parse(r.date + "T12:00:00Z") / 1000), rows.map((r) => r.steps ?? null)];
    draw(box, { series: [{}, { label: "steps", stroke: "#1e8449", fill: "rgba(30,132,73,0.3)", paths: uPlot.paths.bars({ size: [0.7, 40] }) }] }, d);
    sources("activity", rows[rows.length - 1]);
  },
  async recovery(box, user, until) {
    const rows = await summaries(user, "recovery", until - 30 * DAY, until);
    const t = rows.map((r) => Date.parse(r.date + "T12:00:00Z") / 1000);
    draw(box, {
      scales: { bpm: {}, ms: {} },
      axes: [{}, { scale: "bpm", label: "score / bpm" }, { scale: "ms", side: 1, label: "HRV ms", grid: { show: false } }],
      series: [{}, { label: "recovery", stroke: "#8e44ad", scale: "bpm" }, { label: "resting HR", stroke: "#c0392b", scale: "bpm" },
        { label: "HRV (SDNN)", stroke: "#2980b9", scale: "ms" }],
    }, [t, rows.map((r) => r.recovery_score ?? null), rows.map((r) => r.resting_heart_rate_bpm ?? null), rows.map((r) => r.avg_hrv_sdnn_ms ?? null)]);
    const last = rows[rows.length - 1];
    if (last) sources("recovery", { metric_sources: { recovery: last.source?.provider } });
  },
  async body(box, user, until) {
    const [w, f] = await Promise.all([
      samples(user, "weight", until - 90 * DAY, until, "1day", 200),
      samples(user, "body_fat_percentage", until - 90 * DAY, until, "1day", 200),
    ]);
    const ts = [...new Set([...w[0], ...f[0]])].sort((a, b) => a - b);
    const wm = new Map(w[0].map((t, i) => [t, w[1][i]])), fm = new Map(f[0].map((t, i) => [t, f[1][i]]));
    draw(box, {
      scales: { kg: {}, pct: {} },
      axes: [{}, { scale: "kg", label: "kg" }, { scale: "pct", side: 1, label: "%", grid: { show: false } }],
      series: [{}, { label: "weight kg", stroke: "#d35400", scale: "kg", spanGaps: true }, { label: "body fat %", stroke: "#16a085", scale: "pct", spanGaps: true }],
    }, [ts, ts.map((t) => wm.get(t) ?? null), ts.map((t) => fm.get(t) ?? null)]);
  },
};

function sources(kind, row) {
  const body = document.querySelector("#sources tbody");
  if (!body || !row || !row.metric_sources) return;
  for (const [metric, src] of Object.entries(row.metric_sources).sort()) {
    if (src) body.append(el("tr", {}, el("td", {}, kind), el("td", {}, metric), el("td", {}, src)));
  }
}

// ---- live sync (the user's page) ----

// liveSync follows the user's sync stream: one row per run, newest
// first, with each data type's status and counts as the engine reports
// them. EventSource reconnects by itself; replayed events are recognised
// by their run and time.
function liveSync(user) {
  const card = document.getElementById("live-sync");
  if (!card) return;
  const runs = new Map();
  const state = document.getElementById("live-state");
  const typeItem = (t) => el("li", { "data-type": t.data_type, "data-status": t.status },
    `${t.data_type}: ${t.status} · ${t.items_fetched ?? 0} / ${t.items_inserted ?? 0} / ${t.items_updated ?? 0} / ${t.items_deleted ?? 0}`,
    t.error ? el("span", { class: "err" }, " " + t.error) : "");
  const render = () => {
    const list = [...runs.values()].sort((a, b) => (a.ended_at ? 1 : 0) - (b.ended_at ? 1 : 0) || b.started_at.localeCompare(a.started_at)).slice(0, 10);
    document.querySelector("#live-runs tbody").replaceChildren(...list.map((ev) => el("tr", { "data-run": ev.run_id, "data-status": ev.status, "data-stage": ev.stage },
      el("td", {}, when(ev.started_at)), el("td", {}, ev.provider), el("td", {}, ev.source),
      el("td", {}, el("span", { class: "pill " + ev.status }, ev.stage)), el("td", {}, ev.progress == null ? "—" : Math.round(ev.progress * 100) + " %"),
      el("td", {}, el("ul", { class: "types" }, ...(ev.metadata?.data_types || []).map(typeItem))), el("td", { class: "err" }, ev.error || ""))));
  };
  const src = new EventSource(`/api/v1/users/${user}/sync/stream?replay=50`);
  src.onopen = () => { state.textContent = "Connected."; card.setAttribute("data-connected", "true"); };
  src.onerror = () => { state.textContent = "Reconnecting…"; card.removeAttribute("data-connected"); };
  src.addEventListener("sync.status", (m) => {
    const ev = JSON.parse(m.data);
    const prev = runs.get(ev.run_id);
    if (prev && Date.parse(prev.timestamp) > Date.parse(ev.timestamp)) return;
    if (prev && !ev.metadata?.data_types?.length) ev.metadata = Object.assign({}, ev.metadata, { data_types: prev.metadata?.data_types });
    runs.set(ev.run_id, ev);
    render();
    card.setAttribute("data-events", String(Number(card.getAttribute("data-events") || 0) + 1));
  });
}

async function userPage() {
  const root = document.getElementById("charts");
  const user = root.dataset.user, until = Date.parse(root.dataset.until) / 1000;
  liveSync(user);
  const boxes = [...root.querySelectorAll("[data-chart]")];
  const run = (box, arg) => charts[box.dataset.chart](box, user, until, arg)
    .catch((e) => { box.setAttribute("data-error", e.message); showError(e.message); return ""; });
  const day = run(boxes.find((b) => b.dataset.chart === "hr-day"));
  await Promise.all([day, ...boxes.filter((b) => b.dataset.chart !== "hr-day").map((b) => run(b, day))]);
  root.setAttribute("data-drawn", "true");
  for (const b of document.querySelectorAll("button.reconnect")) {
    b.addEventListener("click", async () => {
      try {
        const link = await api("POST", `/api/v1/users/${user}/connect-link`, { provider: b.dataset.provider, ttl_seconds: 86400 });
        const a = document.getElementById("link-url");
        a.href = a.textContent = `${location.origin}/connect/${link.token}`;
        document.getElementById("link-out").hidden = false;
      } catch (e) { showError(e.message); }
    });
  }
  for (const b of document.querySelectorAll("button.sync-now")) {
    b.addEventListener("click", () => api("POST", `/api/v1/providers/${b.dataset.provider}/users/${user}/sync`).catch((e) => showError(e.message)));
  }
  for (const b of document.querySelectorAll("button.disconnect")) {
    b.addEventListener("click", async () => {
      if (!b.dataset.armed) { b.dataset.armed = "1"; b.textContent = "Click again to disconnect"; return; }
      try { await api("DELETE", `/api/v1/users/${user}/connections/${b.dataset.provider}`); location.reload(); } catch (e) { showError(e.message); }
    });
  }
}

// ---- sync runs (polling: the streams are per user, there is no global one) ----

async function syncsPage() {
  const tick = async () => {
    try {
      const runs = await api("GET", "/api/v1/sync/runs?limit=200");
      const body = document.querySelector("#sync-runs tbody");
      body.replaceChildren(...runs.slice(0, 100).map((r) => el("tr", {},
        el("td", {}, when(r.started_at)), el("td", {}, el("a", { href: `/console/users/${r.user_id}` }, r.user_id)), el("td", {}, r.provider),
        el("td", {}, r.source), el("td", {}, el("span", { class: "pill " + r.status }, r.status)), el("td", {}, r.items_fetched),
        el("td", {}, r.items_stored), el("td", {}, r.items_updated), el("td", {}, r.items_deleted), el("td", { class: "err" }, r.error || ""))));
      const counts = new Map();
      for (const r of runs) {
        const k = r.provider + "\u0000" + r.status;
        const c = counts.get(k) || { provider: r.provider, status: r.status, n: 0, fetched: 0, stored: 0 };
        c.n++; c.fetched += r.items_fetched; c.stored += r.items_stored; counts.set(k, c);
      }
      document.querySelector("#sync-counts tbody").replaceChildren(...[...counts.values()].map((c) => el("tr", {},
        el("td", {}, c.provider), el("td", {}, c.status), el("td", {}, c.n), el("td", {}, c.fetched), el("td", {}, c.stored))));
      document.getElementById("syncs-updated").textContent = "Updated " + new Date().toLocaleTimeString() + ".";
      document.body.setAttribute("data-polled", String(Number(document.body.getAttribute("data-polled") || 0) + 1));
    } catch (e) { showError(e.message); }
  };
  await tick();
  setInterval(tick, 5000);
}

// ---- API keys ----

async function keysPage() {
  const ro = document.body.dataset.readonly === "true";
  const render = async () => {
    const keys = await api("GET", "/api/v1/developer/api-keys");
    keys.sort((a, b) => b.created_at.localeCompare(a.created_at));
    document.querySelector("#keys tbody").replaceChildren(...keys.map((k) => {
      const actions = el("td", { class: "actions" });
      if (!ro && k.status === "active") {
        const rotate = el("button", { type: "button", class: "rotate" }, "Rotate (1 h grace)");
        rotate.addEventListener("click", () => act(() => api("POST", `/api/v1/developer/api-keys/${k.id}/rotate?grace_period_seconds=3600`)));
        actions.append(rotate, " ");
      }
      if (!ro && k.status !== "revoked") {
        const revoke = el("button", { type: "button", class: "revoke danger" }, k.status === "expiring" ? "Revoke now" : "Revoke");
        revoke.addEventListener("click", () => act(() => api("DELETE", `/api/v1/developer/api-keys/${k.id}`)));
        actions.append(revoke);
      }
      return el("tr", { "data-key": k.id, "data-prefix": k.prefix, "data-status": k.status }, el("td", {}, k.name), el("td", {}, el("code", {}, k.prefix)),
        el("td", {}, el("span", { class: "pill " + k.status }, k.status)), el("td", {}, when(k.created_at)), el("td", {}, when(k.last_used_at)),
        el("td", {}, when(k.revoked_at)), actions);
    }));
  };
  const act = async (fn) => {
    try {
      const res = await fn();
      if (res && res.key) {
        document.getElementById("new-key-value").textContent = res.key;
        document.getElementById("new-key").hidden = false;
      }
      await render();
    } catch (e) { showError(e.message); }
  };
  document.getElementById("create-key")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const name = document.getElementById("key-name").value.trim();
    act(() => api("POST", "/api/v1/developer/api-keys", name ? { name } : {}));
  });
  await render().catch((e) => showError(e.message));
}

// ---- outgoing webhooks ----

// armed makes a destructive button ask for a second click.
function armed(b, again, fn) {
  b.addEventListener("click", () => {
    if (!b.dataset.armed) { b.dataset.armed = "1"; b.textContent = again; return; }
    fn();
  });
}

function localInput(d) { return new Date(d.getTime() - d.getTimezoneOffset() * 60e3).toISOString().slice(0, 16); }

async function webhooksPage() {
  const ro = document.body.dataset.readonly === "true";
  const detail = document.getElementById("endpoint-detail");
  const byID = new Map();
  let selected = new URLSearchParams(location.search).get("endpoint");
  let message = "";
  const act = async (fn) => { try { await fn(); await render(); } catch (e) { showError(e.message); } };
  const secret = (e, res) => {
    document.getElementById("new-secret-value").textContent = res.key;
    document.getElementById("new-secret-for").textContent = "for " + e.url;
    document.getElementById("new-secret").hidden = false;
  };
  const row = (e) => {
    const actions = el("td", { class: "actions" });
    if (!ro) {
      const toggle = el("button", { type: "button", class: "toggle" }, e.disabled ? "Enable" : "Disable");
      toggle.addEventListener("click", () => act(() => api("PATCH", `/api/v1/webhooks/endpoints/${e.id}`, { disabled: !e.disabled })));
      const test = el("button", { type: "button", class: "test" }, "Send test event");
      test.addEventListener("click", () => act(async () => { await api("POST", `/api/v1/webhooks/endpoints/${e.id}/test`, {}); select(e.id); }));
      const rotate = el("button", { type: "button", class: "rotate" }, "Rotate secret");
      rotate.addEventListener("click", () => act(async () => secret(e, await api("POST", `/api/v1/webhooks/endpoints/${e.id}/secret/rotate`))));
      const del = el("button", { type: "button", class: "delete danger" }, "Delete");
      armed(del, "Click again to delete", () => act(async () => {
        await api("DELETE", `/api/v1/webhooks/endpoints/${e.id}`);
        if (selected === e.id) { selected = ""; detail.hidden = true; }
      }));
      actions.append(toggle, " ", test, " ", rotate, " ", del);
    }
    const open = el("a", { href: `?endpoint=${e.id}`, class: "open" }, e.url);
    open.addEventListener("click", (ev) => { ev.preventDefault(); select(e.id); });
    const status = e.disabled ? el("span", {}, el("span", { class: "pill revoked" }, "disabled"), " ", el("span", { class: "hint" }, e.disabled_reason || ""))
      : el("span", { class: "pill " + (e.failing_since ? "partial" : "active") }, e.failing_since ? "failing since " + when(e.failing_since) : "enabled");
    return el("tr", { "data-endpoint": e.id, "data-disabled": String(e.disabled) }, el("td", {}, open), el("td", {}, e.description),
      el("td", {}, (e.filter_types || ["every event"]).join(", ")), el("td", {}, status), el("td", {}, when(e.created_at)), actions);
  };
  const render = async () => {
    const eps = await api("GET", "/api/v1/webhooks/endpoints");
    byID.clear();
    for (const e of eps) byID.set(e.id, e);
    document.querySelector("#endpoints tbody").replaceChildren(...(eps.length ? eps.map(row)
      : [el("tr", {}, el("td", { colSpan: 6 }, "No endpoints yet."))]));
    document.body.setAttribute("data-endpoints", String(eps.length));
    if (selected && byID.has(selected)) await show(); else detail.hidden = true;
  };
  const select = (id) => {
    selected = id; message = "";
    history.replaceState(null, "", `?endpoint=${id}`);
    show().catch((e) => showError(e.message));
  };
  const attemptRow = (a) => el("tr", { "data-attempt": a.id, "data-code": String(a.responseStatusCode) }, el("td", {}, when(a.timestamp)),
    el("td", {}, el("span", { class: "pill " + (a.status === 0 ? "success" : "failed") }, a.status === 0 ? "ok" : "failed")),
    el("td", {}, a.responseStatusCode || "—"), el("td", { class: "latency" }, a.responseDurationMs + " ms"),
    el("td", { class: a.error ? "err" : "excerpt" }, a.error || a.response));
  // show reads the selected endpoint's messages and attempts (those of
  // one message once it is clicked).
  const show = async () => {
    const e = byID.get(selected);
    if (!e) return;
    document.getElementById("detail-url").textContent = e.url;
    const [msgs, atts] = await Promise.all([
      api("GET", `/api/v1/webhooks/messages?endpoint_id=${e.id}&limit=50`),
      api("GET", message ? `/api/v1/webhooks/messages/${message}/attempts?limit=50` : `/api/v1/webhooks/endpoints/${e.id}/attempts?limit=50`),
    ]);
    document.querySelector("#messages tbody").replaceChildren(...msgs.data.map((m) => {
      const tr = el("tr", { "data-message": m.id, "data-status": m.status, class: m.id === message ? "selected" : "" }, el("td", {}, when(m.timestamp)),
        el("td", {}, m.eventType), el("td", {}, el("span", { class: "pill " + m.status }, m.status)), el("td", {}, m.attempts),
        el("td", {}, when(m.next_attempt_at)), el("td", {}, el("code", {}, m.id)));
      tr.addEventListener("click", () => { message = m.id; show().catch((err) => showError(err.message)); });
      return tr;
    }));
    document.getElementById("attempts-of").textContent = message ? `(message ${message})` : "(every message of the endpoint; click a message for its own)";
    document.querySelector("#attempts tbody").replaceChildren(...atts.data.map(attemptRow));
    detail.hidden = false;
    detail.setAttribute("data-shown", String(Number(detail.getAttribute("data-shown") || 0) + 1));
  };
  if (!ro) {
    const since = document.getElementById("resend-since");
    since.value = localInput(new Date(Date.now() - DAY * 1000));
    const at = () => new Date(since.value).toISOString();
    const told = (s) => { document.getElementById("resend-result").textContent = s; };
    document.getElementById("recover").addEventListener("click", () => act(async () => {
      const r = await api("POST", `/api/v1/webhooks/endpoints/${selected}/recover`, { since: at() });
      told(`${r.recovered} failed message${r.recovered === 1 ? "" : "s"} queued again.`);
    }));
    document.getElementById("replay").addEventListener("click", () => act(async () => {
      await api("POST", `/api/v1/webhooks/endpoints/${selected}/replay?since=${encodeURIComponent(at())}`);
      told("Changes since " + when(at()) + " are being delivered again.");
    }));
    const types = await api("GET", "/api/v1/webhooks/event-types");
    const box = (t) => el("label", { class: "check", title: t.description }, el("input", { type: "checkbox", value: t.name }), " " + t.name);
    const series = types.filter((t) => t.name.startsWith("series."));
    document.getElementById("endpoint-types").append(...types.filter((t) => !t.name.startsWith("series.")).map(box),
      el("details", {}, el("summary", {}, `Series types (${series.length})`), ...series.map(box)));
    document.getElementById("endpoint-types").addEventListener("change", () => {
      const n = document.querySelectorAll("#endpoint-types input:checked").length;
      document.getElementById("types-picked").textContent = n ? `${n} ticked` : "";
    });
    document.getElementById("create-endpoint").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const body = { url: document.getElementById("endpoint-url").value.trim() };
      const desc = document.getElementById("endpoint-description").value.trim();
      if (desc) body.description = desc;
      const picked = [...document.querySelectorAll("#endpoint-types input:checked")].map((i) => i.value);
      if (picked.length) body.filter_types = picked;
      act(async () => {
        const e = await api("POST", "/api/v1/webhooks/endpoints", body);
        secret(e, await api("GET", `/api/v1/webhooks/endpoints/${e.id}/secret`));
        selected = e.id;
        history.replaceState(null, "", `?endpoint=${e.id}`);
      });
    });
  }
  await render();
  // Deliveries go on in the background: the open endpoint's messages
  // and attempts are read again every 3 seconds.
  setInterval(() => { if (selected && !detail.hidden) show().catch((e) => showError(e.message)); }, 3000);
}

// ---- overview: webhook deliveries ----

async function overviewPage() {
  const box = document.getElementById("deliveries");
  if (!box) return;
  const [eps, pending, failed] = await Promise.all([api("GET", "/api/v1/webhooks/endpoints"),
    api("GET", "/api/v1/webhooks/messages?status=pending&limit=100"), api("GET", "/api/v1/webhooks/messages?status=failed&limit=100")]);
  const off = eps.filter((e) => e.disabled).length, failing = eps.filter((e) => !e.disabled && e.failing_since).length;
  document.getElementById("wh-endpoints").textContent =
    `${eps.length} endpoint${eps.length === 1 ? "" : "s"}: ${eps.length - off} enabled, ${off} disabled, ${failing} failing`;
  const count = (p) => p.data.length + (p.done ? "" : "+");
  document.getElementById("wh-pending").textContent = count(pending);
  document.getElementById("wh-failed").textContent = count(failed);
  box.setAttribute("data-loaded", "true");
}

// ---- priorities ----

async function prioritiesPage() {
  const ro = document.body.dataset.readonly === "true";
  const tables = [...document.querySelectorAll("table[data-kind]")];
  await Promise.all(tables.map(async (t) => {
    const list = await api("GET", `/api/v1/priorities/${t.dataset.kind}`);
    t.querySelector("tbody").replaceChildren(...list.items.map((p) => el("tr", {},
      el("td", {}, p.name),
      el("td", {}, el("input", { type: "number", min: 1, max: 100, value: p.priority, disabled: ro, "data-name": p.name, "data-was": String(p.priority) })),
      el("td", { class: "hint" }, p.is_default ? "default" : "set " + when(p.updated_at)))));
  })).catch((e) => showError(e.message));
  document.getElementById("save-priorities")?.addEventListener("click", async () => {
    try {
      for (const t of tables) {
        for (const i of t.querySelectorAll("input[data-name]")) {
          if (i.value === i.dataset.was) continue;
          await api("PUT", `/api/v1/priorities/${t.dataset.kind}/${encodeURIComponent(i.dataset.name)}`, { priority: Number(i.value) });
          i.dataset.was = i.value;
        }
      }
      document.getElementById("prio-saved").hidden = false;
    } catch (e) { showError(e.message); }
  });
}

const pages = { users: () => document.getElementById("charts") && userPage(), syncs: syncsPage, "api-keys": keysPage, priorities: prioritiesPage,
  webhooks: webhooksPage, overview: overviewPage };
document.addEventListener("DOMContentLoaded", () => {
  const run = pages[document.body.dataset.page];
  if (run) Promise.resolve(run()).catch((e) => showError(e.message));
});
