// 督办搜 page, the documents: the list, importing with a preview that is
// confirmed before anything is written, each document's history with
// restore, and the trash. Loaded before app.js, which holds the helpers
// (el, api, state, go) and calls these from its router.
"use strict";

const WHO_NAMES = { token: "凭管理口令", local: "本机操作", reparse: "重新解析", seed: "内置示例" };
const ACTION_NAMES = { import: "导入", restore: "恢复", reparse: "重新解析", adopt: "早期导入", edit: "人工校正" };
const OUTCOME_NAMES = { added: "将作为新文件导入", replaced: "将替换现有文件(保存为新版本)", unchanged: "与现有文件完全相同,导入不会有任何变化" };

function timeText(s) {
  const d = new Date(s);
  if (isNaN(d)) return "—";
  const p = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " + p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
}

// bookTitle puts a title in 《》, its own 《》 turned into 〈〉 as nested
// book-title marks are written.
function bookTitle(t) {
  return "《" + String(t || "").replace(/《/g, "〈").replace(/》/g, "〉") + "》";
}

// writeFailed shows why a write was refused and, when the 管理口令 is what
// is missing, puts the cursor in its field.
function writeFailed(message, what, e) {
  message.replaceChildren(state("error", what + "失败:" + e.message));
  const token = document.getElementById("token");
  if (e.status === 401 && token) token.focus();
}

async function renderDocuments(report) {
  app.replaceChildren(state("loading", "正在加载文件列表…"));
  const [docs, trash, reports] = await Promise.all([documentsOrError(), api("/api/trash").catch(() => []), api("/api/progress").catch(() => []), configReady]);
  if (!docs) return;
  document.title = "文件与导入 - 督办搜";
  const message = el("div", { id: "write-status" });
  const token = el("input", { type: "password", id: "token", name: "token", placeholder: "管理口令", autocomplete: "off", value: adminToken,
    "aria-label": "管理口令", oninput: (ev) => { adminToken = ev.target.value; } });
  const labels = ["年度", "标题", "发文字号", "发文机关", "日期", "任务数", "来源文件", ""];
  const cell = (i, ...v) => el("td", { "data-label": labels[i] }, ...v);
  const rows = docs.map((d) => el("tr", {},
    cell(0, d.year), cell(1, el("a", { href: searchURL({ ...emptyParams(), doc: [d.id], sort: "order" }), "data-nav": true }, d.title)),
    cell(2, d.number || "—"), cell(3, d.issuer || "—"), cell(4, d.date || "—"), cell(5, d.task_count), cell(6, d.source || "—"),
    cell(7, el("span", { class: "row-actions" },
      el("a", { href: "/documents/" + encodeURIComponent(d.id) + "/history", "data-nav": true, class: "history-link" }, "历史版本"),
      config.writes_allowed ? el("button", { class: "danger", type: "button", onclick: async () => {
        if (!confirm("把“" + d.title + "”(" + d.task_count + " 项任务)移入回收站?移入后不再能被搜索到,可在回收站中恢复。")) return;
        try { await api("/api/documents/" + encodeURIComponent(d.id), { method: "DELETE", headers: writeHeaders() }); forgetDocuments(); renderDocuments(); }
        catch (e) { writeFailed(message, "删除", e); }
      } }, "删除") : null))));
  const file = el("input", { type: "file", id: "file", name: "file", required: true, class: "file-input",
    accept: ".txt,.csv,.htm,.html,.docx,.xlsx,.pdf,.ofd,.doc,.wps,.xls,.et" });
  const chosen = el("span", { class: "file-name", id: "file-name" }, "未选择文件");
  const status = el("div", { id: "upload-status" });
  file.addEventListener("change", () => { chosen.textContent = file.files.length ? file.files[0].name : "未选择文件"; status.replaceChildren(); });
  // The page always previews: the file is parsed and compared, nothing is
  // written until the office confirms.
  const form = el("form", { onsubmit: async (ev) => {
    ev.preventDefault();
    if (!file.files.length) { status.replaceChildren(state("error", "请先选择要导入的通知文件。")); return; }
    status.replaceChildren(state("loading", "正在读取文件,导入前先预览…"));
    try {
      const preview = await upload(file.files[0], { dry_run: "true" });
      if (preview.kind === "progress") {
        const f = file.files[0];
        status.replaceChildren(progressPreview(preview, async () => {
          status.replaceChildren(state("loading", "正在导入进度报告…"));
          try { renderDocuments(await upload(f, { kind: "progress" })); } catch (e) { writeFailed(status, "导入", e); }
        }, () => status.replaceChildren(), preview.also_notice ? async () => {
          // read both ways: the office takes it as the notice instead
          status.replaceChildren(state("loading", "正在按任务分解通知预览…"));
          try {
            const again = await upload(f, { dry_run: "true", kind: "notice" });
            status.replaceChildren(previewView(again, docs, f, status, message, { kind: "notice" }));
          } catch (e) { writeFailed(status, "预览", e); }
        } : null));
        return;
      }
      status.replaceChildren(previewView(preview, docs, file.files[0], status, message));
    } catch (e) {
      writeFailed(status, "预览", e);
    }
  } }, el("label", { class: "file-pick", for: "file" }, "选择文件"), file, chosen, el("button", { class: "primary", type: "submit" }, "预览"));
  app.replaceChildren(el("section", {},
    el("h1", {}, "文件与导入"),
    report ? reportView(report, docs) : null,
    config.writes_allowed && config.token_required
      ? el("div", { class: "card token" }, el("label", { for: "token" }, "管理口令:"), token,
          el("span", { class: "summary" }, "导入、删除和恢复文件需要管理口令,关闭本页前一直有效(刷新页面不必重填)。"))
      : null,
    message,
    docs.length ? el("table", { class: "docs" }, el("thead", {}, el("tr", {}, labels.map((h) => el("th", {}, h)))), el("tbody", {}, rows))
      : state("empty", "还没有导入任何文件。"),
    config.writes_allowed
      ? el("div", { class: "card upload" }, el("h2", {}, "导入任务分解通知或进度报告"),
          el("p", { class: "summary" }, "支持 TXT、HTML、Word、Excel、PDF、OFD 等格式,不超过 " + config.max_upload_mb +
            " MB。导入前先预览:会显示新增、删除和改动的任务,确认后才写入;每次替换都保留旧版本,可随时恢复。" +
            "各单位报送的进度报告(含“进展情况”“是否序时推进”等列的表格)也在这里导入。"), form, status)
      : el("p", { class: "summary" }, "本服务器为只读,不能导入或删除文件。"),
    reportsView(reports, message),
    trashView(trash, message)));
}

