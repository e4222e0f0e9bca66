// 督办搜 page: plain JS, no build step. All state lives in the URL, so any
// view can be bookmarked and sent to a colleague. Notice text is only ever
// set as text; the server's highlight (escaped text plus <mark>) is rebuilt
// node by node, keeping nothing but text and <mark>.
"use strict";

const PAGE_SIZE = 20;
const app = document.getElementById("app");
let config = { writes_allowed: false, token_required: false, max_upload_mb: 32 };
// The page's routes start at once; only the documents page waits for the
// server's configuration (whether it accepts uploads).
const configReady = api("/api/config").then((c) => { config = c; }).catch(() => {});
let docTitles = null; // document id → title, loaded once per change
let unitVariants = null; // unit group → the names it is written as
let unitIdentities = null; // a spelling of a unit the office's vocabulary merges → that unit (vocab.js)
// the 管理口令 typed on a page, kept for this tab's session (sessionStorage:
// a reload keeps it, closing the tab forgets it)
let adminToken = sessionStorage.getItem("duban.token") || "";

// The filters a search URL can carry; each may repeat except the due bounds.
const FILTERS = ["leader", "unit", "year", "doc", "due", "status", "period"];
const SORTS = [["relevance", "相关度"], ["order", "年度·序号"], ["due", "完成时限"]];
const FILTER_NAMES = { leader: "牵头领导", unit: "牵头单位", year: "年度", doc: "文件", due: "完成时限", status: "进展状态", period: "进度报告" };

async function loadDocTitles(force) {
  if (docTitles && !force) return docTitles;
  docTitles = docNames(await api("/api/documents"));
  return docTitles;
}

// docNames names each document for a list: docName, and where two
// documents read the same, their issuer or source file to tell them apart.
function docNames(docs) {
  const out = {}, seen = {};
  for (const d of docs) seen[docName(d)] = (seen[docName(d)] || 0) + 1;
  for (const d of docs) {
    const n = docName(d);
    out[d.id] = seen[n] > 1 ? n + "(" + (d.source || d.issuer || d.id) + ")" : n;
  }
  return out;
}

// loadUnitVariants maps each unit group to the names it is written as, so
// a facet label (区住建局) can show what it groups (区住建局(规划分局)).
async function loadUnitVariants() {
  if (unitVariants) return unitVariants;
  const groups = await api("/api/units");
  unitVariants = {};
  unitIdentities = {};
  for (const g of groups) {
    unitVariants[g.name] = g.variants.map((v) => v.name);
    // with the office's vocabulary, a group is an identity and its
    // spellings (and the names they are written as) all stand for it
    if (g.spellings) for (const n of [...g.spellings, ...g.variants]) unitIdentities[n.name] = g.name;
  }
  return unitVariants;
}

// docName is a document's title, with its year first when the title does
// not say it (a title such as 2018年《政府工作报告》… already does).
function docName(d) {
  return d.title.indexOf(String(d.year)) >= 0 ? d.title : d.year + " 年 · " + d.title;
}

// forgetDocuments drops what was loaded about the documents after an
// upload or a deletion.
function forgetDocuments() { docTitles = null; unitVariants = null; unitIdentities = null; }

// el builds an element: el("a", {href: "/"}, "text", child…). Children may
// be nested arrays at any depth; null, undefined and false are skipped.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
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
    if (n.nodeName === "MARK") out.append(el("mark", {}, n.textContent));
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
    const err = new Error(body && body.error ? body.error.message : "服务器返回 " + resp.status);
    err.status = resp.status;
    throw err;
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

// fold makes names comparable as a person reads them: full-width letters,
// digits and brackets as ASCII, case ignored.
function fold(s) { return String(s).normalize("NFKC").toLowerCase(); }

// queryWords splits a query as the server does: on spaces, "quoted
// phrases" kept whole, words without a letter or digit dropped.
function queryWords(q) {
  const words = [];
  let cur = "", quoted = false;
  const flush = () => { const w = cur.trim(); if (w && /[\p{L}\p{N}]/u.test(w)) words.push(w); cur = ""; };
  for (const ch of q) {
    if (ch === '"' || ch === "“" || ch === "”") { flush(); quoted = !quoted; }
    else if (/\s/.test(ch) && !quoted) flush();
    else cur += ch;
  }
  flush();
  return words;
}

