// 督办搜 page: plain JS, no build step. All state lives in the URL, so any
// view can be bookmarked and sent to a colleague. Notice text is only ever
// set as text; the server's highlight (escaped text plus <mark>) is rebuilt
// node by node, keeping nothing but text and <mark>.
"use strict";

const PAGE_SIZE = 20;
const app = document.getElementById("app");
let config = { writes_allowed: false, token_required: false, max_upload_mb: 32 };
let docTitles = null; // document id → "2018 年 · title", loaded once per change

async function loadDocTitles(force) {
  if (docTitles && !force) return docTitles;
  const docs = await api("/api/documents");
  docTitles = {};
  for (const d of docs) docTitles[d.id] = d.year + " 年 · " + d.title;
  return docTitles;
}

// el builds an element: el("a", {href: "/"}, "text", child…).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// highlighted turns the API's highlight into nodes: text and <mark> only.
function highlighted(html, fallback) {
  const doc = new DOMParser().parseFromString("<body>" + (html || ""), "text/html");
  const out = document.createDocumentFragment();
  for (const n of doc.body.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) out.append(document.createTextNode(n.textContent));
    else if (n.nodeName === "MARK") out.append(el("mark", {}, n.textContent));
    else out.append(document.createTextNode(n.textContent));
  }
  return out.childNodes.length ? out : document.createTextNode(fallback || "");
}

async function api(path, opts) {
  let resp;
  try {
    resp = await fetch(path, opts);
  } catch (e) {
    throw new Error("无法连接服务器,请检查网络或服务是否在运行。");
  }
  let body = null;
  try { body = await resp.json(); } catch (e) { /* not JSON */ }
  if (!resp.ok) {
    const msg = body && body.error ? body.error.message : "服务器返回 " + resp.status;
    throw new Error(msg);
  }
  return body;
}

function state(kind, text) {
  return el("div", { class: "state " + kind, role: kind === "error" ? "alert" : "status" }, text);
}

function go(url) {
  history.pushState(null, "", url);
  route();
}

function searchURL(p) {
  const u = new URLSearchParams();
  if (p.q) u.set("q", p.q);
  for (const k of ["leader", "unit", "year", "doc"]) for (const v of p[k] || []) u.append(k, v);
  if (p.page > 1) u.set("page", p.page);
  const s = u.toString();
  return "/" + (s ? "?" + s : "");
}

// exportURL asks for every task of the search (not one page) as a ledger.
function exportURL(p, format) {
  const u = new URLSearchParams();
  if (p.q) u.set("q", p.q);
  for (const k of ["leader", "unit", "year", "doc"]) for (const v of p[k] || []) u.append(k, v);
  u.set("format", format);
  return "/api/export?" + u.toString();
}

function currentParams() {
  const u = new URLSearchParams(location.search);
  return {
    q: u.get("q") || "",
    leader: u.getAll("leader"), unit: u.getAll("unit"), year: u.getAll("year"), doc: u.getAll("doc"),
    page: Math.max(1, parseInt(u.get("page") || "1", 10) || 1),
  };
}

function toggle(p, key, value) {
  const next = { ...p, page: 1, [key]: [...p[key]] };
  const i = next[key].indexOf(String(value));
  if (i >= 0) next[key].splice(i, 1); else next[key].push(String(value));
  return next;
}

// chips lists a task's leaders or units. A click asks "what else does this
// one lead?": it shows every task of that leader or unit, keeping the year and
// document filters but not the free text (facets are the way to narrow the
// current search).
function chips(label, names, kind, p) {
  if (!names || !names.length) return null;
  const base = p || emptyParams();
  return el("div", { class: "people" }, el("span", { class: "label" }, label + ":"),
    names.map((n) => el("button", {
      class: "chip " + kind, type: "button", title: "查看" + n + "牵头的全部任务", ["data-" + kind]: n,
      onclick: () => go(searchURL({ ...emptyParams(), year: base.year, doc: base.doc, [kind]: [n] })),
    }, n)));
}

function emptyParams() { return { q: "", leader: [], unit: [], year: [], doc: [], page: 1 }; }

