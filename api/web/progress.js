// 督办搜 page, progress: a task's progress period by period, the year's
// progress by unit and leader (stacked bars), the 催办 list, and the
// preview of an uploaded progress report. Loaded before app.js, which holds
// the helpers and calls these.
"use strict";

const STATUS_ORDER = ["已完成", "序时推进", "滞后", "逾期", "未报送"];
const STATUS_CLASS = { "已完成": "done", "序时推进": "on", "滞后": "behind", "逾期": "overdue", "未报送": "unreported", "未知": "unknown" };
const STATUS_FROM = { column: "报告中填写", words: "按进展文字判断", desk: "登记时选择" };
const CHASE_DEFAULT = ["滞后", "逾期", "未报送"];

// statusFromText says whence an entry's status came. A status judged from
// the words although the report filled in another one says both: 报告中填写
// “序时推进”,按进展文字判断为已完成.
function statusFromText(e) {
  if (e.status_from === "words" && e.reported && e.reported !== e.status) {
    return "报告中填写“" + e.reported + "”,按进展文字判断为" + e.status;
  }
  if (e.status_from === "column" && e.reported && e.reported !== e.status) return "报告中填写“" + e.reported + "”";
  return STATUS_FROM[e.status_from] || e.status_from;
}

function periodName(p) {
  if (!p) return "—";
  const [y, rest] = p.split("-");
  if (!rest) return y + " 年全年";
  if (rest[0] === "Q") return y + " 年第" + "一二三四"[Number(rest[1]) - 1] + "季度";
  if (rest === "H1") return y + " 年上半年";
  if (rest === "H2") return y + " 年下半年";
  return y + " 年 1-" + Number(rest) + " 月";
}

// sortStatuses puts a status facet's values in the statuses' own order.
function sortStatuses(values) {
  return (values || []).slice().sort((a, b) => STATUS_ORDER.indexOf(a.value) - STATUS_ORDER.indexOf(b.value));
}

function statusBadge(s) {
  if (!s) return null;
  return el("span", { class: "status " + (STATUS_CLASS[s] || "unknown"), "data-status": s }, s);
}

// taskTimeline is a task's progress, period by period, the latest last.
async function taskTimeline(t) {
  let entries;
  try {
    entries = await api("/api/tasks/" + encodeURIComponent(t.id) + "/progress");
  } catch (e) {
    return state("error", "无法加载进展情况:" + e.message);
  }
  const box = el("section", { class: "card timeline", id: "timeline" }, el("h2", {}, "进展情况"));
  if (!entries.length) {
    box.append(state("empty", "还没有这项任务的进展。在“文件与导入”中导入进度报告(含“进展情况”“是否序时推进”等列的表格),或在下面登记进展后,这里会按期列出。"));
    return box;
  }
  box.append(el("ol", {}, entries.map((e) => el("li", { "data-period": e.period },
    el("div", { class: "tl-head" }, el("strong", {}, periodName(e.period)), statusBadge(e.status),
      e.status_from ? el("span", { class: "muted status-from" }, statusFromText(e)) : null),
    e.text ? el("p", {}, e.text) : null,
    e.problems ? el("p", {}, el("span", { class: "label" }, "存在问题:"), e.problems) : null,
    e.plan ? el("p", {}, el("span", { class: "label" }, "下步打算:"), e.plan) : null,
    el("p", { class: "muted" }, e.matched_by === "desk" ? whoName(e.who) + "于" + dayCN(e.at) + "在督办搜登记" : "来自《" + (e.source || "进度报告") + "》")))));
  return box;
}

// stackedBars draws, per name, one bar split by status.
function stackedBars(title, items, href) {
  const max = Math.max(1, ...items.map((i) => i.total));
  return el("section", { class: "chart stacked", "data-chart": title }, el("h2", {}, title),
    el("ol", { class: "bars" }, items.map((i) => el("li", {},
      el("a", { href: href(i), "data-nav": true, class: "bar-label" }, i.name),
      el("span", { class: "stack" },
        STATUS_ORDER.concat(["未知"]).filter((s) => i.counts[s]).map((s) => {
          const seg = el("span", { class: "seg " + STATUS_CLASS[s], title: s + " " + i.counts[s] }, String(i.counts[s]));
          seg.style.width = (i.counts[s] / max * 100) + "%";
          return seg;
        })),
      el("span", { class: "bar-count" }, i.total)))),
    el("p", { class: "legend" }, STATUS_ORDER.map((s) => statusBadge(s))));
}