// reportsView lists the progress reports taken in, newest period first,
// each with what it matched and a button to remove it (its tasks then show
// the report before it).
function reportsView(reports, message) {
  if (!reports || !reports.length) return null;
  const labels = ["时间段", "标题", "来源文件", "对应任务", "未对应", "导入时间", ""];
  const cell = (i, ...v) => el("td", { "data-label": labels[i] }, ...v);
  return el("div", { class: "card progress-reports", id: "progress-reports" }, el("h2", {}, "已导入的进度报告(" + reports.length + ")"),
    el("table", { class: "docs reports" }, el("thead", {}, el("tr", {}, labels.map((h) => el("th", {}, h)))),
      el("tbody", {}, reports.map((r) => el("tr", { "data-report": r.id },
        cell(0, periodName(r.period)), cell(1, r.title || "—"), cell(2, r.source || "—"),
        cell(3, String(r.matched || 0)), cell(4, String(r.unmatched_rows || 0)), cell(5, timeText(r.at)),
        cell(6, config.writes_allowed ? el("button", { class: "danger", type: "button", onclick: async () => {
          if (!confirm("删除进度报告“" + (r.title || r.source) + "”(" + periodName(r.period) + ")?相关任务将改按此前的报告显示进展。")) return;
          try { await api("/api/progress/" + encodeURIComponent(r.id), { method: "DELETE", headers: writeHeaders() }); renderDocuments(); }
          catch (e) { writeFailed(message, "删除进度报告", e); }
        } }, "删除") : null))))));
}

