// 督办搜 page, the office's vocabulary: suggestions under the search box as
// it is typed (↑↓ to choose, Enter to take, Esc to close) and the 词表 page
// (/vocabulary) that reviews what duban proposes to merge and edits the
// vocabulary file. Loaded before app.js, whose router calls these (so they
// exist on the first route) and whose helpers (el, api, go, searchURL,
// emptyParams, state, config) they use once app.js has run: the
// suggestions are set up on DOMContentLoaded, after every deferred script.
"use strict";

const KIND_NAMES = { leader: "领导", unit: "单位", term: "词语", title: "文件" };
const MATCH_NAMES = { pinyin: "拼音", initials: "拼音首字母" };

// Suggestions: a listbox under the search box (WAI-ARIA combobox pattern).
document.addEventListener("DOMContentLoaded", function suggestions() {
  const input = document.getElementById("q");
  const form = document.getElementById("search-form");
  if (!input || !form) return;
  const list = el("ul", { id: "suggest", class: "suggest", role: "listbox", "aria-label": "搜索建议", hidden: true });
  form.classList.add("has-suggest");
  form.append(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", "suggest");
  input.setAttribute("aria-expanded", "false");
  let items = [], active = -1, timer = 0, asked = 0;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const mark = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) input.setAttribute("aria-activedescendant", "suggest-" + i);
    else input.removeAttribute("aria-activedescendant");
  };
  const choose = (s) => {
    close();
    const p = emptyParams();
    if (s.kind === "term") { input.value = s.text; go(searchURL({ ...p, q: s.text })); return; }
    input.value = "";
    if (s.kind === "leader") go(searchURL({ ...p, leader: [s.value] }));
    else if (s.kind === "unit") go(searchURL({ ...p, unit: [s.value] }));
    else if (s.kind === "title") go(searchURL({ ...p, doc: [s.value] }));
  };
  const show = (suggestions) => {
    items = suggestions;
    active = -1;
    if (!items.length) { close(); return; }
    list.replaceChildren(...items.map((s, i) => el("li", {
      id: "suggest-" + i, role: "option", "aria-selected": "false", "data-kind": s.kind,
      onmousedown: (ev) => { ev.preventDefault(); choose(s); },
    },
    el("span", { class: "suggest-kind" }, KIND_NAMES[s.kind] || s.kind),
    el("span", { class: "suggest-text" }, s.text),
    s.value !== s.text && s.kind !== "title" && s.kind !== "term" ? el("span", { class: "suggest-of" }, "→ " + s.value) : null,
    MATCH_NAMES[s.match] ? el("span", { class: "suggest-match" }, MATCH_NAMES[s.match]) : null,
    s.kind !== "title" ? el("span", { class: "suggest-count" }, s.count + " 项") : null)));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  };
  const ask = async () => {
    const q = input.value.trim();
    const mine = ++asked;
    if (!q) { close(); return; }
    try {
      const res = await api("/api/suggest?" + new URLSearchParams({ q }).toString());
      if (mine === asked && input.value.trim() === q) show(res.suggestions);
    } catch (e) { close(); }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 80); });
  input.addEventListener("keydown", (ev) => {
    if (list.hidden || !items.length) {
      if (ev.key === "ArrowDown" && input.value.trim()) { ev.preventDefault(); ask(); }
      return;
    }
    switch (ev.key) {
      case "ArrowDown": ev.preventDefault(); mark((active + 1) % items.length); break;
      case "ArrowUp": ev.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); break;
      case "Escape": ev.preventDefault(); close(); break;
      case "Enter":
        if (active >= 0) { ev.preventDefault(); choose(items[active]); }
        else close();
        break;
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  window.addEventListener("popstate", close);
});

// synonymNote says which synonyms a hit matched through (匹配同义词).
function synonymNote(t) {
  if (!t.synonyms || !t.synonyms.length) return null;
  return el("div", { class: "people synonyms" }, el("span", { class: "label" }, "匹配同义词:" + t.synonyms.join("、")));
}