// progressOverview is the year's progress: tasks by status, per unit and
// per leader; nothing when no progress report came in for the year.
async function progressOverview(year) {
  if (!year || year === "all") return null;
  let st;
  try {
    st = await api("/api/progress/stats?year=" + encodeURIComponent(year));
  } catch (e) {
    return state("error", "无法加载进度统计:" + e.message);
  }
  // no report yet: still shown when deadlines have passed (the 催办 page
  // lists those tasks as 逾期)
  if (!st.periods.length && !st.total["逾期"]) return null;
  const counts = STATUS_ORDER.filter((s) => st.total[s]).map((s) => s + " " + st.total[s] + " 项").join(",");
  return el("section", { class: "progress-overview", id: "progress-overview" },
    el("h2", {}, year + " 年进展"),
    el("p", { class: "summary" }, (st.periods.length ? "已收到 " + st.periods.map(periodName).join("、") + " 的进度报告:" :
      "还没有进度报告;按完成时限:") + counts + "。",
      el("a", { href: "/chase?year=" + year, "data-nav": true }, "查看催办清单")),
    el("div", { class: "charts" },
      stackedBars("各牵头单位的任务进展", st.units.slice(0, 30), (i) => searchURL({ ...emptyParams(), year: [String(year)], unit: [i.name], sort: "order" })),
      stackedBars("各牵头领导的任务进展", st.leaders, (i) => searchURL({ ...emptyParams(), year: [String(year)], leader: [i.name], sort: "order" }))));
}

// renderChase is the 催办 list: per unit, its tasks of a year that are
// late or not reported, to be chased; exportable as the letter's
// attachment.
async function renderChase() {
  app.replaceChildren(state("loading", "正在整理催办清单…"));
  document.title = "催办 - 督办搜";
  const u = new URLSearchParams(location.search);
  let statuses = u.getAll("status").filter((s) => STATUS_ORDER.includes(s));
  if (!statuses.length) statuses = CHASE_DEFAULT;
  const q = new URLSearchParams();
  if (u.get("year")) q.set("year", u.get("year"));
  statuses.forEach((s) => q.append("status", s));
  let ch, reports;
  try {
    [ch, reports] = await Promise.all([api("/api/chase?" + q.toString()), api("/api/progress")]);
  } catch (e) {
    app.replaceChildren(state("error", "无法整理催办清单:" + e.message));
    return;
  }
  const link = (sts) => {
    const p = new URLSearchParams({ year: ch.year });
    sts.forEach((s) => p.append("status", s));
    return "/chase?" + p.toString();
  };
  const toggles = el("nav", { class: "status-select", "aria-label": "选择状态" }, el("span", { class: "label" }, "状态:"),
    ["滞后", "逾期", "未报送", "序时推进", "已完成"].map((s) => {
      const on = statuses.includes(s);
      const next = on ? statuses.filter((x) => x !== s) : statuses.concat([s]);
      return el("a", { href: link(next.length ? next : [s]), "data-nav": true, class: on ? "on" : null, "aria-pressed": on ? "true" : "false" }, s);
    }));
  const periods = reports.filter((r) => r.year === ch.year).map((r) => periodName(r.period));
  const yearLinks = (ch.years || []).length > 1 ? el("nav", { class: "year-select", "aria-label": "选择年度" }, el("span", { class: "label" }, "年度:"),
    ch.years.map((y) => {
      const p = new URLSearchParams({ year: y });
      statuses.forEach((s) => p.append("status", s));
      return el("a", { href: "/chase?" + p.toString(), "data-nav": true, "data-year": y, class: y === ch.year ? "on" : null, "aria-current": y === ch.year ? "true" : null }, y + " 年");
    })) : null;
  const exportHref = "/api/chase?" + new URLSearchParams([...q.entries(), ["year", ch.year], ["format", "xlsx"]]).toString();
  app.replaceChildren(el("section", {},
    el("h1", {}, ch.year + " 年催办清单"),
    yearLinks,
    el("p", { class: "summary", id: "summary" }, periods.length ? "依据 " + [...new Set(periods)].join("、") + " 的进度报告和各任务的完成时限," +
      ch.tasks + " 项任务需要催办(" + ch.statuses.join("、") + "),涉及 " + ch.units.length + " 个牵头单位(几个单位共同牵头的任务在每个单位下都列出)。" :
      "还没有 " + ch.year + " 年的进度报告;下面按完成时限列出已逾期的任务。"),
    toggles,
    el("p", {}, el("a", { href: exportHref, class: "export" }, "导出催办清单(Excel)")),
    ch.units.length ? ch.units.map((unit) => el("div", { class: "card chase-unit", "data-unit": unit.unit },
      el("h2", {}, el("a", { href: "/unit/" + encodeURIComponent(unit.unit), "data-nav": true }, unit.unit),
        el("span", { class: "muted" }, " " + STATUS_ORDER.filter((s) => unit.counts[s]).map((s) => s + " " + unit.counts[s]).join(" · "))),
      el("ul", {}, unit.tasks.map((t) => el("li", {},
        el("a", { href: "/task/" + encodeURIComponent(t.id), "data-nav": true }, "第 " + t.seq + " 项"), " ", statusBadge(t.status), " ",
        t.text.length > 80 ? t.text.slice(0, 80) + "…" : t.text,
        t.progress ? el("span", { class: "muted" }, "(" + periodName(t.period) + ":" + t.progress + ")") : null,
        t.deadline ? el("span", { class: "muted" }, "(完成时限:" + t.deadline + ")") : null)))))
      : state("empty", "没有需要催办的任务。")));
  if (typeof chaseSent === "function" && location.pathname === "/chase") await chaseSent(ch, app.firstElementChild);
}

