// StyleFarm dashboard: draws a page from its JSON and redraws it on every server-sent update.
// Data becomes DOM through textContent only, never through HTML strings, so nothing a job names can run as script.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const body = document.body;
const main = document.getElementById("main");
const liveBadge = document.getElementById("live");
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const isOperator = body.dataset.operator === "true";
let message = null; // the outcome of the last button press, kept across redraws

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const c of children.flat()) if (c) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  seconds = Math.round(seconds);
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : m > 0 ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}

const number = (v, digits = 1) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
const bytes = (v) => (v > 0 ? `${(v / 2 ** 30).toFixed(0)} GiB` : "–");
const shortId = (id) => id.slice(0, 8);
const fileName = (path) => path.split(/[\\/]/).filter(Boolean).pop() || path;
const time = (iso) => new Date(iso).toLocaleTimeString();

// Redraws keep each thumbnail's element: a picture that stays does not blink or load again.
const thumbnails = new Map();
function thumbnail(src, alt) {
  let img = thumbnails.get(src);
  if (!img) {
    img = el("img", { src, alt, width: 160 });
    thumbnails.set(src, img);
  }
  return img;
}

function badge(state) {
  return el("span", { class: `badge ${state.toLowerCase()}`, text: state });
}

function progress(done, total, label) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const bar = el("div", { class: "bar" });
  // Through the CSSOM: the content security policy refuses style attributes written in the markup.
  bar.style.width = `${(fraction * 100).toFixed(1)}%`;
  return el("div", { class: "progress", role: "progressbar", "aria-valuenow": done, "aria-valuemax": total || 0, title: label || `${done} of ${total}` },
    bar, el("span", { text: label || (total ? `${done} / ${total}` : "–") }));
}

function table(headers, rows, empty) {
  if (rows.length === 0) return el("p", { class: "muted", text: empty });
  return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { text: h })))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

function section(title, ...content) {
  return el("section", {}, el("h2", { text: title }), ...content);
}

function stat(label, value) {
  return el("div", { class: "stat" }, el("div", { class: "value", text: value }), el("div", { class: "label", text: label }));
}

