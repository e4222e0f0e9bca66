// 督办搜 page, corrections by hand: on a task's page the office corrects
// its text, leaders, units, co-units and deadline, deletes it, or adds a
// task to its document; a task corrected by hand is marked 已人工校正;
// a document's history says what each correction changed, before → after.
// Loaded before app.js, which holds the helpers (el, api, state, go,
// writeHeaders, config, adminToken) and calls taskCorrections from
// renderTask and correctionSummary from the history.
"use strict";

const CORRECTED_NAMES = { text: "任务内容", leaders: "牵头领导", units: "牵头单位", co_units: "配合单位", deadline: "完成时限",
  added: "人工新增", split: "拆分", merged: "合并" };
const LIST_FIELDS = ["leaders", "units", "co_units"];
let correctionBy = ""; // the name the clerk typed once, for this visit
let correctionNotice = null; // what the last correction did, shown once the task page is drawn again

// namesOf reads a list as typed: names separated by 、(or ，,；;).
function namesOf(s) { return String(s || "").split(/[、，,；;\n]/).map((x) => x.trim()).filter(Boolean); }

// correctedText names the fields a task's corrections touched.
function correctedText(fields) { return (fields || []).map((f) => CORRECTED_NAMES[f] || f).join("、"); }

// fieldText is a field's value in words, for before → after.
function correctionFieldText(v, f) {
  if (!v) return "—";
  const x = LIST_FIELDS.includes(f) ? (v[f] || []).join("、") : v[f];
  return x ? String(x) : "(空)";
}

// correctionSummary says what an edit version changed, for the history.
function correctionSummary(v) {
  const c = v.correction;
  if (!c) return null;
  let what;
  switch (c.kind) {
    case "add": what = ["新增第 " + c.seq + " 项:" + c.after.text + "(牵头单位 " + (c.after.units || []).join("、") + ")"]; break;
    case "delete": what = ["删除第 " + c.seq + " 项:" + c.text]; break;
    case "split": what = ["把第 " + c.seq + " 项拆分为第 " + c.seq + " 项和第 " + c.other_seq + " 项"]; break;
    case "merge": what = ["把第 " + c.other_seq + " 项合并到第 " + c.seq + " 项"]; break;
    default:
      what = ["第 " + c.seq + " 项:", (c.fields || []).map((f) => el("span", { class: "edit-field", "data-field": f },
        CORRECTED_NAMES[f] || f, ":", el("del", {}, correctionFieldText(c.before, f)), " → ", el("ins", {}, correctionFieldText(c.after, f))))];
  }
  return el("div", { class: "edit-summary" }, what);
}

// taskCorrections marks a corrected task on its page and, when the server
// takes writes, adds the tools to correct it, delete it and add a task to
// its document. article is the task's card; d its document (for the
// version the clerk sees, sent as expect).
async function taskCorrections(t, d, article) {
  if (!article) return;
  const h1 = article.querySelector("h1");
  if (t.corrected && t.corrected.length && h1) {
    h1.append(el("span", { class: "badge corrected", id: "corrected", title: "人工校正:" + correctedText(t.corrected) }, "已人工校正"));
    const dl = article.querySelector("dl.meta");
    // who changed what and when is in the document's history: one click away
    if (dl) dl.append(el("dt", {}, "人工校正"), el("dd", { "data-field": "人工校正" }, correctedText(t.corrected),
      el("span", { class: "muted" }, "(", el("a", { href: "/documents/" + encodeURIComponent(t.doc_id) + "/history", "data-nav": true, id: "corrected-history" },
        "谁在何时改了什么,见历史版本"), ")")));
    // units set by hand were not found by the parser's reading
    const via = article.querySelector('dd[data-field="牵头单位取自"]');
    if (via && (t.corrected.includes("units") || t.corrected.includes("added"))) via.textContent = "人工校正";
  }
  await configReady;
  if (!config.writes_allowed || !article.isConnected) return;
  const status = el("div", { id: "edit-status" });
  if (correctionNotice && correctionNotice.task === t.id) status.append(state("done", correctionNotice.text));
  correctionNotice = null;
  const tools = el("div", { class: "edit-tools" });
  const box = el("div", { class: "card edit-card", id: "edit-card" }, el("div", { class: "edit-buttons" },
    el("button", { type: "button", class: "primary", id: "edit-open", onclick: () => tools.replaceChildren(editForm(t, d, status)) }, "校正这项任务"),
    el("button", { type: "button", id: "add-open", onclick: () => tools.replaceChildren(addForm(t, d, status)) }, "在本文件中新增任务"),
    el("button", { type: "button", class: "danger", id: "task-delete", onclick: () => deleteTask(t, d, status) }, "删除这项任务")),
  status, tools);
  article.after(box);
}

// tokenField asks for the 管理口令 when the server wants one.
function tokenField() {
  if (!config.token_required) return null;
  return el("label", { class: "edit-row" }, el("span", {}, "管理口令"),
    el("input", { type: "password", id: "token", autocomplete: "off", value: adminToken, oninput: (ev) => { adminToken = ev.target.value; } }));
}