function taskCard(t, p) {
  return el("li", { class: "hit", "data-seq": t.seq },
    el("div", { class: "hit-head" },
      el("a", { class: "seq", href: "/task/" + encodeURIComponent(t.id), "data-nav": true }, "第 " + t.seq + " 项"),
      el("span", { class: "year" }, t.year + " 年"),
      t.section ? el("span", { class: "section" }, t.section) : null),
    el("p", { class: "text" }, t.highlight !== undefined ? highlighted(t.highlight, t.text) : t.text),
    typeof synonymNote === "function" ? synonymNote(t) : null, // vocab.js
    chips("牵头领导", t.leaders, "leader", p),
    chips("牵头单位", t.units, "unit", p),
    t.co_units && t.co_units.length ? el("div", { class: "people" }, el("span", { class: "label" }, "配合单位:" + t.co_units.join("、"))) : null,
    t.deadline ? el("div", { class: "people" }, el("span", { class: "label" }, "完成时限:" + t.deadline)) : null,
    targetChips(t.targets));
}

function targetChips(targets) {
  if (!targets || !targets.length) return null;
  return el("div", { class: "people targets" }, el("span", { class: "label" }, "量化指标:"),
    targets.map((g) => el("span", { class: "chip target", title: (g.what || "") + " " + (g.qualifier || "") }, g.text)));
}

function facetPanel(title, key, values, p, open, label) {
  const list = el("ul", {}, (values || []).map((f) => {
    const on = p[key].includes(String(f.value));
    return el("li", {}, el("button", {
      type: "button", class: on ? "on" : "", "aria-pressed": on ? "true" : "false",
      onclick: () => go(searchURL(toggle(p, key, f.value))),
    }, el("span", {}, label ? label(f.value) : String(f.value)), el("span", { class: "count" }, f.count)),
    typeof spellingNote === "function" ? spellingNote(f) : null); // vocab.js
  }));
  return el("details", { open: open, "data-facet": key }, el("summary", {}, title), values && values.length ? list : el("p", { class: "count" }, "无"));
}

function pager(p, total) {
  const pages = Math.max(1, Math.ceil(Math.min(total, 10000) / PAGE_SIZE));
  if (pages <= 1) return null;
  return el("nav", { class: "pager", "aria-label": "分页" },
    el("button", { type: "button", disabled: p.page <= 1, onclick: () => go(searchURL({ ...p, page: p.page - 1 })) }, "上一页"),
    el("span", {}, "第 " + p.page + " / " + pages + " 页"),
    el("button", { type: "button", disabled: p.page >= pages, onclick: () => go(searchURL({ ...p, page: p.page + 1 })) }, "下一页"));
}

async function renderSearch() {
  const p = currentParams();
  document.getElementById("q").value = p.q;
  document.title = p.q ? p.q + " - 督办搜" : "督办搜";
  app.replaceChildren(state("loading", "正在搜索…"));
  const u = new URLSearchParams();
  if (p.q) u.set("q", p.q);
  for (const k of ["leader", "unit", "year", "doc"]) for (const v of p[k]) u.append(k, v);
  u.set("from", (p.page - 1) * PAGE_SIZE);
  u.set("size", PAGE_SIZE);
  let res, titles;
  try {
    [res, titles] = await Promise.all([api("/api/search?" + u.toString()), loadDocTitles()]);
  } catch (e) {
    app.replaceChildren(state("error", "搜索出错:" + e.message));
    return;
  }
  const docLabel = (id) => titles[id] || id;
  const selected = [];
  const names = { leader: "领导", unit: "单位", year: "年度", doc: "文件" };
  for (const k of ["unit", "leader", "year", "doc"]) {
    for (const v of p[k]) {
      selected.push(el("span", { class: "filter", "data-filter": k }, names[k] + ":" + (k === "doc" ? docLabel(v) : v),
        el("button", { type: "button", title: "去掉这个条件", "aria-label": "去掉" + v, onclick: () => go(searchURL(toggle(p, k, v))) }, "×")));
    }
  }
  const what = p.q ? "与“" + p.q + "”相关的" : "";
  // On a phone the facet panels start folded so the results come first.
  const wide = window.matchMedia("(min-width: 761px)").matches;
  const results = res.hits.length
    ? el("ol", { class: "hits" }, res.hits.map((h) => taskCard(h, p)))
    : state("empty", "没有找到" + what + "任务。" + (selected.length ? "试试去掉筛选条件," : "") + "试试更短或别的关键词。");
  app.replaceChildren(el("div", { class: "layout" },
    el("aside", { class: "facets", "aria-label": "筛选" },
      facetPanel("牵头单位", "unit", res.facets.unit, p, wide),
      facetPanel("牵头领导", "leader", res.facets.leader, p, wide),
      facetPanel("年度", "year", res.facets.year, p, wide),
      res.facets.doc && res.facets.doc.length > 1 || p.doc.length ? facetPanel("文件", "doc", res.facets.doc, p, wide, docLabel) : null),
    el("section", {},
      selected.length ? el("div", { class: "filters" }, selected) : null,
      el("div", { class: "summary-row" },
        el("p", { class: "summary", id: "summary" }, "共 " + res.total + " 条" + what + "任务,用时 " + res.took_ms.toFixed(1) + " 毫秒"),
        res.total ? el("span", { class: "exports" }, "导出本次结果:",
          el("a", { href: exportURL(p, "xlsx"), class: "export", download: true }, "Excel"),
          el("a", { href: exportURL(p, "csv"), class: "export", download: true }, "CSV")) : null),
      results,
      pager(p, res.total))));
}