// didYouMean adds to an empty answer the units, leaders and words the
// suggestions offer for its query (cgj → 区城管局), each a link to its tasks.
async function didYouMean(p, box, seq) {
  let s;
  try {
    s = await api("/api/suggest?" + new URLSearchParams({ q: p.q.trim() }).toString());
  } catch (e) {
    return;
  }
  const picks = ((s && s.suggestions) || []).slice(0, 5);
  if (seq !== searchSeq || !box.isConnected || !picks.length) return;
  const link = (x) => {
    const params = { ...p, q: "", page: 1 };
    if (x.kind === "unit") params.unit = [x.value];
    else if (x.kind === "leader") params.leader = [x.value];
    else params.q = x.value;
    return el("a", { href: searchURL(params), "data-nav": true, "data-kind": x.kind }, x.text);
  };
  box.append(el("p", { class: "did-you-mean", id: "did-you-mean" }, "您要找的是不是:", picks.map((x, i) => [i ? "、" : "", link(x)])));
}

function emptyParams() { return { q: "", leader: [], unit: [], year: [], doc: [], due: [], status: [], period: [], due_before: "", due_after: "", sort: "", page: 1 }; }

// filterQuery writes the search's filters (not its page) into u.
function filterQuery(p, u) {
  if (p.q) u.set("q", p.q);
  for (const k of FILTERS) for (const v of p[k] || []) u.append(k, v);
  if (p.due_before) u.set("due_before", p.due_before);
  if (p.due_after) u.set("due_after", p.due_after);
  return u;
}

function searchURL(p) {
  const u = filterQuery(p, new URLSearchParams());
  if (p.sort) u.set("sort", p.sort);
  if (p.page > 1) u.set("page", p.page);
  const s = u.toString();
  return "/" + (s ? "?" + s : "");
}

// exportURL asks for every task of the search (not one page) as a ledger.
// Without a sort chosen, the ledger lists the notices' order.
function exportURL(p, format) {
  const u = filterQuery(p, new URLSearchParams());
  if (p.sort) u.set("sort", p.sort);
  u.set("format", format);
  return "/api/export?" + u.toString();
}

function currentParams() {
  const u = new URLSearchParams(location.search);
  const p = emptyParams();
  p.q = u.get("q") || "";
  for (const k of FILTERS) p[k] = u.getAll(k);
  p.due_before = u.get("due_before") || "";
  p.due_after = u.get("due_after") || "";
  p.sort = u.get("sort") || "";
  p.page = Math.max(1, parseInt(u.get("page") || "1", 10) || 1);
  return p;
}

function toggle(p, key, value) {
  const next = { ...p, page: 1, [key]: [...p[key]] };
  const i = next[key].indexOf(String(value));
  if (i >= 0) next[key].splice(i, 1); else next[key].push(String(value));
  return next;
}

// monthName writes 2019-06 as 2019年6月; dayName 2019-06-30 as 2019年6月30日.
function monthName(m) { const [y, mo] = m.split("-"); return y + "年" + Number(mo) + "月"; }
function dayName(d) { const [y, mo, day] = d.split("-"); return y + "年" + Number(mo) + "月" + Number(day) + "日"; }
function monthEnd(m) {
  const [y, mo] = m.split("-").map(Number);
  return m + "-" + String(new Date(y, mo, 0).getDate()).padStart(2, "0");
}

// personLinks are a task's leaders or units as links to their pages.
function personLinks(names, kind, matched) {
  if (!names || !names.length) return "—";
  return names.map((n, i) => [i ? "、" : "",
    el("a", { href: "/" + kind + "/" + encodeURIComponent(n), "data-nav": true, class: matched && matched(n) ? "matched" : null }, n)]);
}

// chips lists a task's leaders or units. A click asks "what else does this
// one lead?": every task of that leader or unit, keeping the year and
// document filters but not the free text (facets narrow the current
// search). A name the query matched is marked: it is why the task was found.
function chips(label, names, kind, p, matched) {
  if (!names || !names.length) return null;
  const base = p || emptyParams();
  return el("div", { class: "people" }, el("span", { class: "label" }, label + ":"),
    names.map((n) => {
      const hit = matched && matched(n);
      return el("a", {
        class: "chip " + kind + (hit ? " matched" : ""), title: (hit ? "与搜索词匹配 · " : "") + "查看" + n + "牵头的全部任务",
        href: searchURL({ ...emptyParams(), year: base.year, doc: base.doc, sort: base.sort === "due" ? "due" : "", [kind]: [n] }),
        "data-nav": true, ["data-" + kind]: n,
      }, hit ? el("mark", {}, n) : n);
    }));
}

// nameMatcher says whether a leader or unit name holds one of the query's
// words.
function nameMatcher(q) {
  const words = queryWords(q || "").map(fold);
  if (!words.length) return null;
  return (name) => { const f = fold(name); return words.some((w) => f.includes(w)); };
}

// dueText is a task's deadline as written, with the date it was read as
// when the deadline does not say it (6月底 → 2019年6月30日).
function dueText(t) {
  if (!t.deadline) return null;
  if (!t.due || t.deadline.replace(/\s/g, "").includes(dayName(t.due))) return t.deadline;
  return t.deadline + "(" + dayName(t.due) + ")";
}

