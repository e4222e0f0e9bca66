// 督办搜 page, the body of an import's preview (documents.js frames it with
// its title, outcome and buttons): the warnings in plain Chinese, each
// marking its tasks when clicked; the reading rules applied; for a
// replacement the changes field by field, old → new; every task with every
// field as a table, the lines the reading did not use shown where they
// stood; and a form to teach duban what a column or key means (a [栏目]
// rule in the vocabulary), after which the preview runs again. Uses app.js's
// helpers (el, api, state, config, writeHeaders).
"use strict";

// The task's fields as the office names them, in the order of a 台账.
const PREVIEW_COLUMNS = [["seq", "序号"], ["section", "所属部分"], ["text", "任务内容"], ["leaders", "牵头领导"],
  ["units", "牵头单位"], ["co_units", "配合单位"], ["deadline", "完成时限"]];
const FIELD_LABELS = Object.fromEntries(PREVIEW_COLUMNS);
// What a column or key can be taught to mean (ingest's Role* words).
const RULE_ROLES = ["牵头单位", "配合单位", "牵头领导", "完成时限", "工作任务", "序号", "所属部分", "忽略"];
// The readings of a layout, as a clerk would say them.
const READING_NAMES = { table: "表格", cells: "一格一行的表格", spaced: "以空格分列的表格", columns: "以空格分列的表格",
  outline: "编号条目", blocks: "段落", keyed: "关键词分块", leaders: "按领导分组", paragraphs: "段落" };

function fieldText(t, f) {
  const v = t[f];
  if (Array.isArray(v)) return v.join("、");
  return v === undefined || v === null ? "" : String(v);
}

// previewBody is everything between the preview's outcome and its buttons.
// rerun previews the same file again (after a rule is added).
function previewBody(p, rerun) {
  const tasks = (p.document && p.document.tasks) || [];
  const form = ruleForm(p, tasks, rerun);
  const table = previewTable(p, tasks, form && form.pick);
  const rules = (p.report && p.report.rules) || [];
  const reading = p.report && READING_NAMES[p.report.reading];
  return [
    reading || rules.length ? el("p", { class: "reading", id: "preview-reading" },
      reading ? "读法:" + reading + "。" : null,
      rules.length ? ["已应用词表中的栏目规则:", rules.join(";"), "。"] : null) : null,
    warningList(p.warnings || [], table),
    p.diff ? changesView(p.diff) : null,
    tasks.length ? el("div", { class: "preview-table-wrap" }, el("h3", {}, "读出的任务(" + tasks.length + " 项,每一栏都列出,请逐项核对)"), table) : null,
    form && form.card,
  ].filter(Boolean).flat();
}

// warningList: each warning in plain words; one that names tasks is a
// button marking their rows (and the field's cells) and scrolling to them.
function warningList(ws, table) {
  if (!ws.length) return null;
  return el("div", { class: "preview-warnings", id: "preview-warnings" },
    el("h3", {}, "请注意(" + ws.length + ")"),
    el("ul", { class: "warnings" }, ws.map((w, i) => {
      const lines = w.code === "unused_lines" ? table.querySelectorAll("tr.unused").length : 0;
      const n = (w.seqs && w.seqs.length) || lines;
      return el("li", { "data-code": w.code },
        n ? el("button", { type: "button", class: "warning-link", "data-warning": i, "aria-controls": "preview-tasks",
              onclick: (ev) => markRows(table, w, ev.currentTarget) },
            w.message, el("span", { class: "warning-mark" }, "标出这 " + n + (lines ? " 行" : " 项")))
          : w.message);
    })));
}

