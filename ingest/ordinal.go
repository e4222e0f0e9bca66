package ingest

// Items written 一是…。二是…。三是…。 — in one paragraph or a line each —
// are text as a rule (一是加快…，二是完善… inside a task). They are items of
// their own only when every one of them ends in its own assignment
// (一是…（责任领导：X；责任单位：A、B、C）二是…（…）): then each is a task,
// numbered by its ordinal, its 一是 no part of its text, and what stands
// before the first (（一）稳定工业运行。) the section they stand under.

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// ordinalRe finds an ordinal's opening: 一是 … 十是, 十一是.
var ordinalRe = regexp.MustCompile(`(十?[一二三四五六七八九]|十)是`)

// ordinalItem is one item written with an ordinal.
type ordinalItem struct {
	number int
	text   string
}

// ordinalItems splits text into what stands before its first ordinal
// (lead) and the items 一是…, 二是… when every item ends in an assignment of
// its own. An ordinal opens an item at the text's start or after a
// sentence's end, a colon or a closing bracket; the numbers run on from
// the first (a paragraph may open with 二是 when each item is a line). ok
// is false when the text holds no such items.
func ordinalItems(text string) (lead string, items []ordinalItem, ok bool) {
	type at struct{ start, end, number int }
	var starts []at
	next := 0
	for _, m := range ordinalRe.FindAllStringSubmatchIndex(text, -1) {
		if !ordinalBoundary(text[:m[0]]) || depthAt(text, m[0]) > 0 {
			continue
		}
		n := numeral(text[m[2]:m[3]])
		if next > 0 && n != next {
			continue
		}
		if next == 0 && m[0] > 0 && n != 1 {
			continue // an item after a lead starts at 一是
		}
		starts = append(starts, at{m[0], m[1], n})
		next = n + 1
	}
	if len(starts) == 0 {
		return "", nil, false
	}
	for i, s := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1].start
		}
		body := strings.TrimSpace(text[s.end:end])
		if _, c := trailingClause(body); c == nil || len(c.leaders)+len(c.units)+len(c.coUnits)+len(c.names) == 0 {
			return "", nil, false
		}
		items = append(items, ordinalItem{s.number, body})
	}
	return strings.TrimSpace(text[:starts[0].start]), items, true
}

// ordinalBoundary: an ordinal may open an item after this text (nothing,
// or a sentence's end, a colon or a closing bracket).
func ordinalBoundary(before string) bool {
	b := strings.TrimRight(before, " \t\u3000")
	if b == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(b)
	return strings.ContainsRune("。；;：:）)】〕", r)
}

// ordinalParas gives back paragraphs with every paragraph that holds
// ordinal items carrying their own assignments split into them: its lead
// (if any) a paragraph without a clause, then one paragraph per item, each
// with its clause and its ordinal. Other paragraphs are kept as they are.
//
// A paragraph that opens with a later ordinal (二是, a line each) is one
// only right after the item before it: 三是… closing a list whose 一是 and
// 二是 carry no assignment is the end of one item's text.
func ordinalParas(ps []*para) []*para {
	var out []*para
	prev := 0
	for _, p := range ps {
		if p.clause == nil {
			out = append(out, p)
			continue
		}
		lead, items, ok := ordinalItems(p.text)
		if ok && items[0].number != 1 && (lead != "" || items[0].number != prev+1) {
			ok = false
		}
		if !ok {
			out = append(out, p)
			prev = 0
			continue
		}
		prev = items[len(items)-1].number
		if lead != "" {
			out = append(out, &para{lines: p.lines, text: lead, body: lead})
		}
		for _, it := range items {
			q := &para{lines: p.lines, ordinal: it.number}
			q.set(it.text)
			out = append(out, q)
		}
	}
	return out
}

// hasOrdinals: some paragraph is an ordinal item.
func hasOrdinals(ps []*para) bool {
	for _, p := range ps {
		if p.ordinal > 0 {
			return true
		}
	}
	return false
}

// ordinalStartRe is an ordinal opening a line: 一是, 十二是.
var ordinalStartRe = regexp.MustCompile(`^(十?[一二三四五六七八九]|十)是`)

// ordinalStart splits an ordinal off the start of a line: its number and
// the rest.
func ordinalStart(text string) (int, string, bool) {
	m := ordinalStartRe.FindStringSubmatchIndex(text)
	if m == nil {
		return 0, text, false
	}
	return numeral(text[m[2]:m[3]]), strings.TrimLeft(text[m[1]:], " \t\u3000，,：:"), true
}

// ordinalLines marks the blocks that open items written 一是, 二是 … on
// lines of their own, each with its own assignment: a bracket at its end
// (…（责任领导：X；责任单位：A、B）) or key lines right below it
// (责任领导：X；牵头单位：A). A run starts at 一是 and goes on with the next
// ordinal, only key lines and blank lines between; it counts when it has
// two items or more and every one assigns. Ordinals that enumerate one
// task's text (一是… / 二是… / 三是… over one key line) are not marked.
func ordinalLines(blocks []block) map[int]bool {
	var out map[int]bool
	var run []int
	own := true
	flush := func() {
		if len(run) >= 2 && own {
			if out == nil {
				out = map[int]bool{}
			}
			for _, i := range run {
				out[i] = true
			}
		}
		run, own = nil, true
	}
	text := func(b block) string { return spacedKey(bracketKeys(cleanCell(b.text))) }
	for i := 0; i < len(blocks); i++ {
		if blocks[i].row {
			flush()
			continue
		}
		t := text(blocks[i])
		n, rest, ok := ordinalStart(t)
		switch {
		case ok && (n == 1 || len(run) > 0 && n == len(run)+1):
			if n == 1 {
				flush()
			}
			run = append(run, i)
			assigns := false
			if _, c := trailingClause(rest); c != nil && len(c.leaders)+len(c.units)+len(c.coUnits)+len(c.names) > 0 {
				assigns = true
			}
			for j := i + 1; j < len(blocks) && !assigns; j++ {
				if nt := text(blocks[j]); nt != "" {
					assigns = !blocks[j].row && isKeyLine(nt)
					break
				}
			}
			own = own && assigns
		case t == "" || isKeyLine(t):
		default:
			flush()
		}
	}
	flush()
	return out
}