function taskCard(t, p, matched) {
  const due = dueText(t);
  return el("li", { class: "hit", "data-seq": t.seq, "data-year": t.year },
    el("div", { class: "hit-head" },
      el("a", { class: "seq", href: "/task/" + encodeURIComponent(t.id), "data-nav": true }, "第 " + t.seq + " 项"),
      el("span", { class: "year" }, t.year + " 年"),
      statusBadge(t.status),
      t.section ? el("span", { class: "section" }, t.section) : null),
    el("p", { class: "text" }, t.highlight !== undefined ? highlighted(t.highlight, t.text) : t.text),
    t.progress ? el("p", { class: "progress-line" }, el("span", { class: "label" }, periodName(t.period) + "进展:"),
      t.progress_highlight ? highlighted(t.progress_highlight, t.progress) : t.progress) : null,
    typeof synonymNote === "function" ? synonymNote(t) : null, // vocab.js
    chips("牵头领导", t.leaders, "leader", p, matched),
    chips("牵头单位", t.units, "unit", p, matched),
    t.co_units && t.co_units.length ? el("div", { class: "people" }, el("span", { class: "label" }, "配合单位:"), t.co_units.join("、")) : null,
    due ? el("div", { class: "people" }, el("span", { class: "label" }, "完成时限:"), el("span", { class: "due" }, due)) : null,
    targetChips(t.targets, true));
}

// targetChips shows a task's quantitative targets; labelled in a card, not
// in the task page's table, which has its own label.
function targetChips(targets, labelled) {
  if (!targets || !targets.length) return null;
  return el("div", { class: "people targets" }, labelled ? el("span", { class: "label" }, "量化指标:") : null,
    targets.map((g) => el("span", { class: "chip target", title: ((g.what || "") + " " + (g.qualifier || "")).trim() }, g.text)));
}

// facetPanel lists one facet's values; a click adds or removes the value.
// Values of one facet are alternatives, so each keeps its count while
// others are chosen.
function facetPanel(title, key, values, p, open, label, extra) {
  // In the long lists (leaders, units) the values chosen come first, so
  // they stay in sight; the rest keep their order.
  if ((key === "leader" || key === "unit") && p[key].length && values) {
    const chosen = (f) => p[key].includes(String(f.value));
    values = values.filter(chosen).concat(values.filter((f) => !chosen(f)));
  }
  const list = el("ul", {}, (values || []).map((f) => {
    const on = p[key].includes(String(f.value));
    return el("li", {}, el("button", {
      type: "button", class: on ? "on" : "", "aria-pressed": on ? "true" : "false", "data-value": String(f.value),
      onclick: () => go(searchURL(toggle(p, key, f.value))),
    }, el("span", { class: "facet-label" }, label ? label(f.value, f) : String(f.value)), el("span", { class: "count" }, f.count)),
    extra ? extra(f) : null,
    typeof spellingNote === "function" ? spellingNote(f) : null); // vocab.js
  }));
  return el("details", { open: open, "data-facet": key }, el("summary", {}, title), values && values.length ? list : el("p", { class: "count" }, "无"));
}

// dueExtra offers, beside each month, every task due by that month's end:
// "what is due by the end of June" in one click.
function dueExtra(p, values) {
  return (f) => {
    const upTo = values.filter((v) => v.value <= f.value).reduce((n, v) => n + v.count, 0);
    const end = monthEnd(f.value);
    const on = p.due_before === end && !p.due.length && !p.due_after;
    return el("a", {
      class: "by-end" + (on ? " on" : ""), href: searchURL({ ...p, page: 1, due: [], due_after: "", due_before: end }), "data-nav": true,
      title: "截至" + dayName(end) + "应完成的全部任务", "data-due-before": end,
    }, "截至" + Number(f.value.slice(5)) + "月底 " + upTo);
  };
}

function pager(p, total) {
  const pages = Math.max(1, Math.ceil(Math.min(total, 10000) / PAGE_SIZE));
  if (pages <= 1) return null;
  return el("nav", { class: "pager", "aria-label": "分页" },
    el("button", { type: "button", disabled: p.page <= 1, onclick: () => go(searchURL({ ...p, page: p.page - 1 })) }, "上一页"),
    el("span", {}, "第 " + p.page + " / " + pages + " 页"),
    el("button", { type: "button", disabled: p.page >= pages, onclick: () => go(searchURL({ ...p, page: p.page + 1 })) }, "下一页"));
}