// progressPreview shows what taking a progress report in would do: its
// period, the tasks its rows matched and the rows that matched nothing,
// and asks to confirm.
function progressPreview(p, confirmImport, cancel, asNotice) {
  const r = p.report;
  const warn = r.unmatched.length > 0;
  return el("div", { class: "card report preview" + (warn ? " warning" : ""), id: "preview", role: warn ? "alert" : "status" },
    el("h2", {}, "进度报告预览:" + (r.title || r.source)),
    el("p", {}, periodName(r.period) + "(" + (r.period_label || r.period) + ")的进度报告,共 " + r.rows + " 行:对应到 " + p.matched + " 项任务" +
      (warn ? ",有 " + r.unmatched.length + " 行找不到对应的任务。" : "。") + (p.replaced ? "将替换已导入的同期同名报告(旧报告保留)。" : "") + (p.skipped ? "台账中 " + p.skipped + " 行未填写新进展,不计入。" : "")),
    r.entries.length ? el("details", { open: true }, el("summary", {}, "对应的任务(" + r.entries.length + ")"),
      el("ul", {}, r.entries.map((e) => el("li", { "data-seq": e.seq }, "第 " + e.seq + " 项 ", statusBadge(e.status), " ", e.text || "",
        e.status_from === "words" && e.reported && e.reported !== e.status ? el("span", { class: "muted status-from" }, "(" + statusFromText(e) + ")") : null,
        el("span", { class: "muted" }, { id: "(按台账中的任务编号对应)", seq: "(按序号对应)" }[e.matched_by] || "(按内容对应)"))))) : null,
    warn ? el("details", { open: true, class: "removed" }, el("summary", {}, "找不到对应任务的行(" + r.unmatched.length + ")"),
      el("ul", {}, r.unmatched.map((x) => el("li", {}, (x.seq ? "序号 " + x.seq + ":" : "") + x.text + "(" + x.reason + ")")))) : null,
    el("div", { class: "preview-actions" },
      el("button", { class: "primary", type: "button", id: "confirm-import", onclick: confirmImport }, "确认导入进度报告"),
      // the file reads as a notice too (also_notice): the office decides
      asNotice ? el("button", { type: "button", id: "as-notice", onclick: asNotice }, "改按任务分解通知导入(先预览)") : null,
      el("button", { type: "button", onclick: cancel }, "取消")));
}