async function renderTask(id) {
  app.replaceChildren(state("loading", "正在加载任务…"));
  let t, docs;
  try {
    [t, docs] = await Promise.all([api("/api/tasks/" + encodeURIComponent(id)), api("/api/documents")]);
  } catch (e) {
    app.replaceChildren(state("error", "无法打开这项任务:" + e.message));
    return;
  }
  const d = docs.find((x) => x.id === t.doc_id);
  document.title = "第 " + t.seq + " 项任务 - 督办搜";
  const links = (names, kind) => (names || []).length
    ? names.map((n, i) => [i ? "、" : "", el("a", { href: "/" + kind + "/" + encodeURIComponent(n), "data-nav": true }, n)])
    : "—";
  const extra = Object.entries(t.extra || {});
  app.replaceChildren(el("article", { class: "card task" },
    el("h1", {}, (d ? d.year + " 年 · " : "") + "第 " + t.seq + " 项任务"),
    el("p", { class: "text" }, t.text),
    el("dl", { class: "meta" },
      el("dt", {}, "牵头领导"), el("dd", {}, links(t.leaders, "leader")),
      el("dt", {}, "牵头单位"), el("dd", {}, links(t.units, "unit")),
      el("dt", {}, "配合单位"), el("dd", {}, (t.co_units || []).join("、") || "—"),
      el("dt", {}, "完成时限"), el("dd", {}, t.deadline || "—"),
      el("dt", {}, "量化指标"), el("dd", {}, (t.targets || []).length ? targetChips(t.targets) : "—"),
      t.section ? [el("dt", {}, "所属部分"), el("dd", {}, t.section)] : null,
      extra.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]),
      el("dt", {}, "文件"), el("dd", {}, d ? d.title + "(" + d.issuer + " " + d.date + ")" : t.doc_id),
      el("dt", {}, "任务编号"), el("dd", {}, t.id))));
}

async function renderPerson(kind, name) {
  const label = kind === "leader" ? "领导" : "单位";
  app.replaceChildren(state("loading", "正在加载…"));
  document.title = name + " - 督办搜";
  const p = { ...emptyParams(), [kind]: [name] };
  let res, units;
  try {
    res = await api("/api/search?" + new URLSearchParams([[kind, name], ["size", "100"]]).toString());
    if (kind === "unit") units = await api("/api/units");
  } catch (e) {
    app.replaceChildren(state("error", "无法加载" + label + "“" + name + "”:" + e.message));
    return;
  }
  // by identity (vocab.js): the name may be any of the unit's spellings
  const group = units && units.find((u) => u.name === name || (u.spellings || []).some((s) => s.name === name) || u.variants.some((v) => v.name === name));
  app.replaceChildren(el("section", {},
    el("h1", {}, name + (kind === "leader" ? " 牵头的任务" : " 牵头的任务")),
    group && group.name !== name ? el("p", { class: "summary" }, "“" + name + "”即“" + group.name + "”。") : null,
    group && group.variants.length > 1 ? el("p", { class: "summary" }, "包括写法:" + group.variants.map((v) => v.name + "(" + v.tasks + ")").join("、")) : null,
    el("p", { class: "summary", id: "summary" }, "共 " + res.total + " 项" + (res.total > res.hits.length ? ",显示前 " + res.hits.length + " 项," : ","),
      el("a", { href: searchURL(p), "data-nav": true }, "在搜索中查看")),
    res.hits.length ? el("ol", { class: "hits" }, res.hits.map((h) => taskCard({ ...h, highlight: undefined }, p))) : state("empty", "没有" + label + "“" + name + "”牵头的任务。")));
}

