package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Check looks over a parsed document as the office would before it lands
// and returns its doubts, whatever reading made it (issue 25): the library
// calls it on every preview, beside the reading's own Report.Warnings.
//
//   - WarnNoUnit (field units): tasks without a lead unit;
//   - WarnAssignmentInText (field text): a task's text still holding a key
//     of an assignment followed by a colon (牵头单位：, 〔联系区领导：,
//     配合单位:) or a 【 bracket — what a reading should have taken out;
//   - WarnOddUnit (fields units and co_units, one warning each): values not
//     of a unit's shape (isUnitName: a government body's ending, 各…,
//     有关部门);
//   - WarnOddLeader (field leaders): values not of a person's shape
//     (isPersonName: two to four characters, a title allowed).
//
// Each warning names the tasks by 序号 in Seqs and says the doubt in
// Chinese with a few of the values concerned. A document without doubts
// gives none (an empty, non-nil list).
func Check(doc *Document) []Warning {
	out := []Warning{}
	if doc == nil {
		return out
	}
	var noUnit, inText []int
	odd := map[string]*oddValues{"text": {}, "units": {}, "co_units": {}, "leaders": {}}
	for _, t := range doc.Tasks {
		if len(t.Units) == 0 {
			noUnit = append(noUnit, t.Seq)
		}
		if k := assignmentInText(t.Text); k != "" {
			inText = append(inText, t.Seq)
			odd["text"].add(t.Seq, k)
		}
		for _, u := range t.Units {
			if !unitShaped(u) {
				odd["units"].add(t.Seq, u)
			}
		}
		for _, u := range t.CoUnits {
			if !unitShaped(u) {
				odd["co_units"].add(t.Seq, u)
			}
		}
		for _, l := range t.Leaders {
			if !isPersonName(simplifiedRunes(l)) {
				odd["leaders"].add(t.Seq, l)
			}
		}
	}
	if len(noUnit) > 0 {
		out = append(out, Warning{Code: WarnNoUnit, Field: "units", Seqs: noUnit,
			Message: fmt.Sprintf("%d 项任务没有读到牵头单位(%s),请核对原文是否写明了牵头单位", len(noUnit), seqText(noUnit))})
	}
	if len(inText) > 0 {
		out = append(out, Warning{Code: WarnAssignmentInText, Field: "text", Seqs: inText,
			Message: fmt.Sprintf("%d 项任务的任务内容中还留有分工的写法(%s,%s),可能有单位或领导没有读出来", len(inText), odd["text"].quoted(), seqText(inText))})
	}
	for _, f := range []struct{ field, code, label, shape string }{
		{"units", WarnOddUnit, "牵头单位", "单位名称"},
		{"co_units", WarnOddUnit, "配合单位", "单位名称"},
		{"leaders", WarnOddLeader, "牵头领导", "人名"},
	} {
		o := odd[f.field]
		if len(o.seqs) == 0 {
			continue
		}
		out = append(out, Warning{Code: f.code, Field: f.field, Seqs: o.seqs,
			Message: fmt.Sprintf("%d 项任务的%s中有不像%s的写法:%s(%s),请核对", len(o.seqs), f.label, f.shape, o.quoted(), seqText(o.seqs))})
	}
	return out
}

// oddValues gathers the tasks a check concerns and a few of the values
// that made it doubt.
type oddValues struct {
	seqs   []int
	values []string
}

// maxQuoted is how many distinct values a warning's message quotes.
const maxQuoted = 5

func (o *oddValues) add(seq int, v string) {
	if n := len(o.seqs); n == 0 || o.seqs[n-1] != seq {
		o.seqs = append(o.seqs, seq)
	}
	if !slices.Contains(o.values, v) {
		o.values = append(o.values, v)
	}
}

func (o *oddValues) quoted() string {
	var b strings.Builder
	for i, v := range o.values {
		if i == maxQuoted {
			b.WriteString("等")
			break
		}
		if utf8.RuneCountInString(v) > 20 {
			v = string([]rune(v)[:20]) + "…"
		}
		b.WriteString("“" + v + "”")
	}
	return b.String()
}

// unitShaped is isUnitName (in simplified characters), and a bare level standing for every one of
// its kind (镇(街道), 村, 社区: each town or street does the task).
func unitShaped(s string) bool {
	s = simplifiedRunes(s) // 省財政廳 as 省财政厅
	base, _, _ := strings.Cut(strings.NewReplacer("（", "(", "）", ")").Replace(s), "(")
	switch strings.TrimSpace(base) {
	case "镇", "乡", "街道", "镇街", "乡镇", "村", "社区":
		return true
	}
	return isUnitName(s)
}

// assignmentInText returns the key or bracket of an assignment a task's
// text still holds (牵头单位：, 联系区领导：, 【), or "".
func assignmentInText(text string) string {
	text = simplifiedRunes(text) // 牽頭單位：
	for _, m := range keyRe.FindAllStringSubmatch(text, -1) {
		key := []rune(m[1])
		// the key may be the end of a longer run of characters:
		// 工作联系区领导：
		for i := 0; i+2 <= len(key); i++ {
			switch assignKind(string(key[i:])) {
			case colLeaders, colUnits, colCoUnits:
				return string(key[i:]) + "："
			}
		}
	}
	if strings.Contains(text, "【") {
		return "【"
	}
	return ""
}

// maxSeqsShown is how many 序号 a message lists before it says 等.
const maxSeqsShown = 8

// seqText names tasks by their 序号 for a message: 第 3、5、8 项, the first
// few of a long list followed by 等 N 项.
func seqText(seqs []int) string {
	var b strings.Builder
	b.WriteString("第 ")
	for i, s := range seqs {
		if i == maxSeqsShown {
			fmt.Fprintf(&b, " 等 %d 项", len(seqs))
			return b.String()
		}
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(s))
	}
	b.WriteString(" 项")
	return b.String()
}