// upload posts the file with query parameters (dry_run, replace, as_new)
// and the corrections made in the preview (edit.js), sent as a field.
function upload(f, params) {
  const fd = new FormData();
  fd.append("file", f);
  const { corrections, ...query } = params;
  if (corrections && corrections.length) fd.append("corrections", JSON.stringify(corrections));
  return api("/api/documents?" + new URLSearchParams(query).toString(), { method: "POST", body: fd, headers: writeHeaders() });
}

// previewView shows what an import would do and asks to confirm: the
// outcome, then the body (preview.js: warnings, changes old → new, every
// task with every field, the unused lines where they stood, the reading
// rule form), then the buttons.
//
// chosen is what the office chose for a file that looks like a notice
// already there ({replace: id} or {as_new: "true"}): that choice is
// previewed too (the difference from the version it replaces) before
// anything is written. note says what was just done (a rule added).
function previewView(p, docs, f, status, message, chosen = {}, note = "") {
  const d = p.diff;
  const confirmImport = async (params, what) => {
    status.replaceChildren(state("loading", "正在导入…"));
    try {
      const r = await upload(f, { ...chosen, ...params });
      forgetDocuments();
      renderDocuments(r);
    } catch (e) {
      writeFailed(status, what, e);
    }
  };
  const previewAs = async (params, said) => {
    status.replaceChildren(state("loading", "正在预览…"));
    try {
      const again = await upload(f, { ...params, dry_run: "true" });
      status.replaceChildren(previewView(again, docs, f, status, message, params, said));
      if (said) document.getElementById("preview").scrollIntoView({ block: "start" });
    } catch (e) {
      writeFailed(status, "预览", e);
    }
  };
  const warn = p.warnings && p.warnings.length;
  // kind_ambiguous: the file reads as a progress report too; the office
  // says which it is (the progress preview offers the way back)
  const ambiguous = (p.warnings || []).some((w) => w.code === "kind_ambiguous");
  const asProgress = async () => {
    status.replaceChildren(state("loading", "正在按进度报告预览…"));
    try {
      const pr = await upload(f, { dry_run: "true", kind: "progress" });
      status.replaceChildren(progressPreview(pr, async () => {
        status.replaceChildren(state("loading", "正在导入进度报告…"));
        try { renderDocuments(await upload(f, { kind: "progress" })); } catch (e) { writeFailed(status, "导入", e); }
      }, () => status.replaceChildren(), () => previewAs({ kind: "notice" })));
    } catch (e) {
      writeFailed(status, "预览", e);
    }
  };
  const choosing = p.candidates && p.candidates.length && !chosen.replace && !chosen.as_new;
  let actions;
  if (choosing) {
    actions = el("div", { class: "preview-actions" },
      el("p", {}, "请选择如何导入(先预览,确认后才写入):"),
      p.candidates.map((c) => el("button", { class: "primary", type: "button", "data-replace": c.id,
        onclick: () => previewAs({ replace: c.id }) }, "作为" + bookTitle(c.title) + "(" + c.year + " 年)的新版本导入")),
      el("button", { type: "button", class: "as-new", onclick: () => previewAs({ as_new: "true" }) }, "作为新文件导入"),
      el("button", { type: "button", onclick: () => status.replaceChildren() }, "取消"));
  } else if (p.outcome === "unchanged") {
    actions = el("div", { class: "preview-actions" }, el("button", { type: "button", onclick: () => status.replaceChildren() }, "关闭"));
  } else {
    actions = el("div", { class: "preview-actions" },
      el("button", { class: "primary", type: "button", id: "confirm-import", onclick: () => confirmImport({}, "导入") },
        d && d.removed.length ? "确认导入(删除 " + d.removed.length + " 项任务)" : "确认导入"),
      ambiguous ? el("button", { type: "button", id: "as-progress", onclick: asProgress }, "改按进度报告导入(先预览)") : null,
      el("button", { type: "button", onclick: () => status.replaceChildren() }, "取消"));
  }
  return el("div", { class: "card report preview" + (warn ? " warning" : ""), id: "preview", role: warn ? "alert" : "status" },
    el("h2", {}, "导入预览:" + (p.title || p.source)),
    note ? state("done", note) : null,
    el("p", {}, (choosing ? "这份文件看起来与已有的文件是同一份通知" : OUTCOME_NAMES[p.outcome] || p.outcome) + "。读入 " + p.lines_read + " 行,读出 " + p.tasks_made + " 项任务" +
      (p.year ? "(" + p.year + " 年)" : "") + "。"),
    previewBody(p, (said) => previewAs(chosen, said)),
    !choosing && p.outcome !== "unchanged" && typeof previewCorrector === "function"
      ? previewCorrector(p, chosen, (corrections) => previewAs({ ...chosen, corrections })) : null, // edit.js
    actions);
}