// Bars of frames per minute, oldest left, under a line naming the tallest.
function barChart(values, label) {
  const w = 1000, h = 120, top = 18, max = Math.max(1, ...values), step = w / values.length;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${top + h + 18}`, class: "chart", role: "img", "aria-label": label });
  values.forEach((v, i) => {
    const bh = (v / max) * h;
    chart.append(svg("rect", { x: i * step + 1, y: top + h - bh, width: Math.max(1, step - 2), height: bh, class: "bar" }, svg("title", {}, `${values.length - i} min ago: ${v} frames`)));
  });
  chart.append(svg("line", { x1: 0, y1: top + h, x2: w, y2: top + h, class: "baseline" }),
    svg("text", { x: 0, y: top + h + 15, class: "axis" }, `${values.length} min ago`), svg("text", { x: w, y: top + h + 15, class: "axis", "text-anchor": "end" }, "now"),
    svg("text", { x: 0, y: 12, class: "axis" }, `tallest bar: ${max} frames`));
  return chart;
}

function farmPage(data) {
  const alive = data.silos.filter((s) => s.alive);
  const hour = data.framesPerMinute.reduce((a, b) => a + b, 0);
  const recent = data.framesPerMinute.slice(-5).reduce((a, b) => a + b, 0) / 5;
  const rows = data.silos.map((s) => [
    el("span", { class: s.alive ? "" : "dead", text: s.name }),
    s.roles, s.device, bytes(s.gpuMemoryBytes),
    s.alive ? el("span", { class: "ok", text: "alive" }) : el("span", { class: "dead", text: "gone" }),
    s.current ? el("a", { href: `/jobs/${s.current.job}`, text: `${shortId(s.current.job)} · ${s.current.key}` }) : el("span", { class: "muted", text: "idle" }),
    s.current && s.current.framesTotal ? progress(s.current.framesDone, s.current.framesTotal) : "",
    String(s.tasksDone), s.failures ? el("span", { class: "dead", text: String(s.failures) }) : "0",
  ]);
  return [
    el("h1", { text: "Farm" }),
    el("div", { class: "stats" }, stat("silos alive", `${alive.length} / ${data.silos.length}`), stat("tasks waiting", String(data.queueWaiting)),
      stat("tasks running", String(data.queueRunning)), stat("frames/min (last 5 min)", number(recent)), stat("frames in the last hour", String(hour))),
    section("Silos", table(["silo", "roles", "device", "GPU memory", "state", "current task", "its progress", "tasks done", "failures"], rows, "No silo has joined yet.")),
    section("Frames stylized per minute, last hour", barChart(data.framesPerMinute, "frames stylized per minute over the last hour")),
  ];
}

function jobsPage(data) {
  const filter = new URLSearchParams(location.search).get("state") || "";
  const states = ["Submitted", "Planning", "Running", "Succeeded", "Failed", "Cancelled"];
  const select = el("select", { id: "state-filter", "aria-label": "filter by state", onchange: (e) => {
    const url = new URL(location.href);
    if (e.target.value) url.searchParams.set("state", e.target.value); else url.searchParams.delete("state");
    history.replaceState(null, "", url);
    render(current);
  } }, el("option", { value: "", text: "all states" }), states.map((s) => el("option", { value: s, text: s, selected: s === filter })));
  const jobs = data.jobs.filter((j) => !filter || j.state === filter);
  const rows = jobs.map((j) => {
    const r = j.rates || {};
    return [el("a", { href: `/jobs/${j.id}`, text: shortId(j.id) }), badge(j.state), el("span", { title: j.input, text: fileName(j.input) }),
      progress(r.framesDone || 0, r.framesTotal || 0), duration(r.elapsedSeconds), j.state === "Running" ? duration(r.etaSeconds) : "–",
      number(r.framesPerMinute), number(r.secondsPerFrame, 2), number(j.seamRatio, 3)];
  });
  return [el("h1", { text: "Jobs" }), el("p", {}, el("label", { for: "state-filter", text: "Show " }), select, ` ${jobs.length} of ${data.jobs.length} jobs`),
    table(["job", "state", "input", "frames", "elapsed", "ETA", "frames/min", "s/frame", "seam ratio"], rows, "No job matches.")];
}

async function act(job, action, label) {
  message = { text: `${label}…`, kind: "muted" };
  render(current);
  try {
    const response = await fetch(`/api/jobs/${job}/${action}`, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-TOKEN": csrf } });
    let reason = "";
    try { reason = (await response.json()).error || ""; } catch { /* no JSON body */ }
    message = response.ok ? { text: `${label}: done`, kind: "ok" } : { text: `${label} refused (${response.status}): ${reason}`, kind: "error" };
  } catch (e) {
    message = { text: `${label} failed: ${e.message}`, kind: "error" };
  }
  render(current);
}

function grid(shots, passes) {
  if (shots.length === 0) return el("p", { class: "muted", text: "The plan has not run yet." });
  const legend = el("p", { class: "legend" }, Array.from({ length: passes + 1 }, (_, p) => el("span", { class: `cell pass${Math.round((p / passes) * 4)}`, text: p === 0 ? "no pass" : `pass ${p}` })),
    el("span", { class: "cell running", text: "running" }), el("span", { class: "cell failed", text: "failed" }));
  const rows = shots.map((shot) => el("div", { class: "grid-row" }, el("span", { class: "grid-label", text: `shot ${shot.shot}` }),
    shot.segments.map((c) => el("span", {
      class: `cell pass${Math.round((c.passesDone / passes) * 4)}${c.passRunning ? " running" : ""}${c.failed ? " failed" : ""}`,
      title: `shot ${shot.shot}, segment ${c.segment}: frames ${c.firstFrame}–${c.endFrame - 1}, ${c.passesDone} of ${passes} passes done${c.passRunning ? `, pass ${c.passRunning} running` : ""}`,
      "data-segment": `${shot.shot}/${c.segment}`, "data-passes": c.passesDone, "data-running": c.passRunning || "",
      text: c.passRunning ? `p${c.passRunning}` : String(c.passesDone) }))));
  return [legend, el("div", { class: "grid" }, rows)];
}

function timeline(lanes, from, live) {
  if (lanes.length === 0) return el("p", { class: "muted", text: "No task has started." });
  const start = Date.parse(from), lastBar = Math.max(...lanes.flatMap((l) => l.bars.map((b) => Date.parse(b.end || b.start))));
  // A finished job's axis ends at its last task: ending at "now" squeezed its bars narrower with every look.
  const end = live ? Math.max(Date.now(), lastBar) : lastBar;
  const w = 1000, lane = 22, left = 110, span = Math.max(1, end - start);
  const chart = svg("svg", { viewBox: `0 0 ${w} ${lanes.length * lane + 20}`, class: "chart timeline", role: "img", "aria-label": "tasks per silo over time" });
  lanes.forEach((l, i) => {
    chart.append(svg("text", { x: 0, y: i * lane + 15, class: "axis" }, l.silo));
    for (const b of l.bars) {
      const x0 = left + ((Date.parse(b.start) - start) / span) * (w - left);
      const x1 = left + (((b.end ? Date.parse(b.end) : end) - start) / span) * (w - left);
      chart.append(svg("rect", { x: x0, y: i * lane + 3, width: Math.max(2, x1 - x0), height: lane - 6, class: `task ${b.kind.toLowerCase()} ${b.state.toLowerCase()}` },
        svg("title", {}, `${b.key} (${b.state}) ${time(b.start)}–${b.end ? time(b.end) : "now"}`)));
    }
  });
  chart.append(svg("text", { x: left, y: lanes.length * lane + 16, class: "axis" }, time(from)), svg("text", { x: w, y: lanes.length * lane + 16, class: "axis", "text-anchor": "end" }, live ? "now" : time(end)));
  return [chart, el("p", { class: "legend" }, ["Plan", "Flow", "Stylize", "Encode", "Train"].map((k) => el("span", { class: `key ${k.toLowerCase()}`, text: k })))];
}

function qualityChart(quality) {
  if (!quality) return el("p", { class: "muted", text: "Measured when the job's output is encoded." });
  const pairs = quality.pairs;
  const header = el("p", {}, `Seam ratio ${number(quality.seamRatio, 3)} (1 = seams invisible). `, `${pairs.length} frame pairs; red: pairs across a seam.`);
  if (pairs.length === 0) return header;
  const w = 1000, h = 140, max = Math.max(...pairs.map((p) => p.error)) || 1;
  const minFrame = pairs[0].frame, maxFrame = pairs[pairs.length - 1].frame, spanF = Math.max(1, maxFrame - minFrame);
  const x = (f) => 30 + ((f - minFrame) / spanF) * (w - 40), y = (e) => h - (e / max) * (h - 10);
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h + 18}`, class: "chart", role: "img", "aria-label": "temporal error per frame pair" },
    svg("polyline", { points: pairs.map((p) => `${x(p.frame)},${y(p.error)}`).join(" "), class: "line" }),
    pairs.filter((p) => p.seam).map((p) => svg("circle", { cx: x(p.frame), cy: y(p.error), r: 4, class: "seam" }, svg("title", {}, `frames ${p.frame}–${p.frame + 1}: ${p.error.toFixed(4)} (seam)`))),
    svg("text", { x: 0, y: 10, class: "axis" }, number(max, 4)), svg("text", { x: 30, y: h + 14, class: "axis" }, `frame ${minFrame}`),
    svg("text", { x: w, y: h + 14, class: "axis", "text-anchor": "end" }, `frame ${maxFrame}`));
  return [header, chart];
}