// documentsOrError loads the document list, or shows why it cannot and
// returns null.
async function documentsOrError() {
  try {
    return await api("/api/documents");
  } catch (e) {
    app.replaceChildren(state("error", "无法加载文件列表:" + e.message));
    return null;
  }
}

async function renderDocuments(report) {
  app.replaceChildren(state("loading", "正在加载文件列表…"));
  const docs = await documentsOrError();
  if (!docs) return;
  document.title = "文件与导入 - 督办搜";
  const token = el("input", { type: "password", name: "token", placeholder: "写入令牌", autocomplete: "off" });
  const auth = () => (config.token_required ? { Authorization: "Bearer " + token.value } : {});
  const rows = docs.map((d) => el("tr", {},
    el("td", {}, d.year), el("td", {}, el("a", { href: searchURL({ ...emptyParams(), doc: [d.id] }), "data-nav": true }, d.title)),
    el("td", {}, d.issuer), el("td", {}, d.date), el("td", {}, d.task_count), el("td", {}, d.source),
    el("td", {}, config.writes_allowed ? el("button", { class: "danger", type: "button", onclick: async () => {
      if (!confirm("删除“" + d.title + "”及其全部 " + d.task_count + " 项任务?")) return;
      try { await api("/api/documents/" + encodeURIComponent(d.id), { method: "DELETE", headers: auth() }); docTitles = null; renderDocuments(); }
      catch (e) { alert("删除失败:" + e.message); }
    } }, "删除") : "")));
  const file = el("input", { type: "file", name: "file", required: true, accept: ".txt,.csv,.htm,.html,.docx,.xlsx,.pdf,.ofd,.doc,.wps,.xls,.et" });
  const status = el("div", { id: "upload-status" });
  const form = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    if (!file.files.length) return;
    const fd = new FormData();
    fd.append("file", file.files[0]);
    status.replaceChildren(state("loading", "正在导入…"));
    try {
      const r = await api("/api/documents", { method: "POST", body: fd, headers: auth() });
      docTitles = null;
      renderDocuments(r);
    } catch (e) {
      status.replaceChildren(state("error", "导入失败:" + e.message));
    }
  } }, file, config.token_required ? token : null, el("button", { class: "primary", type: "submit" }, "导入"));
  app.replaceChildren(el("section", {},
    el("h1", {}, "文件与导入"),
    report ? reportView(report) : null,
    docs.length ? el("table", {}, el("thead", {}, el("tr", {}, ["年度", "标题", "发文机关", "日期", "任务数", "来源文件", ""].map((h) => el("th", {}, h)))), el("tbody", {}, rows))
      : state("empty", "还没有导入任何文件。"),
    config.writes_allowed
      ? el("div", { class: "card upload" }, el("h2", {}, "导入新的任务分解通知"),
          el("p", { class: "summary" }, "同一发文机关、同一年度、同一标题的通知会整体替换旧版本。文件不超过 " + config.max_upload_mb + " MB。"), form, status)
      : el("p", { class: "summary" }, "本服务器为只读,不能导入或删除文件。")));
}