// markRows marks the rows a warning concerns (the unused lines for
// unused_lines), and in them the cells of its field, and scrolls the first
// into view.
function markRows(table, w, button) {
  for (const b of document.querySelectorAll("#preview-warnings .warning-link.on")) b.classList.remove("on");
  for (const n of table.querySelectorAll(".marked")) n.classList.remove("marked");
  button.classList.add("on");
  const seqs = new Set(w.seqs || []);
  let first = null;
  for (const row of table.querySelectorAll("tr[data-seq], tr.unused")) {
    if (row.dataset.seq ? !seqs.has(Number(row.dataset.seq)) : w.code !== "unused_lines") continue;
    row.classList.add("marked");
    const cell = w.field && row.querySelector('td[data-field="' + w.field + '"]');
    if (cell) cell.classList.add("marked");
    first = first || row;
  }
  if (first) first.scrollIntoView({ block: "center" });
}

// previewTable is every task with every field, and the unused lines among
// them where they stood (by the line each task begins on, task_lines).
// pick, when given, takes an unused line's key into the rule form.
function previewTable(p, tasks, pick) {
  const unused = ((p.report && p.report.unused) || []).slice().sort((a, b) => a.line - b.line);
  const lines = p.task_lines || [];
  const doubt = new Map();
  for (const w of p.warnings || []) for (const s of w.seqs || []) doubt.set(s, (doubt.get(s) || 0) + 1);
  const rows = [];
  let u = 0, last = 0;
  const unusedRow = (x) => el("tr", { class: "unused", "data-line": x.line },
    el("td", { colspan: PREVIEW_COLUMNS.length, "data-label": "未用上的行" },
      el("span", { class: "unused-where" }, "第 " + x.line + " 行 · 未用上(" + x.reason + ")"), " ", el("span", { class: "unused-text" }, x.text),
      pick ? el("button", { type: "button", class: "rule-pick", onclick: () => pick(lineKey(x.text)) }, "说明其中的列名或关键词") : null));
  tasks.forEach((t, i) => {
    const at = lines[i] || last;
    while (u < unused.length && at && unused[u].line < at) rows.push(unusedRow(unused[u++]));
    last = at;
    rows.push(el("tr", { "data-seq": t.seq, class: doubt.has(t.seq) ? "doubt" : null },
      PREVIEW_COLUMNS.map(([f, label]) => el("td", { "data-field": f, "data-label": label, class: fieldText(t, f) ? null : "empty" },
        f === "seq" ? [String(t.seq), doubt.has(t.seq) ? el("span", { class: "doubt-mark", title: "有 " + doubt.get(t.seq) + " 条需核对" }, "!") : null]
          : fieldText(t, f) || "—"))));
  });
  while (u < unused.length) rows.push(unusedRow(unused[u++]));
  return el("table", { class: "docs preview-tasks", id: "preview-tasks" },
    el("thead", {}, el("tr", {}, PREVIEW_COLUMNS.map(([, label]) => el("th", {}, label)))),
    el("tbody", {}, rows));
}

// changesView is what a replacement changes: removed and added tasks, and
// each changed task field by field, old → new.
function changesView(d) {
  const taskLine = (t) => el("li", {}, "第 " + t.seq + " 项:" + t.text,
    t.units && t.units.length ? el("span", { class: "owners" }, "(" + t.units.join("、") + ")") : null);
  const value = (v, tag) => v ? el(tag, {}, v) : el("span", { class: "none" }, "(空)");
  return [
    el("p", { class: "diff-summary" }, "与当前版本相比:新增 " + d.added.length + " 项,删除 " + d.removed.length + " 项,改动 " +
      d.changed.length + " 项,不变 " + d.same + " 项。"),
    d.removed.length ? el("details", { open: true, class: "removed" }, el("summary", {}, "将删除的任务(" + d.removed.length + ")"),
      el("ul", {}, d.removed.map(taskLine))) : null,
    d.changed.length ? el("details", { open: d.changed.length <= 20, class: "changed" }, el("summary", {}, "将改动的任务(" + d.changed.length + ")"),
      el("ul", { class: "changes" }, d.changed.map((c) => el("li", { "data-seq": c.seq },
        el("strong", {}, "第 " + c.seq + " 项"), "(" + (c.values || []).map((v) => v.label).join("、") + ")",
        el("dl", { class: "field-changes" }, (c.values || []).map((v) => [
          el("dt", {}, v.label || FIELD_LABELS[v.field] || "其他"),
          el("dd", {}, value(v.old, "del"), " → ", value(v.new, "ins"))])))))) : null,
    d.added.length ? el("details", { class: "added" }, el("summary", {}, "将新增的任务(" + d.added.length + ")"),
      el("ul", {}, d.added.map(taskLine))) : null,
  ];
}