function byField() {
  return el("label", { class: "edit-row" }, el("span", {}, "校正人(可不填)"),
    el("input", { type: "text", id: "edit-by", value: correctionBy, maxlength: "40", oninput: (ev) => { correctionBy = ev.target.value; } }));
}

function editRow(label, input) { return el("label", { class: "edit-row" }, el("span", {}, label), input); }

// correctionFailed says why a correction was refused; a newer version
// (409) offers to load it.
function correctionFailed(status, what, e, t) {
  status.replaceChildren(state("error", what + "失败:" + e.message),
    e.status === 409 ? el("button", { type: "button", onclick: () => renderTask(t.id) }, "重新加载") : null);
  if (e.status === 401) { const token = document.getElementById("token"); if (token) token.focus(); }
}

function sendJSON(path, method, body) {
  return api(path, { method, headers: { ...writeHeaders(), "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function expectOf(d) { return d && d.version ? { expect: d.version } : {}; }

// editForm edits the five fields; only those changed are sent.
function editForm(t, d, status) {
  const text = el("textarea", { id: "edit-text", rows: "4" });
  text.value = t.text;
  const input = (id, v) => el("input", { type: "text", id, value: v });
  const leaders = input("edit-leaders", (t.leaders || []).join("、"));
  const units = input("edit-units", (t.units || []).join("、"));
  const coUnits = input("edit-co-units", (t.co_units || []).join("、"));
  const deadline = input("edit-deadline", t.deadline || "");
  const save = async (ev) => {
    ev.preventDefault();
    const patch = {};
    if (text.value.trim() !== t.text) patch.text = text.value;
    for (const [f, box] of [["leaders", leaders], ["units", units], ["co_units", coUnits]]) {
      if (namesOf(box.value).join("、") !== (t[f] || []).join("、")) patch[f] = namesOf(box.value);
    }
    if (deadline.value.trim() !== (t.deadline || "")) patch.deadline = deadline.value;
    if (!Object.keys(patch).length) { status.replaceChildren(state("error", "没有改动。")); return; }
    status.replaceChildren(state("loading", "正在保存…"));
    try {
      const r = await sendJSON("/api/tasks/" + encodeURIComponent(t.id), "PATCH", { ...patch, ...expectOf(d), by: correctionBy });
      forgetDocuments();
      correctionNotice = { task: t.id, text: "已保存为第 " + r.version + " 版:" + correctedText(r.correction.fields) + "已更正。以后重新解析或再次导入这份文件时,这次校正会保留。" };
      renderTask(t.id);
    } catch (e) { correctionFailed(status, "保存", e, t); }
  };
  return el("form", { class: "edit-form", id: "edit-form", onsubmit: save },
    el("h2", {}, "校正第 " + t.seq + " 项任务"),
    el("p", { class: "summary" }, "名单之间用“、”分隔。每次校正保存为这份文件的一个新版本,可在历史版本中查看和撤销。"),
    editRow("任务内容", text), editRow("牵头领导", leaders), editRow("牵头单位", units), editRow("配合单位", coUnits), editRow("完成时限", deadline),
    byField(), tokenField(),
    el("div", { class: "edit-buttons" }, el("button", { type: "submit", class: "primary", id: "edit-save" }, "保存"),
      el("button", { type: "button", onclick: (ev) => ev.target.closest("form").remove() }, "取消")));
}

// addForm adds a task the parser missed to the task's document.
function addForm(t, d, status) {
  const input = (id, v, attrs) => el("input", { type: "text", id, value: v || "", ...attrs });
  const seq = input("add-seq", "", { inputmode: "numeric", placeholder: "不填则排在最后" });
  const section = input("add-section", t.section || "");
  const text = el("textarea", { id: "add-text", rows: "3" });
  const leaders = input("add-leaders"), units = input("add-units"), coUnits = input("add-co-units"), deadline = input("add-deadline");
  const save = async (ev) => {
    ev.preventDefault();
    const n = seq.value.trim() ? Number(seq.value.trim()) : 0;
    if (!Number.isInteger(n) || n < 0) { status.replaceChildren(state("error", "序号应为正整数,或不填。")); return; }
    status.replaceChildren(state("loading", "正在新增…"));
    try {
      const r = await sendJSON("/api/documents/" + encodeURIComponent(t.doc_id) + "/tasks", "POST", {
        seq: n, section: section.value, text: text.value, leaders: namesOf(leaders.value), units: namesOf(units.value),
        co_units: namesOf(coUnits.value), deadline: deadline.value, ...expectOf(d), by: correctionBy });
      forgetDocuments();
      const added = r.tasks[0];
      correctionNotice = { task: added.id, text: "已新增第 " + added.seq + " 项任务(第 " + r.version + " 版)。" };
      go("/task/" + encodeURIComponent(added.id));
    } catch (e) { correctionFailed(status, "新增", e, t); }
  };
  return el("form", { class: "edit-form", id: "add-form", onsubmit: save },
    el("h2", {}, "在本文件中新增任务"),
    editRow("序号", seq), editRow("所属部分", section), editRow("任务内容", text), editRow("牵头领导", leaders), editRow("牵头单位", units),
    editRow("配合单位", coUnits), editRow("完成时限", deadline), byField(), tokenField(),
    el("div", { class: "edit-buttons" }, el("button", { type: "submit", class: "primary", id: "add-save" }, "新增"),
      el("button", { type: "button", onclick: (ev) => ev.target.closest("form").remove() }, "取消")));
}

// deleteTask removes the task from its document (a new version: the
// history can bring it back).
async function deleteTask(t, d, status) {
  if (!confirm("删除第 " + t.seq + " 项任务?删除后不再能被搜索到;可在这份文件的历史版本中恢复。")) return;
  if (config.token_required && !adminToken) {
    const token = tokenField();
    status.replaceChildren(state("error", "需要管理口令:请填写后再点“删除这项任务”。"), token);
    token.querySelector("input").focus();
    return;
  }
  status.replaceChildren(state("loading", "正在删除…"));
  try {
    const q = new URLSearchParams({ ...expectOf(d), by: correctionBy });
    await api("/api/tasks/" + encodeURIComponent(t.id) + "?" + q.toString(), { method: "DELETE", headers: writeHeaders() });
    forgetDocuments();
    go(searchURL({ ...emptyParams(), doc: [t.doc_id], sort: "order" }));
  } catch (e) { correctionFailed(status, "删除", e, t); }
}

// previewCorrector lets the clerk correct the tasks of an import's
// preview before confirming: pick a task by its 序号, change its fields or
// delete it; each correction joins the list sent with the file
// (corrections), and the preview is made again with them, so what is
// confirmed is what was seen. rerun(list) previews again with list.
function previewCorrector(p, chosen, rerun) {
  const doc = p.document;
  if (!doc || !doc.tasks || !doc.tasks.length || !config.writes_allowed) return null;
  const pending = chosen.corrections || [];
  const bySeq = new Map(doc.tasks.map((t) => [t.seq, t]));
  const pick = el("select", { id: "pc-seq" }, doc.tasks.map((t) => el("option", { value: String(t.seq) }, "第 " + t.seq + " 项:" + t.text.slice(0, 30))));
  const text = el("textarea", { id: "pc-text", rows: "3" });
  const input = (id) => el("input", { type: "text", id });
  const leaders = input("pc-leaders"), units = input("pc-units"), coUnits = input("pc-co-units"), deadline = input("pc-deadline");
  const fill = () => {
    const t = bySeq.get(Number(pick.value));
    if (!t) return;
    text.value = t.text; leaders.value = (t.leaders || []).join("、"); units.value = (t.units || []).join("、");
    coUnits.value = (t.co_units || []).join("、"); deadline.value = t.deadline || "";
  };
  pick.addEventListener("change", fill);
  fill();
  const message = el("div", { id: "pc-status" });
  const add = () => {
    const t = bySeq.get(Number(pick.value));
    const edit = { seq: t.seq };
    if (text.value.trim() !== t.text) edit.text = text.value;
    for (const [f, box] of [["leaders", leaders], ["units", units], ["co_units", coUnits]]) {
      if (namesOf(box.value).join("、") !== (t[f] || []).join("、")) edit[f] = namesOf(box.value);
    }
    if (deadline.value.trim() !== (t.deadline || "")) edit.deadline = deadline.value;
    if (Object.keys(edit).length === 1) { message.replaceChildren(state("error", "没有改动。")); return; }
    rerun([...pending, edit]);
  };
  const describe = (c) => c.kind === "delete" ? "删除第 " + c.seq + " 项" :
    "第 " + c.seq + " 项:" + Object.keys(c).filter((k) => CORRECTED_NAMES[k]).map((k) => CORRECTED_NAMES[k] + " → " + (Array.isArray(c[k]) ? c[k].join("、") : c[k])).join(";");
  return el("details", { class: "card preview-corrections", id: "preview-corrections", open: pending.length > 0 },
    el("summary", {}, "导入前校正任务" + (pending.length ? "(已校正 " + pending.length + " 处)" : "")),
    el("p", { class: "summary" }, "读错的任务可以先在这里改正,确认导入时一并保存;以后重新解析或再次导入这份文件时,这些校正会保留。"),
    pending.length ? el("ol", { class: "pending-corrections" }, pending.map((c, i) => el("li", {}, describe(c), " ",
      el("button", { type: "button", onclick: () => rerun(pending.filter((_, j) => j !== i)) }, "撤销")))) : null,
    editRow("任务", pick), editRow("任务内容", text), editRow("牵头领导", leaders), editRow("牵头单位", units), editRow("配合单位", coUnits),
    editRow("完成时限", deadline), message,
    el("div", { class: "edit-buttons" },
      el("button", { type: "button", class: "primary", id: "pc-add", onclick: add }, "加入校正"),
      el("button", { type: "button", class: "danger", id: "pc-delete", onclick: () => rerun([...pending, { kind: "delete", seq: Number(pick.value) }]) }, "删除这项任务")));
}