// bars draws a horizontal bar chart as inline SVG: one bar per item, a
// label on the left, the count on the right; a click opens its search.
function bars(title, items, href) {
  const NS = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs, text) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const longest = Math.max(4, ...items.map((i) => [...i.label].length));
  const rowH = 24, labelW = Math.min(280, 14 * longest + 12), barW = 360, width = labelW + barW + 60;
  const maxV = Math.max(1, ...items.map((i) => i.value));
  const svg = svgEl("svg", { viewBox: "0 0 " + width + " " + (items.length * rowH + 8), role: "img", "aria-label": title, class: "chart" });
  items.forEach((item, i) => {
    const y = i * rowH + 4;
    const g = svgEl("a", { href: href(item) });
    g.append(svgEl("text", { x: labelW - 8, y: y + 16, "text-anchor": "end", class: "chart-label" }, item.label));
    g.append(svgEl("rect", { x: labelW, y: y + 3, width: Math.max(2, (item.value / maxV) * barW), height: rowH - 8, rx: 3, class: "chart-bar" }));
    g.append(svgEl("text", { x: labelW + (item.value / maxV) * barW + 6, y: y + 16, class: "chart-value" }, String(item.value)));
    svg.append(g);
  });
  return el("section", { class: "card chart-card", "data-chart": title }, el("h2", {}, title), items.length ? svg : el("p", { class: "summary" }, "无"));
}

async function renderStats() {
  app.replaceChildren(state("loading", "正在统计…"));
  document.title = "总览 - 督办搜";
  const u = new URLSearchParams(location.search);
  let st;
  try {
    st = await api("/api/stats?" + u.toString());
  } catch (e) {
    app.replaceChildren(state("error", "统计失败:" + e.message));
    return;
  }
  const top = (list, n) => list.slice(0, n);
  const search = (k, v) => searchURL({ ...emptyParams(), [k]: [v] });
  const share = st.tasks ? Math.round((st.with_targets / st.tasks) * 100) : 0;
  app.replaceChildren(
    el("h1", {}, "任务总览"),
    el("p", { class: "summary", id: "summary" }, "共 " + st.tasks + " 项任务,其中 " + st.with_targets + " 项(" + share + "%)含量化指标。"),
    el("div", { class: "charts" },
      bars("各牵头领导的任务数", top(st.leaders, 20).map((x) => ({ label: x.name, value: x.tasks, key: x.name })), (i) => search("leader", i.key)),
      bars("各牵头单位的任务数(前 20)", top(st.units, 20).map((x) => ({ label: x.name + (st.spellings && st.spellings[x.name] ? "(" + st.spellings[x.name].length + " 种写法)" : ""), value: x.tasks, key: x.name })), (i) => search("unit", i.key)),
      bars("各年度的任务数", st.years.map((x) => ({ label: x.name + " 年", value: x.tasks, key: x.name })), (i) => search("year", i.key)),
      bars("共同牵头最多的领导与单位", top(st.pairs, 15).map((x) => ({ label: x.leader + " · " + x.unit, value: x.tasks, leader: x.leader, unit: x.unit })),
        (i) => searchURL({ ...emptyParams(), leader: [i.leader], unit: [i.unit] }))));
}

const CLASS_NAMES = { changed: "变化", new: "新增", dropped: "取消", carried: "延续" };

async function renderCompare() {
  app.replaceChildren(state("loading", "正在比较…"));
  document.title = "年度对比 - 督办搜";
  const docs = await documentsOrError();
  if (!docs) return;
  if (docs.length < 2) {
    app.replaceChildren(el("h1", {}, "年度对比"), state("empty", "至少需要两份文件才能对比。请先在“文件与导入”中导入另一年度的通知。"));
    return;
  }
  const u = new URLSearchParams(location.search);
  const from = u.get("from") || docs[1].id, to = u.get("to") || docs[0].id;
  const select = (name, value) => el("select", { name, "aria-label": name === "from" ? "较早的文件" : "较新的文件",
    onchange: (ev) => { const q = new URLSearchParams({ from, to }); q.set(name, ev.target.value); go("/compare?" + q.toString()); } },
    docs.map((d) => el("option", { value: d.id, selected: d.id === value }, d.year + " 年 · " + d.title)));
  const head = el("div", { class: "card" }, el("h1", {}, "年度对比"), el("p", {}, select("from", from), " → ", select("to", to)));
  let cmp;
  try {
    cmp = await api("/api/compare?" + new URLSearchParams({ from, to }).toString());
  } catch (e) {
    app.replaceChildren(head, state("error", "对比失败:" + e.message));
    return;
  }
  const c = cmp.counts;
  const groups = ["changed", "new", "dropped", "carried"].map((cls) => {
    const pairs = cmp.pairs.filter((p) => p.class === cls);
    return el("details", { class: "card compare-" + cls, open: cls !== "carried", "data-class": cls },
      el("summary", {}, CLASS_NAMES[cls] + "(" + pairs.length + " 项)"),
      pairs.length ? el("ol", { class: "hits" }, pairs.map(pairView)) : el("p", { class: "summary" }, "无"));
  });
  app.replaceChildren(head,
    el("p", { class: "summary", id: "summary" }, "延续 " + c.carried + " 项 · 变化 " + c.changed + " 项 · 新增 " + c.new + " 项 · 取消 " + c.dropped + " 项"),
    ...groups);
}

