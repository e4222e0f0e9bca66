package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Group rows naming leaders (issue 26, "reading the unseen"): a task table
// with no leader column whose leaders stand in rows of one cell spanning the
// whole width — 包保领导：孙卫东（副区长）, 责任领导：江立新（区委常委、常务副区长）,
// 分管区领导：王芳、李强, 联系领导 张三 — each leading the task rows below it
// until the next such row. In a table copied as text the same row is a line
// of its own between the rows.

// maxGroupKey bounds the key of a leader group row in runes (分管副区长领导).
const maxGroupKey = 8

// leaderGroupRow reads a leader group row: a key naming leaders (a leader
// column's name: …领导, 责任人), a colon or a space, and names only, their
// titles dropped (leaderValue). ok is false for anything else: a section
// (一、稳增长), a note, a unit (责任单位：区民政局).
func leaderGroupRow(text string) (leaders []string, ok bool) {
	s := strings.TrimSpace(cleanCell(text))
	if s == "" || utf8.RuneCountInString(s) > 60 {
		return nil, false
	}
	key, val, found := "", "", false
	if i := strings.IndexAny(s, ":\uFF1A"); i > 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		key, val, found = s[:i], s[i+size:], true
	} else if i := strings.IndexAny(s, " \t\u3000"); i > 0 {
		// 联系领导 张三: the key and its value spaced apart
		key, val, found = s[:i], s[i:], true
	}
	key, val = strings.TrimSpace(key), strings.Trim(val, " \t\u3000。;；")
	if !found || val == "" || utf8.RuneCountInString(key) > maxGroupKey || classifyHeader(key) != colLeaders {
		return nil, false
	}
	for _, n := range leaderValue(val) {
		if _, _, ok := leaderName(n); !ok || isUnitName(n) {
			return nil, false
		}
		leaders = append(leaders, n)
	}
	return leaders, len(leaders) > 0
}

// leaderGroupLine reports whether a line is a leader group row.
func leaderGroupLine(text string) bool {
	_, ok := leaderGroupRow(text)
	return ok
}

// leaderless reports a header with no column for leaders (nor one of key
// lines that may name them): where a line 责任领导：X between the rows of a
// table copied as text is a group row, not a cell.
func leaderless(h *header) bool {
	return h.index(colLeaders) < 0 && h.index(colDuty) < 0
}

// groupLeaderless warns of the tasks of a table whose leaders are given by
// group rows that stand under no such row: the leader may be in a row the
// reading did not see as one, or the section before ended the group.
func groupLeaderless(tasks []Task, rep *Report) {
	var seqs []int
	for _, t := range tasks {
		if len(t.Leaders) == 0 {
			seqs = append(seqs, t.Seq)
		}
	}
	if len(seqs) == 0 {
		return
	}
	rep.Warnings = append(rep.Warnings, Warning{Code: WarnNoLeader, Field: "leaders", Seqs: seqs,
		Message: fmt.Sprintf("表中的领导由“包保领导：…”这样跨整行的分组行给出,但有 %d 项任务(序号 %s)上方没有这样的行,没有读到领导,请核对", len(seqs), seqList(seqs))})
}

// groupRowText is a table row's text when the row is a leader group row:
// one text across it (filled once, or the same in every filled cell), or
// a leader key and the names in two spans (包保领导 | 孙卫东); "" for any
// other row.
func groupRowText(cells []string, filled int, allSame bool) string {
	var distinct []string
	for _, c := range cells {
		if c != "" && (len(distinct) == 0 || distinct[len(distinct)-1] != c) {
			distinct = append(distinct, c)
		}
	}
	text := ""
	switch {
	case filled == 0:
		return ""
	case filled == 1 || allSame:
		text = distinct[0]
	case len(distinct) == 2 && !strings.ContainsAny(distinct[0], ":\uFF1A") && classifyHeader(distinct[0]) == colLeaders:
		text = distinct[0] + "：" + distinct[1]
	default:
		return ""
	}
	if !leaderGroupLine(text) {
		return ""
	}
	return text
}
