package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cellPerLine is a table copied out of a web page: one cell per line, cells
// apart by blank lines or a lone '|' (or not at all). It is turned into rows
// for parseTable.
type cellPerLine struct {
	start int    // index of the header's first line in the items
	items []item // the header row, then the rows and headings
}

type token struct {
	line int
	text string
	sep  bool // a blank line or lone '|' stood before it
}

// findCellPerLine looks for a header written one cell per line and builds
// the rows below it; nil when there is none.
func findCellPerLine(its []item) *cellPerLine {
	var toks []token
	var idx []int // item index of each token
	sep := false
	for i, it := range its {
		text := cleanCell(it.text)
		if it.row && len(it.cells) == 1 {
			text = cleanCell(it.cells[0])
		} else if it.row {
			return nil // rows of several cells: not this layout
		}
		if text == "" || strings.Trim(text, "|") == "" {
			sep = true
			continue
		}
		toks = append(toks, token{line: it.line, text: text, sep: sep})
		idx = append(idx, i)
		sep = false
	}
	for i := range toks {
		j := i
		for j < len(toks) && isHeaderName(toks[j].text) {
			j++
		}
		if j-i < 2 {
			continue
		}
		names := make([]string, 0, j-i)
		separated := false
		for k := i; k < j; k++ {
			names = append(names, toks[k].text)
			separated = separated || (k > i && toks[k].sep)
		}
		h, ok := parseHeader(names)
		if !ok {
			continue
		}
		out := &cellPerLine{start: idx[i]}
		out.items = append(out.items, item{line: toks[i].line, text: strings.Join(names, " | "), cells: names, row: true, closed: true})
		out.items = append(out.items, cellRows(h, toks[j:], separated)...)
		return out
	}
	return nil
}

func isHeaderName(s string) bool {
	return utf8.RuneCountInString(s) <= 8 && (classifyHeader(s) != colExtra || groupingNames[compact(s)] || compact(s) == "备注")
}

// cellRows groups the tokens after the header into cells and the cells into
// rows: a row starts at its seq number when the first column is 序号, else
// every len(header) cells. Headings between rows stay single-cell rows.
func cellRows(h *header, toks []token, separated bool) []item {
	type cell struct {
		line int
		text string
	}
	var cells []cell
	for _, t := range toks {
		if separated && !t.sep && len(cells) > 0 {
			cells[len(cells)-1].text += t.text
			continue
		}
		cells = append(cells, cell{t.line, t.text})
	}
	k := len(h.cols)
	textAt := h.index(colText)
	var out []item
	emit := func(row []cell) {
		if len(row) == 0 {
			return
		}
		vals := make([]string, 0, len(row))
		for _, c := range row {
			vals = append(vals, c.text)
		}
		for len(vals) > k && textAt >= 0 && textAt+1 < len(vals) {
			vals[textAt] += vals[textAt+1]
			vals = append(vals[:textAt+1], vals[textAt+2:]...)
		}
		out = append(out, item{line: row[0].line, text: strings.Join(vals, " | "), cells: vals, row: true, closed: true})
	}
	var row []cell
	if h.index(colSeq) == 0 {
		lastSeq := 0
		for _, c := range cells {
			if m := seqCellRe.FindStringSubmatch(c.text); m != nil {
				if n, _ := strconv.Atoi(m[1]); n > lastSeq && (lastSeq == 0 || n <= lastSeq+5) {
					emit(row)
					row, lastSeq = []cell{c}, n
					continue
				}
			}
			if isHeading(c.text) && (len(row) == 0 || len(row) >= k-1) {
				emit(row)
				row = nil
				out = append(out, item{line: c.line, text: c.text, cells: []string{c.text}, row: true, closed: true})
				continue
			}
			row = append(row, c)
		}
		emit(row)
		return out
	}
	for _, c := range cells {
		if isHeading(c.text) && len(row) == 0 {
			out = append(out, item{line: c.line, text: c.text, cells: []string{c.text}, row: true, closed: true})
			continue
		}
		row = append(row, c)
		if len(row) == k {
			emit(row)
			row = nil
		}
	}
	emit(row)
	return out
}

var (
	// 1、… 1.… 1.… (1)… at the start of a line.
	listItemRe = regexp.MustCompile(`^\s*(?:(\d{1,4})\s*[、.\x{FF0E}]|[(\x{FF08}](\d{1,4})[)\x{FF09}])\s*(.*)$`)
	// key:value on a line of its own: 牵头单位:区科技局
	assignLineRe = regexp.MustCompile(`^\s*([\p{Han}]{2,8})\s*[:\x{FF1A}]\s*(.+)$`)
	// an assignment in brackets at the end of a task
	inlineAssignRe = regexp.MustCompile(`[(\x{FF08}\[【]([^()\x{FF08}\x{FF09}\[\]【】]*?[:\x{FF1A}][^()\x{FF08}\x{FF09}\[\]【】]*)[)\x{FF09}\]】]\s*[。;\x{FF1B}]?\s*$`)
)

// assignKind says which field a key such as 牵头单位 or 牵头市领导 fills;
// colExtra for keys that are not assignments.
func assignKind(key string) column {
	switch c := classifyHeader(key); c {
	case colLeaders, colUnits, colCoUnits, colDeadline:
		return c
	}
	return colExtra
}

type listTask struct {
	Task
	line   int
	raw    string
	assign [][2]string
}

