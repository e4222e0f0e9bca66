package ingest

// Lead marks: units marked with a star (县水利局*, 县水利局＊, ★县水利局), or
// with another mark a note at the notice's end explains (注：带△号的为牵头
// 单位，其余为配合单位), lead; the rest of their list co-operate. The mark is
// rewritten as the （牵头） mark the assignment grammar reads (takeLeadMarks),
// so it is never part of a unit's name, and two marked both lead.

import (
	"regexp"
	"strings"
)

// starMarks mark the lead unit without a note saying so.
const starMarks = "*＊★"

// markNoteRe is a note naming the mark of the lead units: 带*号的为牵头单位,
// 标注“△”的单位为牵头单位, 加▲者为牵头部门, 有#标记的是主办单位.
var markNoteRe = regexp.MustCompile(`(?:(?:带有|带|加注|加|标注|标有|标|注有|有)\s*["“”'‘’「」]?\s*([*＊★☆△▲#＃※◆◇◎●○])\s*["“”'‘’「」]?\s*(?:号|符号|标记|标识|标志)?\s*(?:的|者)\p{Han}{0,4}?(?:为|是)|(?:^|[:\x{FF1A}，,；;\s])["“]?([*＊★☆△▲#＃※◆◇◎●○])["”]?\s*(?:号|符号|标记)?\s*(?:为|是|表示|代表))\s*(?:牵头|主办|主责)`)

// leadMarksOf are the marks of lead units in a document: the stars, and
// the marks a note names.
func leadMarksOf(blocks []block) string {
	marks := starMarks
	for _, b := range blocks {
		for _, m := range markNoteRe.FindAllStringSubmatch(b.text, -1) {
			if mark := m[1] + m[2]; !strings.Contains(marks, mark) {
				marks += mark
			}
		}
	}
	return marks
}

// markLeadUnits rewrites each unit marked as leading (县水利局*, ★县水利局)
// as 县水利局（牵头）, in lines and cells; blocks unchanged when none is.
func markLeadUnits(blocks []block) []block {
	hasMark := func(b block) bool { // asked of every block: no string built
		const marks = starMarks + "☆△▲#＃※◆◇◎●○"
		if strings.ContainsAny(b.text, marks) {
			return true
		}
		for _, c := range b.cells {
			if strings.ContainsAny(c, marks) {
				return true
			}
		}
		return false
	}
	var out []block
	marks := ""
	for i, b := range blocks {
		if !hasMark(b) {
			continue
		}
		if marks == "" {
			marks = leadMarksOf(blocks)
		}
		if markNoteRe.MatchString(b.text) {
			continue // the note itself
		}
		nb := b
		changed := false
		if b.row {
			nb.cells = append([]string(nil), b.cells...)
			for k, c := range nb.cells {
				if t := markLeads(c, marks); t != c {
					nb.cells[k], changed = t, true
				}
			}
			if changed {
				nb.text = strings.Join(nb.cells, " | ")
			}
		} else if t := markLeads(b.text, marks); t != b.text {
			nb.text, changed = t, true
		}
		if !changed {
			continue
		}
		if out == nil {
			out = append([]block(nil), blocks...)
		}
		out[i] = nb
	}
	if out == nil {
		return blocks
	}
	return out
}

// nameSep ends a name in a list of units.
func nameSep(r rune) bool {
	return strings.ContainsRune("、，,；;：:（()）【】〔〕|｜/／ \t\u3000。\n", r)
}

// markLeads rewrites the marked units of one line or cell: a mark right
// after a unit's name or right before one (after a separator) becomes
// （牵头） after the name. Marks beside anything but a unit's name (a
// footnote's star after a figure) are left as written.
func markLeads(s, marks string) string {
	rs := []rune(s)
	var b strings.Builder
	changed := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !strings.ContainsRune(marks, r) {
			b.WriteRune(r)
			continue
		}
		// after a name: 县水利局*, or 县水利局 * with a space between
		start := i
		for start > 0 && rs[start-1] == ' ' && start-1 > 0 && !nameSep(rs[start-2]) {
			start--
		}
		stop := start // the name ends here
		for start > 0 && !nameSep(rs[start-1]) && !strings.ContainsRune(marks, rs[start-1]) {
			start--
		}
		if name := string(rs[start:stop]); start < stop && isUnitName(name) && (i+1 == len(rs) || nameSep(rs[i+1]) || strings.ContainsRune(marks, rs[i+1])) {
			if stop < i {
				// the spaces before the mark were written already
				out := []rune(b.String())
				b.Reset()
				b.WriteString(string(out[:len(out)-(i-stop)]))
			}
			b.WriteString("（牵头）")
			changed = true
			for i+1 < len(rs) && strings.ContainsRune(marks, rs[i+1]) {
				i++ // 县水利局** is marked once
			}
			continue
		}
		// before a name: ★县水利局
		if i == 0 || nameSep(rs[i-1]) {
			end := i + 1
			for end < len(rs) && !nameSep(rs[end]) && !strings.ContainsRune(marks, rs[end]) {
				end++
			}
			if name := string(rs[i+1 : end]); end > i+1 && isUnitName(name) {
				b.WriteString(name)
				b.WriteString("（牵头）")
				changed = true
				i = end - 1
				continue
			}
		}
		b.WriteRune(r)
	}
	if !changed {
		return s
	}
	return b.String()
}