// sortControl: 相关度 / 年度·序号 / 完成时限. Without a query every task
// is equally relevant, so 相关度 is the notices' order then.
function sortControl(p) {
  const current = p.sort || (p.q ? "relevance" : "order");
  return el("div", { class: "sort", role: "group", "aria-label": "排序" }, el("span", { class: "label" }, "排序:"),
    SORTS.map(([key, name]) => el("a", {
      href: searchURL({ ...p, sort: key, page: 1 }), "data-nav": true, "data-sort": key,
      class: key === current ? "on" : null, "aria-current": key === current ? "true" : null,
    }, name)));
}

// filterChips shows the chosen filters, one group per facet: values of a
// group joined by 或, the groups all applying.
function filterChips(p, docLabel) {
  const groups = [];
  const value = (k, v) => (k === "doc" ? docLabel(v) : k === "due" ? monthName(v) : k === "year" ? v + " 年" : k === "period" ? periodName(v) : v);
  for (const k of ["unit", "leader", "year", "doc", "due", "status", "period"]) {
    if (!p[k].length) continue;
    groups.push(el("span", { class: "filter-group", "data-filter": k }, el("span", { class: "label" }, FILTER_NAMES[k] + ":"),
      p[k].map((v, i) => [i ? el("span", { class: "or" }, "或") : "",
        el("span", { class: "filter" }, value(k, v),
          el("button", { type: "button", title: "去掉这个条件", "aria-label": "去掉" + value(k, v), onclick: () => go(searchURL(toggle(p, k, v))) }, "×"))])));
  }
  for (const [k, name] of [["due_after", "不早于"], ["due_before", "截至"]]) {
    if (!p[k]) continue;
    groups.push(el("span", { class: "filter-group", "data-filter": k }, el("span", { class: "label" }, "完成时限:"),
      el("span", { class: "filter" }, name + dayName(p[k]),
        el("button", { type: "button", title: "去掉这个条件", "aria-label": "去掉" + name + dayName(p[k]), onclick: () => go(searchURL({ ...p, page: 1, [k]: "" })) }, "×"))));
  }
  if (!groups.length) return null;
  return el("div", { class: "filters" }, groups.map((g, i) => [i ? el("span", { class: "and" }, "且") : "", g]));
}

// personOffer: when the whole query is a leader's or a unit's name, its page.
function personOffer(q, res) {
  const f = fold(q.trim());
  if (!f) return null;
  const leader = (res.facets.leader || []).find((x) => fold(x.value) === f);
  if (leader) return el("p", { class: "offer" }, "“" + leader.value + "”是牵头领导:", el("a", { href: "/leader/" + encodeURIComponent(leader.value), "data-nav": true }, "查看" + leader.value + "牵头的全部任务"));
  let unit = (res.facets.unit || []).find((x) => fold(x.value) === f);
  let name = unit && unit.value;
  if (!name) {
    for (const h of res.hits) for (const u of h.units || []) if (fold(u) === f) name = u;
  }
  if (name) return el("p", { class: "offer" }, "“" + name + "”是牵头单位:", el("a", { href: "/unit/" + encodeURIComponent(name), "data-nav": true }, "查看" + name + "牵头的全部任务"));
  return null;
}

let searchSeq = 0;