const lossTotal = (p) => p.content + p.style + p.temporal + p.totalVariation;
const loss = (v) => (v === null || v === undefined ? "–" : Number(v).toPrecision(4));

// A training job's loss curve (the means its checkpoints keep), on a log scale: the loss falls by orders of magnitude.
// The plot keeps a gutter on the left for the value labels and a line at each power of ten inside its range.
function lossChart(t) {
  const header = el("p", {}, `Iteration ${t.iteration} / ${t.iterations}`, t.latest ? ` · last loss ${loss(lossTotal(t.latest))}` : "",
    t.resumedFrom ? ` · resumed from the checkpoint at ${t.resumedFrom}` : "", t.model ? ` · model ${t.model}` : "");
  const curve = t.curve;
  if (curve.length < 2) return [header, el("p", { class: "muted", text: "The curve appears with the first checkpoints." })];
  const logs = curve.map((p) => Math.log10(Math.max(lossTotal(p), 1e-12)));
  const lo = Math.min(...logs), hi = Math.max(...logs), span = Math.max(1e-9, hi - lo);
  const first = curve[0].iteration, last = curve[curve.length - 1].iteration, w = 1000, h = 140, left = 80, top = 14;
  const x = (i) => left + ((i - first) / Math.max(1, last - first)) * (w - left - 10), y = (v) => h - ((v - lo) / span) * (h - top);
  const decades = [];
  for (let d = Math.ceil(lo); d <= Math.floor(hi); d++) decades.push(d);
  // A decade's label is left out where it would sit on the top or bottom label.
  const ticks = decades.map((d) => [svg("line", { x1: left, x2: w - 10, y1: y(d), y2: y(d), class: "baseline" }),
    Math.abs(y(d) - y(hi)) > 14 && Math.abs(y(d) - y(lo)) > 14 ? svg("text", { x: left - 6, y: y(d) + 4, class: "axis", "text-anchor": "end" }, loss(Math.pow(10, d))) : null]);
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h + 18}`, class: "chart", role: "img", "aria-label": "training loss per iteration" },
    ticks.flat().filter(Boolean),
    svg("polyline", { points: curve.map((p, k) => `${x(p.iteration)},${y(logs[k])}`).join(" "), class: "line" }),
    svg("text", { x: left - 6, y: y(hi) + 4, class: "axis", "text-anchor": "end" }, loss(Math.pow(10, hi))),
    svg("text", { x: left - 6, y: y(lo), class: "axis", "text-anchor": "end" }, loss(Math.pow(10, lo))),
    svg("text", { x: left, y: h + 16, class: "axis" }, `iteration ${first}`), svg("text", { x: w - 10, y: h + 16, class: "axis", "text-anchor": "end" }, `iteration ${last}`),
    svg("text", { x: w / 2, y: h + 16, class: "axis", "text-anchor": "middle" }, "loss, log scale"));
  return [header, chart];
}

// A training job's figures: iterations, and the rate its train task's latest attempt measured from its first iteration.
function trainingStats(j, r) {
  const t = j.training;
  const rate = t.iterationsPerSecond ?? null;
  return [stat("iterations", `${t.iteration} / ${t.iterations}`), stat("elapsed", duration(r.elapsedSeconds)),
    stat("ETA", j.state === "Running" && rate ? duration(Math.round((t.iterations - t.iteration) / rate)) : "–"), stat("iterations/s", number(rate, 2)),
    stat("last loss", t.latest ? loss(lossTotal(t.latest)) : "–")];
}

function jobPage(data) {
  const j = data.job, r = data.rates;
  // A viewer's buttons stay enabled: the farm refuses them and the page shows why (the API is the one that decides).
  const button = (action, label, allowed) => el("button", {
    type: "button", "data-action": action, disabled: !allowed,
    title: allowed ? (isOperator ? "" : "needs the operator token: the farm refuses a viewer") : `not possible while the job is ${j.state}`,
    onclick: () => act(j.id, action, label) }, label);
  const running = data.running.map((s) => el("figure", { class: "running" },
    el("div", { class: "pair" },
      s.inputThumb ? thumbnail(s.inputThumb, `input frame ${s.latestFrame}`) : el("div", { class: "placeholder", text: "no frame yet" }),
      s.stylizedThumb ? thumbnail(s.stylizedThumb, `stylized frame ${s.latestFrame}, pass ${s.pass}`) : el("div", { class: "placeholder", text: "no frame yet" })),
    el("figcaption", {}, `shot ${s.shot} · segment ${s.segment} · pass ${s.pass} on ${s.silo || "?"}`, progress(s.framesDone, s.framesTotal, `${s.framesDone} / ${s.framesTotal} frames${s.latestFrame !== null ? ` (newest: ${s.latestFrame})` : ""}`))));
  return [
    el("h1", {}, `Job ${shortId(j.id)} `, badge(j.state)),
    el("p", { class: "muted" }, el("span", { title: j.id, text: j.id }), ` · ${fileName(j.input)} → ${fileName(j.output)} · `,
      j.training ? `training, ${j.training.iterations} iterations` : `preset ${j.preset} · ${j.passes} pass${j.passes === 1 ? "" : "es"}`),
    el("div", { class: "actions" }, button("cancel", "Cancel", data.actions.cancel), button("resume", "Resume", data.actions.resume),
      button("retry-failed", "Retry failed", data.actions.retryFailed),
      isOperator ? null : el("span", { class: "muted", text: "signed in as a viewer: actions need the operator token" }),
      message ? el("span", { id: "action-message", class: message.kind, role: "status", text: message.text }) : null),
    j.error ? el("p", { class: "error", text: `Error: ${j.error}` }) : null,
    el("div", { class: "stats" }, j.training ? trainingStats(j, r) : [stat("frames done", r.framesTotal ? `${r.framesDone} / ${r.framesTotal}` : "–"),
      stat("elapsed", duration(r.elapsedSeconds)), stat("ETA", j.state === "Running" ? duration(r.etaSeconds) : "–"), stat("frames/min", number(r.framesPerMinute)),
      stat("s/frame", number(r.secondsPerFrame, 2)), stat("seam ratio", number(j.seamRatio, 3))]),
    // A training job has one task and no frames: its loss curve instead of the grid, the running frames and the temporal error.
    j.training ? section("Training loss", lossChart(j.training)) : progress(r.frameWorkDone, r.frameWorkTotal, `${r.frameWorkDone} / ${r.frameWorkTotal} frame passes stylized`),
    j.training ? null : section("Shots × segments", grid(data.grid, j.passes)),
    j.training ? null : section("Running segments", data.running.length ? el("div", { class: "thumbs" }, running) : el("p", { class: "muted", text: "No segment is being stylized now." })),
    section("Tasks per silo", timeline(data.timeline, j.submittedAt, !["Succeeded", "Failed", "Cancelled"].includes(j.state))),
    j.training ? null : section("Temporal error per frame", qualityChart(data.quality)),
    section("Task errors", table(["task", "state", "attempts", "silo", "error"], data.errors.map((e) => [e.key, badge(e.state), String(e.attempts), e.silo || "–", el("code", { text: e.error })]), "None.")),
    section("Events", table(["#", "time", "state", "message"], data.events.slice().reverse().map((e) => [String(e.sequence), time(e.at), badge(e.state), e.message]), "None.")),
  ];
}

const pages = { farm: farmPage, jobs: jobsPage, job: jobPage };
let current = JSON.parse(document.getElementById("data").textContent);

function render(data) {
  current = data;
  const shown = new Set((data.running || []).flatMap((r) => [r.inputThumb, r.stylizedThumb]));
  for (const src of thumbnails.keys()) if (!shown.has(src)) thumbnails.delete(src);
  const focused = document.activeElement && document.activeElement.id;
  main.replaceChildren(...pages[body.dataset.page](data).flat().filter(Boolean));
  if (focused) document.getElementById(focused)?.focus();
}

render(current);

const source = new EventSource(body.dataset.live);
source.onopen = () => { liveBadge.textContent = "live"; liveBadge.className = "live on"; };
source.onmessage = (event) => { render(JSON.parse(event.data)); liveBadge.textContent = "live"; liveBadge.className = "live on"; };
source.addEventListener("problem", (event) => { liveBadge.textContent = JSON.parse(event.data); liveBadge.className = "live problem"; });
source.addEventListener("gone", () => { liveBadge.textContent = "gone"; liveBadge.className = "live problem"; source.close(); });
source.onerror = () => { liveBadge.textContent = "reconnecting…"; liveBadge.className = "live problem"; };