// parseList reads numbered items that carry their assignments inline,
// (牵头单位:…;责任单位:…) at the end or 牵头单位:… on the lines after.
// start is the index of the first heading or item; the items above it are
// the metadata.
func parseList(its []item, rep *Report) (start int, tasks []Task) {
	first := -1
	for i, it := range its {
		if m := listItemRe.FindStringSubmatch(cleanCell(it.text)); m != nil && !startsWithDigit(m[3]) {
			first = i
			break
		}
	}
	if first < 0 {
		return len(its), nil
	}
	start = first
	for start > 0 && (isHeading(cleanCell(its[start-1].text)) || cleanCell(its[start-1].text) == "") {
		start--
	}
	for start < first && cleanCell(its[start].text) == "" {
		start++
	}
	var (
		sec     sections
		cur     *listTask
		pending []*listTask
	)
	for _, it := range its[start:] {
		text := cleanCell(it.text)
		if text == "" {
			rep.BlankLines++
			continue
		}
		if m := listItemRe.FindStringSubmatch(text); m != nil && !startsWithDigit(m[3]) {
			n, _ := strconv.Atoi(m[1] + m[2])
			cur = &listTask{line: it.line, raw: it.text, Task: Task{Seq: n, Section: sec.String()}}
			body := m[3]
			if am := inlineAssignRe.FindStringSubmatchIndex(body); am != nil && hasAssignKey(body[am[2]:am[3]]) {
				cur.assign = append(cur.assign, splitAssignments(body[am[2]:am[3]])...)
				body = strings.TrimSpace(body[:am[0]])
				if !strings.HasSuffix(body, "。") && strings.HasSuffix(strings.TrimSpace(text), "。") {
					body += "。"
				}
			}
			cur.Text = body
			if sec.leader != "" {
				cur.assign = append(cur.assign, [2]string{"牵头领导", sec.leader})
			}
			pending = append(pending, cur)
			continue
		}
		if isHeading(text) {
			sec.set(text)
			cur = nil
			continue
		}
		if m := assignLineRe.FindStringSubmatch(text); m != nil && cur != nil && assignKind(m[1]) != colExtra {
			cur.assign = append(cur.assign, [2]string{m[1], m[2]})
			continue
		}
		if cur != nil && len(cur.assign) == 0 {
			cur.Text += text // an item broken over lines
			continue
		}
		rep.Unused = append(rep.Unused, UnusedLine{Line: it.line, Text: it.text, Reason: reasonNotItem})
	}
	// Numbering that restarts under each heading ((1) after 2、) would give
	// two tasks one seq: then tasks are numbered in order and the written
	// number is kept in Extra["原编号"].
	renumber := false
	counted := map[int]bool{}
	for _, p := range pending {
		if len(p.assign) > 0 && p.Text != "" {
			renumber = renumber || counted[p.Seq]
			counted[p.Seq] = true
		}
	}
	seen := map[int]bool{}
	for _, p := range pending {
		if renumber && len(p.assign) > 0 && p.Text != "" {
			setExtra(&p.Task, "原编号", strconv.Itoa(p.Seq))
			p.Seq = len(tasks) + 1
		}
		if len(p.assign) == 0 {
			rep.Unused = append(rep.Unused, UnusedLine{Line: p.line, Text: p.raw, Reason: reasonNoAssign})
			continue
		}
		if seen[p.Seq] || p.Text == "" {
			rep.Unused = append(rep.Unused, UnusedLine{Line: p.line, Text: p.raw, Reason: reasonDupSeq})
			continue
		}
		seen[p.Seq] = true
		applyAssignments(&p.Task, p.assign)
		tasks = append(tasks, p.Task)
	}
	return start, tasks
}

const (
	reasonNotItem  = "编号条目之间无法归属的文字"
	reasonNoAssign = "编号条目没有牵头单位或领导"
)

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

func hasAssignKey(s string) bool {
	for _, kv := range splitAssignments(s) {
		if assignKind(kv[0]) != colExtra {
			return true
		}
	}
	return false
}

// splitAssignments splits 牵头单位:区科技局;责任单位:各街道 into pairs.
func splitAssignments(s string) [][2]string {
	var out [][2]string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\uFF1B' }) {
		k, v, ok := strings.Cut(strings.ReplaceAll(part, "\uFF1A", ":"), ":")
		if ok {
			out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return out
}

// applyAssignments fills a task from its key:value pairs. With 牵头单位 and
// 责任单位 both given, the 牵头 one leads and the other cooperates.
func applyAssignments(t *Task, pairs [][2]string) {
	leadKey := ""
	for _, kv := range pairs {
		if assignKind(kv[0]) == colUnits && strings.Contains(kv[0], "牵头") {
			leadKey = kv[0]
			break
		}
	}
	for _, kv := range pairs {
		switch assignKind(kv[0]) {
		case colLeaders:
			t.Leaders = dedupe(append(t.Leaders, splitLeaders(kv[1])...))
		case colUnits:
			if leadKey == "" {
				leadKey = kv[0]
			}
			if kv[0] == leadKey {
				t.Units = dedupe(append(t.Units, splitNames(kv[1])...))
			} else {
				t.CoUnits = dedupe(append(t.CoUnits, splitNames(kv[1])...))
			}
		case colCoUnits:
			t.CoUnits = dedupe(append(t.CoUnits, splitNames(kv[1])...))
		case colDeadline:
			t.Deadline = kv[1]
		}
	}
}