async function renderSearch() {
  const p = currentParams();
  const seq = ++searchSeq;
  document.getElementById("q").value = p.q;
  document.title = p.q ? p.q + " - 督办搜" : "督办搜";
  // The results shown stay, dimmed, until the new ones arrive.
  const old = app.querySelector(".layout");
  if (old) {
    old.classList.add("stale");
    old.setAttribute("aria-busy", "true");
  } else {
    app.replaceChildren(state("loading", "正在搜索…"));
  }
  const words = queryWords(p.q);
  const u = filterQuery(p, new URLSearchParams());
  if (p.sort) u.set("sort", p.sort);
  u.set("from", (p.page - 1) * PAGE_SIZE);
  u.set("size", PAGE_SIZE);
  let res, titles, variants;
  try {
    [res, titles, variants] = await Promise.all([api("/api/search?" + u.toString()), loadDocTitles(), loadUnitVariants().catch(() => ({}))]);
  } catch (e) {
    if (seq === searchSeq) app.replaceChildren(state("error", "搜索出错:" + e.message));
    return;
  }
  if (seq !== searchSeq) return; // a newer search is on its way
  const docLabel = (id) => titles[id] || id;
  const unitLabel = (g, f) => {
    // a unit the vocabulary merges lists its spellings with their counts
    // instead (vocab.js, spellingNote)
    if (f && f.spellings && f.spellings.length && typeof spellingNote === "function") return g;
    const others = (variants[g] || []).filter((v) => v !== g);
    return others.length ? [g, el("small", { class: "variants" }, "含 " + others.join("、"))] : g;
  };
  const noWords = p.q.trim() !== "" && !words.length;
  const what = p.q && !noWords ? "与“" + p.q + "”相关的" : "";
  const hasFilters = FILTERS.some((k) => p[k].length) || p.due_before || p.due_after;
  // On a phone the facet panels start folded so the results come first.
  const wide = window.matchMedia("(min-width: 761px)").matches;
  const matched = nameMatcher(p.q);
  let results;
  if (noWords) results = state("empty", "“" + p.q + "”中没有可以搜索的文字,请输入任务关键词、单位或领导的名字。");
  else if (res.hits.length) results = el("ol", { class: "hits" }, res.hits.map((h) => taskCard(h, p, matched)));
  else {
    results = state("empty", "没有找到" + what + "任务。" + (hasFilters ? "试试去掉筛选条件," : "") + "试试更短或别的关键词。");
    // pinyin (cgj), initials or a name submitted without taking a
    // suggestion: offer what the suggestions would have offered
    if (!noWords && p.q.trim()) didYouMean(p, results, seq);
  }
  if (noWords) {
    app.replaceChildren(el("div", { class: "layout single" }, el("section", { class: "results" }, results)));
    return;
  }
  const dueValues = res.facets.due || [];
  app.replaceChildren(el("div", { class: "layout" },
    el("aside", { class: "facets", "aria-label": "筛选" },
      el("p", { class: "hint" }, "同一栏可多选,满足其一即可;不同栏的条件同时满足。"),
      facetPanel("牵头单位", "unit", res.facets.unit, p, wide, unitLabel),
      facetPanel("牵头领导", "leader", res.facets.leader, p, wide),
      facetPanel("年度", "year", res.facets.year, p, wide, (y) => y + " 年"),
      dueValues.length || p.due.length || p.due_before || p.due_after ? facetPanel("完成时限", "due", dueValues, p, wide, monthName, dueExtra(p, dueValues)) : null,
      (res.facets.doc || []).length > 1 || p.doc.length ? facetPanel("文件", "doc", res.facets.doc, p, wide, docLabel) : null,
      (res.facets.status || []).length || p.status.length ? facetPanel("进展状态", "status", sortStatuses(res.facets.status), p, wide) : null,
      (res.facets.period || []).length || p.period.length ? facetPanel("进度报告", "period", res.facets.period, p, wide, periodName) : null),
    el("section", { class: "results" },
      filterChips(p, docLabel),
      personOffer(p.q, res),
      el("div", { class: "summary-row" },
        el("p", { class: "summary", id: "summary" }, "共 " + res.total + " 条" + what + "任务,用时 " + res.took_ms.toFixed(1) + " 毫秒"),
        res.total ? sortControl(p) : null,
        res.total ? el("span", { class: "exports" }, "导出台账:",
          el("a", { href: exportURL(p, "xlsx"), class: "export", download: true, "data-export": "xlsx" }, "Excel"),
          el("a", { href: exportURL(p, "csv"), class: "export", download: true, "data-export": "csv" }, "CSV")) : null),
      // sorting by deadline among tasks that name none changes nothing: say why
      p.sort === "due" && res.total && !(res.facets.due || []).length
        ? el("p", { class: "muted", id: "no-due" }, "这些任务都没有写明具体的完成时限,按完成时限排序时保持年度·序号的顺序。") : null,
      results,
      pager(p, res.total))));
}

const VIA_NAMES = { column: "通知表格的“牵头单位”一栏", key: "通知中“牵头单位”等字样之后", keyless: "任务后括号中的单位", heading: "任务所在的标题", "lead rule": "通知中“排在第一位的为牵头单位”的说明" };

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
  const extra = Object.entries(t.extra || {});
  const row = (label, ...value) => [el("dt", {}, label), el("dd", { "data-field": label }, ...value)];
  app.replaceChildren(el("article", { class: "card task" },
    el("h1", {}, t.year + " 年 · 第 " + t.seq + " 项任务"),
    el("p", { class: "text" }, t.text),
    el("dl", { class: "meta" },
      row("牵头领导", personLinks(t.leaders, "leader")),
      row("牵头单位", personLinks(t.units, "unit")),
      row("配合单位", (t.co_units || []).join("、") || "—"),
      row("完成时限", dueText(t) || "—"),
      t.status ? row("进展状态", statusBadge(t.status), t.period ? el("span", { class: "muted" }, "(" + periodName(t.period) + ")") : null) : null,
      row("量化指标", (t.targets || []).length ? targetChips(t.targets, false) : "—"),
      t.section ? row("所属部分", t.section) : null,
      extra.map(([k, v]) => row(k, v)),
      row("文件", d ? el("a", { href: searchURL({ ...emptyParams(), doc: [d.id], sort: "order" }), "data-nav": true }, docName(d)) : t.doc_id,
        d ? el("span", { class: "muted" }, "(" + [d.issuer, d.number, d.date].filter(Boolean).join(" ") + ")") : null),
      t.via ? row("牵头单位取自", VIA_NAMES[t.via] || t.via) : null)));
  if (typeof taskCorrections === "function") taskCorrections(t, d, app.querySelector("article.task")); // edit.js
  const timeline = await taskTimeline(t);
  if (timeline && location.pathname === "/task/" + t.id) app.append(timeline);
  const entries = await taskEntries(t, () => renderTask(t.id)); // entry.js
  if (location.pathname === "/task/" + t.id) app.append(...entries);
}