// spellingNote lists the names counted under a facet's identity.
function spellingNote(f) {
  if (!f.spellings || !f.spellings.length) return null;
  return el("span", { class: "spellings" }, "含 " + f.spellings.map((s) => s.value + "(" + s.count + ")").join("、"));
}

// The 词表 page.
async function renderVocabulary(message) {
  app.replaceChildren(state("loading", "正在加载词表…"));
  document.title = "词表 - 督办搜";
  let v;
  try {
    [v] = await Promise.all([api("/api/vocabulary"), configReady]);
  } catch (e) {
    app.replaceChildren(state("error", "无法加载词表:" + e.message));
    return;
  }
  // the 管理口令, shared with the documents page for this visit (app.js)
  const token = el("input", { type: "password", id: "token", name: "token", placeholder: "管理口令", autocomplete: "off", value: adminToken,
    "aria-label": "管理口令", oninput: (ev) => { adminToken = ev.target.value; } });
  const status = el("div", { id: "vocab-status", role: "status" }, message ? state("done", message) : null);
  const save = async (body, contentType, query) => {
    const headers = { "Content-Type": contentType, ...writeHeaders() };
    status.replaceChildren(state("loading", "正在保存…"));
    try {
      await api("/api/vocabulary" + (query || ""), { method: "PUT", headers, body });
      forgetDocuments(); // the units' identities changed
      renderVocabulary("已保存。");
    } catch (e) {
      status.replaceChildren(state("error", "保存失败:" + e.message));
    }
  };
  const putJSON = (voc) => save(JSON.stringify({ vocabulary: voc, revision: v.revision }), "application/json");
  const writable = v.writable;

  const proposals = v.proposals.length ? el("ol", { class: "hits proposals" }, v.proposals.map((p) => el("li", { class: "hit", "data-proposal": p.id },
    el("div", { class: "hit-head" }, el("strong", {}, p.units.map((u) => u.name + "(" + u.tasks + " 项)").join(" 与 ")), el("span", { class: "year" }, p.text)),
    el("p", { class: "text" }, "合并后显示为“" + p.merge.name + "”,包括“" + p.merge.names.join("”“") + "”。"),
    writable ? el("div", { class: "people" },
      el("button", { class: "primary", type: "button", "data-accept": p.id, onclick: () => {
        const voc = { ...v.vocabulary, units: [...v.vocabulary.units] };
        const at = voc.units.findIndex((m) => m.name === p.merge.name);
        if (at >= 0) voc.units[at] = { name: p.merge.name, names: [...voc.units[at].names, ...p.merge.names] };
        else voc.units.push(p.merge);
        putJSON(voc);
      } }, "合并"),
      el("button", { class: "danger", type: "button", "data-reject": p.id, onclick: () => {
        putJSON({ ...v.vocabulary, apart: [...v.vocabulary.apart, [p.units[0].name, p.units[1].name]] });
      } }, "不是同一单位")) : null)))
    : el("p", { class: "summary" }, "没有待确认的合并建议。");

  const identities = (title, list) => el("details", { class: "card", open: list.length <= 20 },
    el("summary", {}, title + "(" + list.length + ")"),
    list.length ? el("table", {}, el("thead", {}, el("tr", {}, ["显示为", "任务数", "包括的写法", "来源"].map((h) => el("th", {}, h)))),
      el("tbody", {}, list.map((u) => el("tr", {},
        el("td", {}, u.name), el("td", {}, u.tasks), el("td", {}, u.names.filter((n) => n !== u.name).join("、")),
        el("td", {}, u.decided ? "词表" : "自动识别")))))
      : el("p", { class: "summary" }, "无"));

  const text = el("textarea", { id: "vocab-text", rows: 16, spellcheck: "false", "aria-label": "词表文件" });
  try {
    const resp = await fetch("/api/vocabulary?format=text");
    text.value = await resp.text();
  } catch (e) { /* shown empty */ }
  const file = el("input", { type: "file", accept: ".txt,text/plain", "aria-label": "导入词表文件" });
  file.addEventListener("change", async () => {
    if (!file.files.length) return;
    text.value = await file.files[0].text();
    status.replaceChildren(state("done", "已读入“" + file.files[0].name + "”,检查无误后点“保存词表”。"));
  });
  // the reading rules ([栏目]): what a column header or key means
  const columns = v.vocabulary.columns || [];
  const ruleName = el("input", { type: "text", id: "column-name", maxlength: 50, placeholder: "列名或关键词,如:包保单位", "aria-label": "列名或关键词" });
  const ruleRole = el("select", { id: "column-role", "aria-label": "读作" }, RULE_ROLES.map((r) => el("option", { value: r }, r)));
  const rulesCard = el("div", { class: "card", id: "column-rules" }, el("h2", {}, "栏目规则(" + columns.length + ")"),
    el("p", { class: "summary" }, "文件中督办搜不认识的列名或关键词读作哪一栏,如“包保单位 = 牵头单位”。以后导入、预览和重新解析的文件都按这些规则读取;也可在导入预览中直接添加。"),
    columns.length ? el("table", {}, el("thead", {}, el("tr", {}, ["列名或关键词", "读作", ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, columns.map((r) => el("tr", { "data-column": r.name }, el("td", {}, r.name), el("td", {}, r.role),
        el("td", {}, writable ? el("button", { class: "danger", type: "button", onclick: () =>
          putJSON({ ...v.vocabulary, columns: columns.filter((x) => x.name !== r.name) }) }, "删除") : null)))))
      : el("p", { class: "summary" }, "还没有栏目规则。"),
    writable ? el("form", { class: "rule-form", onsubmit: (ev) => {
      ev.preventDefault();
      const n = ruleName.value.trim();
      if (!n) { ruleName.focus(); return; }
      putJSON({ ...v.vocabulary, columns: columns.filter((x) => x.name !== n).concat([{ name: n, role: ruleRole.value }]) });
    } }, el("label", { for: "column-name" }, "文件中的"), ruleName, el("label", { for: "column-role" }, "读作"), ruleRole,
      el("button", { class: "primary", type: "submit", id: "column-add" }, "添加规则")) : null);
  const starter = v.starter.map((s) => s.one_way ? s.words[0] + " → " + s.words.slice(1).join("、") : s.words.join(" = "));

  app.replaceChildren(el("section", { class: "vocabulary" },
    el("h1", {}, "词表"),
    el("p", { class: "summary" }, "同一单位的不同写法(简称、全称、带地名或层级、括号里的别名)会自动归为一个单位;机构改革更名等不确定的合并先列为建议,确认后才生效。同义词只用于搜索,不改动索引。"),
    status,
    el("h2", {}, "待确认的合并建议"), proposals,
    identities("已归并的单位", v.units),
    identities("已归并的领导", v.leaders),
    rulesCard,
    el("div", { class: "card" }, el("h2", {}, "编辑词表文件"),
      el("p", { class: "summary" }, "每行一条;[单位] 与 [领导] 写作“显示名称 = 其他写法”,[同义词] 写作“5G = 第五代移动通信”或“治水 => 五水共治”,[不合并] 写作“甲 != 乙”,[栏目] 写作“包保单位 = 牵头单位”。"),
      text,
      el("div", { class: "people" },
        writable ? el("button", { class: "primary", type: "button", id: "vocab-save", onclick: () => save(text.value, "text/plain; charset=utf-8", "?" + new URLSearchParams({ revision: v.revision })) }, "保存词表") : el("span", { class: "label" }, "本服务器为只读,不能保存。"),
        writable && config.token_required ? token : null,
        el("a", { class: "export", href: "/api/vocabulary?format=text", download: "vocabulary.txt" }, "导出词表文件"),
        writable ? el("label", { class: "export" }, "导入:", file) : null)),
    el("details", { class: "card" }, el("summary", {}, "内置同义词(" + starter.length + " 组)"),
      el("ul", {}, starter.map((s) => el("li", {}, s))))));
}