// keyRe finds the key opening a line: 协同责任单位：区财政局.
const keyRe = /^\s*([\u4e00-\u9fff（）()]{2,12})\s*[:：]/;

// lineKey is the key an unused line opens with, else its first words.
function lineKey(text) {
  const m = keyRe.exec(text);
  return m ? m[1] : String(text).trim().slice(0, 12);
}

// ruleCandidates are the columns and keys the reading did not place: the
// tasks' other columns (extra) and the keys (XX：) opening unused lines.
function ruleCandidates(p, tasks) {
  const seen = new Map();
  for (const t of tasks) for (const k of Object.keys(t.extra || {})) if (k !== "原编号") seen.set(k, (seen.get(k) || 0) + 1);
  for (const u of (p.report && p.report.unused) || []) {
    const m = keyRe.exec(u.text);
    if (m && !seen.has(m[1])) seen.set(m[1], 0);
  }
  return [...seen.entries()];
}

// ruleForm lets the clerk say what a column or key means: the rule goes
// into the vocabulary's [栏目] and the file is previewed again.
function ruleForm(p, tasks, rerun) {
  if (!config.writes_allowed || !rerun) return null;
  const name = el("input", { type: "text", id: "rule-name", name: "rule-name", maxlength: 50, placeholder: "列名或关键词,如:包保单位", "aria-label": "列名或关键词" });
  const role = el("select", { id: "rule-role", name: "rule-role", "aria-label": "读作" }, RULE_ROLES.map((r) => el("option", { value: r }, r)));
  const status = el("div", { id: "rule-status", role: "status" });
  const cands = ruleCandidates(p, tasks);
  const form = el("form", { class: "rule-form", onsubmit: async (ev) => {
    ev.preventDefault();
    const n = name.value.trim();
    if (!n) { status.replaceChildren(state("error", "请填写列名或关键词。")); name.focus(); return; }
    status.replaceChildren(state("loading", "正在保存到词表…"));
    try {
      const v = await api("/api/vocabulary");
      const voc = v.vocabulary;
      const columns = (voc.columns || []).filter((r) => r.name !== n).concat([{ name: n, role: role.value }]);
      await api("/api/vocabulary", { method: "PUT", headers: { "Content-Type": "application/json", ...writeHeaders() },
        body: JSON.stringify({ vocabulary: { ...voc, columns }, revision: v.revision }) });
      rerun("已把“" + n + " = " + role.value + "”加入词表的栏目规则,以下是重新预览的结果。");
    } catch (e) {
      status.replaceChildren(state("error", "保存规则失败:" + e.message));
    }
  } },
  el("label", { for: "rule-name" }, "文件中的"), name, el("label", { for: "rule-role" }, "读作"), role,
  el("button", { class: "primary", type: "submit", id: "rule-add" }, "添加规则并重新预览"));
  // an unused line offers its key (or its beginning) as the name
  const pick = (text) => { name.value = text; name.focus(); };
  return {
    card: el("div", { class: "card rule-card", id: "rule-card" },
      el("h3", {}, "教督办搜读懂一列或一个关键词"),
      el("p", { class: "summary" }, "如果某一列或某个关键词没有读进对应的栏目(例如“包保单位”其实是牵头单位),在这里说明一次," +
        "规则会存入词表的 [栏目],以后导入的文件都按它读取。"),
      cands.length ? el("p", { class: "rule-candidates" }, "没有读进栏目的列或关键词:",
        cands.map(([k, n]) => el("button", { type: "button", class: "chip", "data-candidate": k, onclick: () => pick(k) }, k + (n ? "(" + n + " 项有值)" : "")))) : null,
      form, status),
    pick,
  };
}