// progressReportView says what taking a progress report in did.
function progressReportView(p) {
  const r = p.report;
  const warn = r.unmatched.length > 0;
  return el("div", { class: "card report" + (warn ? " warning" : ""), id: "report", role: warn ? "alert" : "status" },
    el("h2", {}, (p.replaced ? "已替换同期进度报告:" : "已导入进度报告:") + (r.title || r.source)),
    el("p", {}, periodName(r.period) + ":对应到 " + p.matched + " 项任务,更新了 " + p.refreshed + " 份文件的任务状态" +
      (warn ? ";有 " + r.unmatched.length + " 行找不到对应的任务:" : "。")),
    warn ? el("ul", {}, r.unmatched.map((x) => el("li", {}, (x.seq ? "序号 " + x.seq + ":" : "") + x.text + "(" + x.reason + ")"))) : null,
    el("p", { class: "report-links" }, el("a", { href: "/chase?year=" + r.year, "data-nav": true }, "查看催办清单"), "  ·  ",
      el("a", { href: "/stats?year=" + r.year, "data-nav": true }, r.year + " 年进展总览")));
}

function reportView(r, docs) {
  if (r.kind === "progress") return progressReportView(r);
  const unused = r.report.unused || [];
  const earlier = (docs || []).filter((d) => d.id !== r.id && d.year !== r.year).sort((a, b) => b.year - a.year)[0];
  const verb = r.unchanged ? "文件未变化" : r.replaced ? "已替换(第 " + r.version + " 版)" : "已导入";
  const notes = r.report.notes || [];
  return el("div", { class: "card report" + (unused.length ? " warning" : ""), id: "report", role: unused.length ? "alert" : "status" },
    el("h2", {}, verb + ":" + r.title),
    el("p", {}, "读入 " + r.lines_read + " 行,生成 " + r.tasks_made + " 项任务" + (unused.length ? ",有 " + unused.length + " 行没有用上,请核对下面这些行是否漏掉了任务:" : ",每一行都已用上。")),
    unused.length ? el("ul", {}, unused.map((u) => el("li", {}, "第 " + u.line + " 行(" + u.reason + "):" + u.text))) : null,
    notes.length ? el("ul", { class: "notes" }, notes.map((n) => el("li", {}, n))) : null,
    el("p", { class: "report-links" },
      el("a", { href: searchURL({ ...emptyParams(), doc: [r.id], sort: "order" }), "data-nav": true }, "查看这份文件的任务"),
      "  ·  ", el("a", { href: "/documents/" + encodeURIComponent(r.id) + "/history", "data-nav": true }, "历史版本"),
      earlier ? ["  ·  ", el("a", { href: "/compare?" + new URLSearchParams({ from: earlier.id, to: r.id }).toString(), "data-nav": true }, "与" + earlier.year + "年的文件进行年度对比")] : null));
}