function pairView(p) {
  const link = (t) => el("a", { href: "/task/" + encodeURIComponent(t.id), "data-nav": true }, t.year + " 年第 " + t.seq + " 项");
  if (p.class === "new") return el("li", { class: "hit" }, link(p.to), el("p", { class: "text" }, p.to.text));
  if (p.class === "dropped") return el("li", { class: "hit" }, link(p.from), el("p", { class: "text" }, p.from.text));
  if (p.class === "carried") return el("li", { class: "hit" }, link(p.from), " → ", link(p.to), el("p", { class: "text" }, p.to.text));
  return el("li", { class: "hit" },
    el("div", { class: "hit-head" }, link(p.from), " → ", link(p.to), el("span", { class: "year" }, "相似度 " + p.similarity)),
    el("p", { class: "text diff" }, (p.diff || []).map((d) => d.op === "=" ? d.text : el(d.op === "-" ? "del" : "ins", {}, d.text))),
    (p.numbers || []).length ? el("div", { class: "people" }, el("span", { class: "label" }, "数字变化:"),
      p.numbers.map((n) => el("span", { class: "chip" }, (n.from || "—") + " → " + (n.to || "—")))) : null,
    (p.units_added || []).length || (p.units_removed || []).length ? el("div", { class: "people" }, el("span", { class: "label" },
      "牵头单位:" + (p.units_added || []).map((x) => "+" + x).concat((p.units_removed || []).map((x) => "−" + x)).join(" "))) : null);
}

function reportView(r) {
  return el("div", { class: "card report", id: "report" },
    el("h2", {}, (r.unchanged ? "文件未变化:" : r.replaced ? "已替换:" : "已导入:") + r.title),
    el("p", {}, "读入 " + r.lines_read + " 行,生成 " + r.tasks_made + " 项任务,未使用 " + r.report.unused.length + " 行。"),
    r.report.unused.length ? el("ul", {}, r.report.unused.map((u) => el("li", {}, "第 " + u.line + " 行(" + u.reason + "):" + u.text))) : null,
    el("a", { href: searchURL({ ...emptyParams(), doc: [r.id] }), "data-nav": true }, "查看这份文件的任务"));
}

function route() {
  const path = decodeURIComponent(location.pathname);
  let m;
  if (path === "/") return renderSearch();
  if ((m = path.match(/^\/task\/(.+)$/))) return renderTask(m[1]);
  if ((m = path.match(/^\/leader\/(.+)$/))) return renderPerson("leader", m[1]);
  if ((m = path.match(/^\/unit\/(.+)$/))) return renderPerson("unit", m[1]);
  if (path === "/documents") return renderDocuments();
  if (path === "/compare") return renderCompare();
  if (path === "/stats") return renderStats();
  if (path === "/vocabulary" && typeof renderVocabulary === "function") return renderVocabulary(); // vocab.js
  app.replaceChildren(state("error", "页面不存在。"), el("p", {}, el("a", { href: "/", "data-nav": true }, "返回搜索")));
}

document.addEventListener("click", (ev) => {
  const a = ev.target.closest("a[data-nav]");
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  go(a.getAttribute("href"));
});
document.getElementById("search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value.trim();
  const p = location.pathname === "/" ? currentParams() : emptyParams();
  go(searchURL({ ...p, q, page: 1 }));
});
window.addEventListener("popstate", route);
api("/api/config").then((c) => { config = c; }).catch(() => {}).finally(route);