async function renderPerson(kind, name) {
  const label = kind === "leader" ? "牵头领导" : "牵头单位";
  app.replaceChildren(state("loading", "正在加载…"));
  document.title = name + " - 督办搜";
  const p = { ...emptyParams(), [kind]: [name], sort: "order" };
  let res, variants, titles;
  try {
    [res, variants, titles] = await Promise.all([
      api("/api/search?" + new URLSearchParams([[kind, name], ["size", "100"], ["sort", "order"]]).toString()),
      kind === "unit" ? loadUnitVariants() : null, loadDocTitles()]);
  } catch (e) {
    app.replaceChildren(state("error", "无法加载" + label + "“" + name + "”:" + e.message));
    return;
  }
  // By identity (vocab.js): the name may be any spelling of a unit the
  // office's vocabulary merges; the page then lists the whole unit.
  const group = kind === "unit" && unitIdentities ? unitIdentities[name] || name : name;
  const written = variants && variants[group] ? variants[group].filter((v) => v !== name) : [];
  app.replaceChildren(el("section", { class: "person" },
    el("h1", {}, name + " 牵头的任务"),
    group !== name ? el("p", { class: "summary" }, "“" + name + "”即“" + group + "”。") : null,
    written.length ? el("p", { class: "summary variants-note" }, "包括写作 " + written.join("、") + " 的任务") : null,
    el("div", { class: "summary-row" },
      el("p", { class: "summary", id: "summary" }, "共 " + res.total + " 项" + (res.total > res.hits.length ? ",显示前 " + res.hits.length + " 项" : "") + ",按年度·序号排列。",
        el("a", { href: searchURL(p), "data-nav": true }, "在搜索中筛选")),
      res.total ? el("span", { class: "exports" }, "导出台账:",
        el("a", { href: exportURL(p, "xlsx"), class: "export", download: true, "data-export": "xlsx" }, "Excel")) : null),
    res.hits.length ? byDocument(res.hits, titles).map(([doc, hits]) => el("section", { class: "doc-group" },
      el("h2", {}, doc + "(" + hits.length + " 项)"),
      el("ol", { class: "hits" }, hits.map((h) => taskCard({ ...h, highlight: undefined }, p)))))
      : state("empty", "没有" + label + "“" + name + "”的任务。")));
}