// trashView lists the documents in the trash with restore and erase.
function trashView(trash, message) {
  if (!trash || !trash.length) return null;
  const item = (d) => el("li", {}, d.year + " 年 · " + d.title + "(" + d.task_count + " 项任务,第 " + d.version + " 版)",
    config.writes_allowed ? [" ",
      el("button", { type: "button", class: "restore", onclick: async () => {
        try {
          await api("/api/documents/" + encodeURIComponent(d.id) + "/restore", { method: "POST", headers: writeHeaders() });
          forgetDocuments(); renderDocuments();
        } catch (e) { writeFailed(message, "恢复", e); }
      } }, "恢复"), " ",
      el("button", { type: "button", class: "danger", onclick: async () => {
        if (!confirm("彻底删除“" + d.title + "”及其全部历史版本?此操作不能撤销。")) return;
        try {
          await api("/api/trash?" + new URLSearchParams({ id: d.id }).toString(), { method: "DELETE", headers: writeHeaders() });
          renderDocuments();
        } catch (e) { writeFailed(message, "彻底删除", e); }
      } }, "彻底删除")] : null);
  return el("details", { class: "card trash", id: "trash" }, el("summary", {}, "回收站(" + trash.length + ")"),
    el("p", { class: "summary" }, "删除的文件先放在这里,不再能被搜索到;恢复后一切如前。"),
    el("ul", {}, trash.map(item)));
}

// renderHistory shows a document's versions, newest first, each with its
// file to download and, but for the current one, a button to restore it.
async function renderHistory(id) {
  app.replaceChildren(state("loading", "正在加载历史版本…"));
  let h;
  try {
    [h] = await Promise.all([api("/api/documents/" + encodeURIComponent(id) + "/versions"), configReady]);
  } catch (e) {
    app.replaceChildren(state("error", "无法加载历史版本:" + e.message), el("p", {}, el("a", { href: "/documents", "data-nav": true }, "返回文件列表")));
    return;
  }
  document.title = "历史版本 - " + h.title + " - 督办搜";
  const message = el("div", { id: "write-status" });
  const labels = ["版本", "时间", "方式", "来源文件", "任务数", "操作人", "原始文件", ""];
  const cell = (i, ...v) => el("td", { "data-label": labels[i] }, ...v);
  const rows = h.versions.map((v) => el("tr", { class: v.current ? "current" : "", "data-version": v.version },
    cell(0, "第 " + v.version + " 版", v.current ? el("span", { class: "badge" }, "当前") : null),
    cell(1, timeText(v.at)), cell(2, (ACTION_NAMES[v.action] || v.action) + (v.from ? "(第 " + v.from + " 版)" : ""),
      typeof correctionSummary === "function" ? correctionSummary(v) : null), // edit.js
    cell(3, v.source || "—"), cell(4, v.task_count), cell(5, (WHO_NAMES[v.who] || v.who || "—") + (v.by ? "(" + v.by + ")" : "")),
    cell(6, v.original ? el("a", { href: "/api/documents/" + encodeURIComponent(id) + "/original?version=" + v.version, download: v.source || "" }, "下载") : "未保留"),
    cell(7, !v.current && config.writes_allowed ? el("button", { type: "button", class: "restore", onclick: async () => {
      if (!confirm("恢复第 " + v.version + " 版(" + v.task_count + " 项任务)为当前版本?当前版本仍会保留在历史中。")) return;
      try {
        const q = new URLSearchParams({ version: v.version });
        if (h.current) q.set("expect", h.current);
        await api("/api/documents/" + encodeURIComponent(id) + "/restore?" + q.toString(), { method: "POST", headers: writeHeaders() });
        forgetDocuments();
        renderHistory(id);
      } catch (e) { writeFailed(message, "恢复", e); }
    } }, "恢复此版本") : null)));
  const token = config.writes_allowed && config.token_required
    ? el("div", { class: "card token" }, el("label", { for: "token" }, "管理口令:"),
        el("input", { type: "password", id: "token", placeholder: "管理口令", autocomplete: "off", value: adminToken, "aria-label": "管理口令",
          oninput: (ev) => { adminToken = ev.target.value; } }))
    : null;
  app.replaceChildren(el("section", {},
    el("p", {}, el("a", { href: "/documents", "data-nav": true }, "← 文件与导入")),
    el("h1", {}, "历史版本:" + h.title),
    el("p", { class: "summary", id: "history-state" }, h.trashed ? "这份文件在回收站中。恢复任一版本即可取回。" :
      "当前为第 " + h.current + " 版。每次替换、恢复都会保存一个新版本,旧版本不会丢失;任务编号在各版本间保持不变。"),
    token, message,
    el("table", { class: "docs history" }, el("thead", {}, el("tr", {}, labels.map((l) => el("th", {}, l)))), el("tbody", {}, rows))));
}
