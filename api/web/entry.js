// 督办搜 page, the office's own entries: a task's progress recorded on the
// task page (period, words, status, who), and the 催办 sent — recorded from
// the 催办 page and listed there and on the task page. Loaded before
// app.js, which holds the helpers (el, api, state, writeHeaders, config)
// and calls taskEntries; progress.js calls chaseSent.
"use strict";

const ENTRY_WHO = { local: "本机", token: "持管理口令者", seed: "督办搜" };

function whoName(w) { return ENTRY_WHO[w] || w || "—"; }

// dayCN writes an RFC 3339 time or a YYYY-MM-DD day as 2019年7月15日.
function dayCN(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || "");
  return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : s || "";
}

function todayISO() {
  const d = new Date();
  return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
}

// periodChoices are the periods of a year as the office names them, the
// value as the API takes it.
function periodChoices(year) {
  const y = String(year);
  const out = [[y + "-H1", "上半年(1-6月)"], [y, "全年(1-12月)"], [y + "-Q1", "第一季度(1-3月)"], [y + "-Q3", "前三季度(1-9月)"], [y + "-H2", "下半年"]];
  for (let m = 1; m <= 12; m++) {
    if (m % 3 !== 0) out.push([y + "-" + String(m).padStart(2, "0"), m === 1 ? "1月" : "1-" + m + "月"]);
  }
  return out;
}

// defaultPeriod is the period a clerk most likely records now: through
// this month for the year under way, the whole year for a past one.
function defaultPeriod(year) {
  const now = new Date();
  if (year < now.getFullYear()) return String(year);
  const m = now.getMonth() + 1;
  if (m === 6) return year + "-H1";
  if (m === 12) return String(year);
  if (m % 3 === 0) return year + "-Q" + (m / 3);
  return year + "-" + String(m).padStart(2, "0");
}

// tokenField is a 管理口令 field when the server asks for one and none was
// typed in this session.
function tokenField() {
  if (!config.token_required || adminToken) return null;
  return el("label", {}, "管理口令 ", el("input", { type: "password", class: "entry-token", autocomplete: "off", "aria-label": "管理口令",
    oninput: (ev) => { adminToken = ev.target.value; } }));
}

// recordForm is the task page's form to record the task's progress.
function recordForm(t, done) {
  const period = el("select", { name: "period", "aria-label": "时间段" },
    periodChoices(t.year).map(([v, label]) => el("option", { value: v, selected: v === defaultPeriod(t.year) }, t.year + " 年" + label)));
  const text = el("textarea", { name: "text", rows: 3, maxlength: 4000, placeholder: "进展情况,如:已完成征地,主体工程开工", "aria-label": "进展情况" });
  const status = el("select", { name: "status", "aria-label": "状态" },
    el("option", { value: "" }, "按进展文字判断"), ["已完成", "序时推进", "滞后"].map((s) => el("option", { value: s }, s)));
  const who = el("input", { name: "who", maxlength: 40, placeholder: "登记人(可不填)", "aria-label": "登记人" });
  const msg = el("p", { class: "entry-msg", role: "status" });
  const form = el("form", { class: "card entry-form no-print", id: "record-progress" },
    el("h2", {}, "登记进展"),
    el("p", { class: "muted" }, "电话、走访或会议中了解到的进展,可在此登记;与进度报告一样按期记入进展情况,计入催办和总览。"),
    el("div", { class: "entry-row" }, el("label", {}, "时间段 ", period), el("label", {}, "状态 ", status), el("label", {}, "登记人 ", who)),
    el("label", { class: "entry-text" }, "进展情况", text),
    el("div", { class: "entry-row" }, tokenField(), el("button", { type: "submit", class: "primary" }, "登记")),
    msg);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    msg.textContent = "正在登记…";
    try {
      await api("/api/tasks/" + encodeURIComponent(t.id) + "/progress", {
        method: "POST", headers: { "Content-Type": "application/json", ...writeHeaders() },
        body: JSON.stringify({ period: period.value, text: text.value, status: status.value, who: who.value }),
      });
      done();
    } catch (e) {
      msg.textContent = "未能登记:" + e.message;
    }
  });
  return form;
}

// chasedList lists the 催办 sent (for a task, or a year's).
function chasedList(list, withUnit) {
  return el("ul", { class: "chased" }, list.map((c) => el("li", { "data-unit": c.unit },
    dayCN(c.date) + " 向" + c.unit + "催办" + (withUnit ? " " + c.tasks.length + " 项任务" : ""),
    el("span", { class: "muted" }, "(" + whoName(c.who) + "登记" + (c.note ? ";" + c.note : "") + ")"))));
}

// taskEntries are the task page's parts after its timeline: the 催办 sent
// for it, and the form to record its progress (when this page may write).
async function taskEntries(t, rerender) {
  await configReady; // whether this page may write
  let chased = [];
  try {
    chased = await api("/api/chases?task=" + encodeURIComponent(t.id));
  } catch (e) {
    return [state("error", "无法加载催办记录:" + e.message)];
  }
  const out = [];
  if (chased.length) out.push(el("section", { class: "card chased-task", id: "chased" }, el("h2", {}, "催办记录"), chasedList(chased, false)));
  if (config.writes_allowed) out.push(recordForm(t, rerender));
  return out;
}

// chaseSent is the 催办 page's part: per unit a button recording that its
// 催办 went out today, and the year's 催办 sent.
async function chaseSent(ch, container) {
  await configReady;
  let sent = [];
  try {
    sent = await api("/api/chases?year=" + encodeURIComponent(ch.year));
  } catch (e) {
    container.append(state("error", "无法加载催办记录:" + e.message));
    return;
  }
  const last = {};
  for (const c of sent) if (!last[c.unit]) last[c.unit] = c;
  for (const box of container.querySelectorAll(".chase-unit")) {
    const unit = ch.units.find((u) => u.unit === box.dataset.unit);
    if (!unit) continue;
    const note = el("span", { class: "muted chase-last" }, last[unit.unit] ? "上次催办:" + dayCN(last[unit.unit].date) : "尚未记录催办");
    const btn = config.writes_allowed ? el("button", { type: "button", class: "no-print record-chase", onclick: async () => {
      btn.disabled = true;
      try {
        const c = await api("/api/chases", { method: "POST", headers: { "Content-Type": "application/json", ...writeHeaders() },
          body: JSON.stringify({ unit: unit.unit, tasks: unit.tasks.map((x) => x.id), date: todayISO(), year: ch.year }) });
        note.textContent = "已记录:" + dayCN(c.date) + "催办 " + c.tasks.length + " 项";
      } catch (e) {
        note.textContent = "未能记录:" + e.message;
        btn.disabled = false;
      }
    } }, "记录已发催办") : null;
    const attach = "/api/chase?" + new URLSearchParams([["year", ch.year], ["unit", unit.unit], ...ch.statuses.map((s) => ["status", s]), ["format", "xlsx"]]).toString();
    box.querySelector("h2").after(el("p", { class: "chase-record" }, note, " ", btn, " ",
      el("a", { href: attach, class: "export no-print", download: true, "data-export": "xlsx" }, "本单位催办函附件(Excel)")));
  }
  if (sent.length) container.append(el("section", { class: "card", id: "chases-sent" }, el("h2", {}, ch.year + " 年已发出的催办"), chasedList(sent, true)));
}