// byDocument groups hits listed in the notices' order under their
// documents' names.
function byDocument(hits, titles) {
  const groups = [];
  for (const h of hits) {
    const last = groups[groups.length - 1];
    if (last && last.id === h.doc_id) last.hits.push(h);
    else groups.push({ id: h.doc_id, hits: [h] });
  }
  return groups.map((g) => [titles[g.id] || g.id, g.hits]);
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

// writeHeaders carry the 管理口令 when the server asks for one.
function writeHeaders() {
  if (adminToken) sessionStorage.setItem("duban.token", adminToken);
  return config.token_required && adminToken ? { Authorization: "Bearer " + adminToken } : {};
}

// bars draws a bar chart as HTML: one row per item, its label, a bar and
// the count, all at the page's font size, so labels stay readable on a
// phone. A row is a link to its search.
function bars(title, items, href, opts) {
  const o = opts || {};
  const maxV = Math.max(1, ...items.map((i) => i.value));
  const limit = o.limit && items.length > o.limit ? o.limit : items.length;
  const list = el("ol", { class: "bars" }, items.map((item, i) => {
    const bar = el("span", { class: "bar" });
    bar.style.width = Math.max(1, (item.value / maxV) * 100) + "%"; // CSSOM, allowed by the page's CSP
    return el("li", { class: i >= limit ? "more" : null, hidden: i >= limit },
      el("a", { href: href(item), "data-nav": true, title: item.label + ":" + item.value + " 项" },
        el("span", { class: "bar-label" }, item.label), el("span", { class: "bar-track" }, bar), el("span", { class: "bar-value" }, item.value)));
  }));
  const more = limit < items.length ? el("button", { type: "button", class: "more-button", onclick: (ev) => {
    for (const li of list.querySelectorAll("li.more")) li.hidden = false;
    ev.target.remove();
  } }, "显示全部 " + items.length + " 个") : null;
  return el("section", { class: "card chart-card", "data-chart": title }, el("h2", {}, title),
    items.length ? [list, more] : el("p", { class: "summary" }, "无"));
}

async function renderStats() {
  app.replaceChildren(state("loading", "正在统计…"));
  document.title = "总览 - 督办搜";
  const u = new URLSearchParams(location.search);
  let all;
  try {
    all = await api("/api/search?size=0");
  } catch (e) {
    app.replaceChildren(state("error", "统计失败:" + e.message));
    return;
  }
  const years = (all.facets.year || []).map((y) => String(y.value));
  // One year at a time by default: tasks of different years added up (29 +
  // 28) mean nothing; 全部年度 is still offered.
  let year = u.get("year") || years[0] || "all";
  if (year !== "all" && !years.includes(year)) year = years[0] || "all";
  const filter = year === "all" ? "" : "year=" + encodeURIComponent(year);
  let st, dues;
  try {
    [st, dues] = await Promise.all([api("/api/stats?" + filter), api("/api/search?size=0&" + filter)]);
  } catch (e) {
    app.replaceChildren(state("error", "统计失败:" + e.message));
    return;
  }
  const scope = year === "all" ? [] : [year];
  const search = (k, v) => searchURL({ ...emptyParams(), year: scope, [k]: [v], sort: "order" });
  const share = st.tasks ? Math.round((st.with_targets / st.tasks) * 100) : 0;
  const yearLinks = el("nav", { class: "year-select", "aria-label": "选择年度" }, el("span", { class: "label" }, "年度:"),
    (all.facets.year || []).map((y) => el("a", { href: "/stats?year=" + y.value, "data-nav": true, "data-year": y.value,
      class: String(y.value) === year ? "on" : null, "aria-current": String(y.value) === year ? "true" : null }, y.value + " 年(" + y.count + " 项)")),
    years.length > 1 ? el("a", { href: "/stats?year=all", "data-nav": true, "data-year": "all", class: year === "all" ? "on" : null, "aria-current": year === "all" ? "true" : null }, "全部年度") : null);
  const dueItems = (dues.facets.due || []).map((m) => ({ label: monthName(m.value), value: m.count, key: m.value }));
  app.replaceChildren(
    el("h1", {}, (year === "all" ? "全部年度" : year + " 年") + "任务总览"),
    yearLinks,
    el("p", { class: "summary", id: "summary" }, "共 " + st.tasks + " 项任务,其中 " + st.with_targets + " 项(" + share + "%)含量化指标。"),
    el("div", { class: "charts" },
      bars("各牵头领导的任务数", st.leaders.map((x) => ({ label: x.name, value: x.tasks, key: x.name })), (i) => search("leader", i.key)),
      bars("各牵头单位的任务数", st.units.map((x) => ({ label: x.name + (st.spellings && st.spellings[x.name] ? "(" + st.spellings[x.name].length + " 种写法)" : ""), value: x.tasks, key: x.name })), (i) => search("unit", i.key), { limit: 20 }),
      dueItems.length ? bars("各月到期的任务数", dueItems, (i) => searchURL({ ...emptyParams(), year: scope, due: [i.key], sort: "due" })) : null,
      bars("共同牵头最多的领导与单位", st.pairs.slice(0, 15).map((x) => ({ label: x.leader + " · " + x.unit, value: x.tasks, leader: x.leader, unit: x.unit })),
        (i) => searchURL({ ...emptyParams(), year: scope, leader: [i.leader], unit: [i.unit], sort: "order" }))));
  const progress = await progressOverview(year);
  if (progress && location.pathname === "/stats") app.append(progress);
}

const CLASS_NAMES = { changed: "变化", new: "新增", dropped: "取消", carried: "延续" };

// similarityWord says how alike two versions of a task are (as the
// comparison export does): 高 from 0.7, else 中.
function similarityWord(s) { return s >= 0.7 ? "高" : "中"; }

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
  // By default the two most recent different years: the newest notice of
  // the latest year against the newest of the year before it.
  const latest = docs[0], earlier = docs.find((d) => d.year !== latest.year) || docs[1];
  const from = u.get("from") || earlier.id, to = u.get("to") || latest.id;
  const names = docNames(docs);
  const select = (name, value) => el("select", { name, "aria-label": name === "from" ? "较早的文件" : "较新的文件",
    onchange: (ev) => { const q = new URLSearchParams({ from, to }); q.set(name, ev.target.value); go("/compare?" + q.toString()); } },
    docs.map((d) => el("option", { value: d.id, selected: d.id === value }, names[d.id])));
  const pick = el("div", { class: "compare-pick" },
    el("label", {}, el("span", { class: "label" }, "较早:"), select("from", from)), el("span", { class: "arrow" }, "→"),
    el("label", {}, el("span", { class: "label" }, "较新:"), select("to", to)));
  const head = el("div", { class: "card" }, el("h1", {}, "年度对比"), pick);
  const fromDoc = docs.find((d) => d.id === from), toDoc = docs.find((d) => d.id === to);
  if (fromDoc && toDoc && fromDoc.year > toDoc.year) {
    head.append(el("p", { class: "summary warning", id: "order-note" }, "“较早”一栏选的是 " + fromDoc.year + " 年,晚于“较新”一栏的 " + toDoc.year +
      " 年;下面按所选方向对比(“新增”是 " + toDoc.year + " 年才有的任务)。",
      el("a", { href: "/compare?" + new URLSearchParams({ from: to, to: from }).toString(), "data-nav": true }, "交换两栏")));
  }
  if (from === to) {
    app.replaceChildren(head, state("empty", "请选择两份不同的文件进行对比。"));
    return;
  }
  let cmp;
  try {
    cmp = await api("/api/compare?" + new URLSearchParams({ from, to }).toString());
  } catch (e) {
    app.replaceChildren(head, state("error", "对比失败:" + e.message));
    return;
  }
  const c = cmp.counts;
  const exp = (format) => "/api/compare/export?" + new URLSearchParams({ from, to, format }).toString();
  head.append(el("p", { class: "exports" }, "导出变化、新增和取消的任务:",
    el("a", { href: exp("xlsx"), class: "export", download: true, "data-export": "xlsx" }, "Excel"),
    el("a", { href: exp("csv"), class: "export", download: true, "data-export": "csv" }, "CSV")));
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

// owners shows a compared task's leaders and units as links to their pages.
function owners(t) {
  return el("div", { class: "people owners" },
    el("span", {}, el("span", { class: "label" }, "牵头领导:"), personLinks(t.leaders, "leader")),
    el("span", {}, el("span", { class: "label" }, "牵头单位:"), personLinks(t.units, "unit")));
}

function pairView(p) {
  const link = (t) => el("a", { href: "/task/" + encodeURIComponent(t.id), "data-nav": true }, t.year + " 年第 " + t.seq + " 项");
  if (p.class === "new") return el("li", { class: "hit" }, link(p.to), el("p", { class: "text" }, p.to.text), owners(p.to));
  if (p.class === "dropped") return el("li", { class: "hit" }, link(p.from), el("p", { class: "text" }, p.from.text), owners(p.from));
  if (p.class === "carried") return el("li", { class: "hit" }, link(p.from), " → ", link(p.to), el("p", { class: "text" }, p.to.text));
  return el("li", { class: "hit" },
    el("div", { class: "hit-head" }, link(p.from), " → ", link(p.to),
      el("span", { class: "similarity", title: "相似度 " + p.similarity }, "相似度" + similarityWord(p.similarity))),
    el("p", { class: "text diff" }, (p.diff || []).map((d) => d.op === "=" ? d.text : el(d.op === "-" ? "del" : "ins", {}, d.text))),
    (p.numbers || []).length ? el("div", { class: "people" }, el("span", { class: "label" }, "数字变化:"),
      p.numbers.map((n) => el("span", { class: "chip" }, (n.from || "—") + " → " + (n.to || "—")))) : null,
    (p.units_added || []).length || (p.units_removed || []).length ? el("div", { class: "people" }, el("span", { class: "label" },
      "牵头单位变化:" + (p.units_added || []).map((x) => "增加" + x).concat((p.units_removed || []).map((x) => "减少" + x)).join(" "))) : null,
    owners(p.to));
}

// markNav marks the section the page is in.
function markNav(section) {
  for (const a of document.querySelectorAll(".nav a")) {
    const on = a.dataset.section === section;
    a.classList.toggle("current", on);
    if (on) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
}

function route() {
  const path = decodeURIComponent(location.pathname);
  if (path !== "/") document.getElementById("q").value = ""; // the search's words belong to the search page
  let m;
  if (path === "/") { markNav("search"); return renderSearch(); }
  if ((m = path.match(/^\/task\/(.+)$/))) { markNav("search"); return renderTask(m[1]); }
  if ((m = path.match(/^\/leader\/(.+)$/))) { markNav("search"); return renderPerson("leader", m[1]); }
  if ((m = path.match(/^\/unit\/(.+)$/))) { markNav("search"); return renderPerson("unit", m[1]); }
  if (path === "/documents") { markNav("documents"); return renderDocuments(); }
  if ((m = path.match(/^\/documents\/([^/]+)\/history$/))) { markNav("documents"); return renderHistory(m[1]); }
  if (path === "/compare") { markNav("compare"); return renderCompare(); }
  if (path === "/stats") { markNav("stats"); return renderStats(); }
  if (path === "/chase") { markNav("chase"); return renderChase(); }
  if (path === "/vocabulary" && typeof renderVocabulary === "function") { markNav("vocabulary"); return renderVocabulary(); } // vocab.js
  markNav("");
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
route();
