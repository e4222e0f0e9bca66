package ingest

// The document-level checks: what can be doubted of a reading from its
// tasks alone. The score (score.go) counts them to choose a reading; the
// chosen reading's are its warnings; the library re-runs Check after the
// office corrects tasks.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// residueRe finds what is left of an assignment inside a task's text: a
// key of an assignment with its colon (a leader's key too: 联系县领导：,
// 分管领导：, 包联领导：), or a bracket 〔 【 that holds one.
var residueRe = regexp.MustCompile(`(?:牵头|责任|配合|协办|协同|主办|承办)(?:单位|部门|领导)\s*[:\x{FF1A}]|(?:联系|分管|包联|包保|挂联)\p{Han}{0,2}领导\s*[:\x{FF1A}]|[〔【]`)

// taskHeadingRe: a task text that is only a section heading (一、…, (一)…,
// 第一部分) or a table's title, not a sentence of work.
var taskHeadingRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+(?:部分|章|节))|(?:工作|任务|事项|项目)$`)

// headingText reports a task's text that reads as a heading: short, no
// sentence or figure in it, and shaped as one (numbered like a section, a
// leader's heading, a column's name, or ending in 工作/任务/项目).
func headingText(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || utf8.RuneCountInString(t) > 20 || strings.ContainsAny(t, "，,；;0123456789%") {
		return false
	}
	if isHeaderName(t) && classifyHeader(t) != colText || leaderHeading(t) {
		return true
	}
	return taskHeadingRe.MatchString(t) && !strings.HasSuffix(t, "。")
}

// oddUnits are the units and co-units of a task not of a unit's shape.
func oddUnits(t *Task) []string {
	return append(oddNames(t.Units), oddNames(t.CoUnits)...)
}

// oddNames are the names not of a unit's shape: neither a unit's, a
// body's (有关部门), nor a bare level standing for every one of its kind
// (镇(街道), 村, 社区: each town or street does the task).
func oddNames(names []string) []string {
	var out []string
	for _, u := range names {
		s := ToSimplified(u)
		base, _, _ := strings.Cut(strings.NewReplacer("（", "(", "）", ")").Replace(s), "(")
		switch strings.TrimSpace(base) {
		case "镇", "乡", "街道", "镇街", "乡镇", "村", "社区":
			continue
		}
		if !isUnitName(s) && !isBodyName(s) {
			out = append(out, u)
		}
	}
	return out
}

// oddLeaders are the leaders of a task not of a person's shape.
func oddLeaders(t *Task) []string {
	var out []string
	for _, l := range t.Leaders {
		if !isPersonName(ToSimplified(l)) {
			out = append(out, l)
		}
	}
	return out
}

// numberingHoles are the seqs after which the numbering skips or goes back
// where the document does not restart it: written numbers (Extra 原编号
// when tasks were renumbered) must run on by one, or restart at 1.
func numberingHoles(tasks []Task) []int {
	var out []int
	prev := 0
	for i, t := range tasks {
		n := t.Seq
		if w, ok := t.Extra["原编号"]; ok {
			fmt.Sscan(w, &n)
		}
		if i > 0 && n != prev+1 && n != 1 && !(n == prev && n > 0) {
			out = append(out, t.Seq)
		}
		prev = n
	}
	return out
}

// Check returns the doubts a document's tasks leave, by task: tasks without
// a lead unit, names not of a unit's or a person's shape, text still
// holding an assignment, numbering holes and headings read as tasks. It
// reads the Document alone, so it can run again after the office corrects
// tasks. Messages are in Chinese; Seqs name the tasks.
func Check(doc *Document) []Warning {
	var (
		noUnit, oddU, oddC, oddL, residue, heading []int
		oddUNames, oddCNames, oddLNames            []string
	)
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		if len(t.Units) == 0 {
			noUnit = append(noUnit, t.Seq)
		}
		if o := oddNames(t.Units); len(o) > 0 {
			oddU = append(oddU, t.Seq)
			oddUNames = append(oddUNames, o...)
		}
		if o := oddNames(t.CoUnits); len(o) > 0 {
			oddC = append(oddC, t.Seq)
			oddCNames = append(oddCNames, o...)
		}
		if o := oddLeaders(t); len(o) > 0 {
			oddL = append(oddL, t.Seq)
			oddLNames = append(oddLNames, o...)
		}
		if residueRe.MatchString(t.Text) {
			residue = append(residue, t.Seq)
		}
		if headingText(t.Text) {
			heading = append(heading, t.Seq)
		}
	}
	out := []Warning{}
	add := func(code, field string, seqs []int, msg string) {
		if len(seqs) > 0 {
			out = append(out, Warning{Code: code, Field: field, Seqs: seqs, Message: msg})
		}
	}
	add(WarnNoUnit, "units", noUnit, fmt.Sprintf("有 %d 项任务没有读到牵头单位(序号 %s),请补上", len(noUnit), seqList(noUnit)))
	add(WarnOddUnit, "units", oddU, fmt.Sprintf("这些牵头单位看起来不像单位名称:%s(序号 %s),请核对", nameList(oddUNames), seqList(oddU)))
	add(WarnOddUnit, "co_units", oddC, fmt.Sprintf("这些配合单位看起来不像单位名称:%s(序号 %s),请核对", nameList(oddCNames), seqList(oddC)))
	add(WarnOddLeader, "leaders", oddL, fmt.Sprintf("这些领导姓名看起来不像人名:%s(序号 %s),请核对", nameList(oddLNames), seqList(oddL)))
	add(WarnAssignmentInText, "text", residue, fmt.Sprintf("有 %d 项任务的内容里还留有“牵头单位：”或【】〔〕等分工文字(序号 %s),分工可能没有读全", len(residue), seqList(residue)))
	holes := numberingHoles(doc.Tasks)
	add(WarnNumbering, "seq", holes, fmt.Sprintf("任务序号不连续(在序号 %s 处跳号或重复),可能漏读或多读了任务", seqList(holes)))
	add(WarnHeadingAsTask, "text", heading, fmt.Sprintf("有 %d 项任务的内容看起来是标题而不是任务(序号 %s),请核对", len(heading), seqList(heading)))
	for _, g := range countedGroups(doc.Tasks) {
		add(WarnNumbering, "seq", g.seqs, fmt.Sprintf("标题“%s”写明 %d 项,其下读出 %d 项任务(序号 %s),可能漏读或多读了任务", g.heading, g.want, len(g.seqs), seqList(g.seqs)))
	}
	return out
}

// countedGroup is the tasks under a heading that states how many items
// stand under it (副区长　周海峰　牵头负责（4项）) when their number differs.
type countedGroup struct {
	heading string
	want    int
	seqs    []int
}

// countedGroups are the headings whose stated count of items (（4项）) is
// not the number of tasks read under them.
func countedGroups(tasks []Task) []countedGroup {
	var out []countedGroup
	for i := 0; i < len(tasks); {
		j := i + 1
		for j < len(tasks) && tasks[j].Section == tasks[i].Section {
			j++
		}
		secs := strings.Split(tasks[i].Section, " / ")
		h := strings.TrimSpace(secs[len(secs)-1])
		if m := countNumberRe.FindStringSubmatch(h); m != nil {
			want := 0
			fmt.Sscan(m[1], &want)
			if want > 0 && want != j-i {
				g := countedGroup{heading: h, want: want}
				for _, t := range tasks[i:j] {
					g.seqs = append(g.seqs, t.Seq)
				}
				out = append(out, g)
			}
		}
		i = j
	}
	return out
}

// countNumberRe is a heading's count of items, its number apart.
var countNumberRe = regexp.MustCompile(`[(\x{FF08}]\s*共?\s*(\d{1,3})\s*项\s*(?:任务|工作|事项)?\s*[)\x{FF09}]\s*[:\x{FF1A}]?$`)

// seqList writes seqs for a message: 1、2、5 (the first ten, then 等).
func seqList(seqs []int) string {
	var b strings.Builder
	for i, s := range seqs {
		if i == 10 {
			b.WriteString(" 等")
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		fmt.Fprint(&b, s)
	}
	return b.String()
}

// nameList writes names for a message: distinct, the first five.
func nameList(names []string) string {
	names = dedupe(slices.Clone(names))
	if len(names) > 5 {
		return "“" + strings.Join(names[:5], "”“") + "”等"
	}
	return "“" + strings.Join(names, "”“") + "”"
}
