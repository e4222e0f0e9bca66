package ingest

// Range assignments: a line under numbered items that assigns several of
// them at once — （以上第1—3项：责任领导：周某某；牵头单位：县发改局；配合单位：
// 县自然资源局、县财政局）, 以上4-5项责任领导：…, 第4至6项…, 上述第7、8项…,
// 以上各项… — is given to each item it names, as the bracket the item would
// end in had it been written out; the line itself is no item's text.

import (
	"fmt"
	"regexp"
	"strings"
)

// rangeLineRe is a line opening with the items it assigns: 以上第1—3项,
// 以上1-3项, 第4至6项, 上述第7、8项, 以上各项, in brackets or not; the rest
// (group 3) is the assignment.
var rangeLineRe = regexp.MustCompile(`^[(\x{FF08}]?\s*(?:(以上|上述|前述)\s*)?(?:第\s*)?((?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:\s*项?\s*(?:[—–\-－~～至到、,，]|——)\s*第?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3}))*|各)\s*(?:项|条)(?:任务|工作|事项)?\s*(?:[:\x{FF1A},，]|[\s\x{3000}])*(.+)$`)

// rangeLine is a range line read: the items it names (nil for 以上各项)
// and its assignment as a clause's text.
type rangeLine struct {
	numbers []int
	all     bool
	assign  string
}

// parseRangeLine reads a range line, or reports false.
func parseRangeLine(text string) (rangeLine, bool) {
	t := strings.TrimSpace(foldDigits(strings.TrimSpace(text)))
	m := rangeLineRe.FindStringSubmatch(t)
	if m == nil {
		return rangeLine{}, false
	}
	if m[1] == "" && !strings.Contains(strings.TrimLeft(t, "(\uFF08 "), "第") {
		return rangeLine{}, false // 3项… without 以上 or 第 is a sentence
	}
	bracket := strings.HasPrefix(t, "(") || strings.HasPrefix(t, "\uFF08")
	assign := strings.TrimRight(m[3], "。；; ")
	if bracket {
		if !strings.HasSuffix(assign, ")") && !strings.HasSuffix(assign, "\uFF09") {
			return rangeLine{}, false
		}
		assign = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(assign, ")"), "\uFF09"), "。；; ")
	}
	c, ok := parseKeyed(simplifiedRunes(assign))
	if !ok {
		// 以上第1—3项由县发改局牵头，县财政局配合(，责任领导：X)
		s := simplifiedRunes(strings.TrimPrefix(assign, "由"))
		keyed := (*clause)(nil)
		if keys := topKeys(s); len(keys) > 0 {
			if k, kok := parseKeyed(s[keys[0].start:]); kok {
				s, keyed = strings.TrimRight(s[:keys[0].start], "，,；; "), k
			}
		}
		c, ok = parseKeyless(s)
		ok = ok && len(c.units)+len(c.names) > 0
		if ok && keyed != nil {
			c.leaders = append(c.leaders, keyed.leaders...)
			c.units, c.coUnits = append(c.units, keyed.units...), append(c.coUnits, keyed.coUnits...)
			if c.deadline == "" {
				c.deadline = keyed.deadline
			}
		}
		if ok {
			assign = keyedText(c)
		}
	}
	if !ok || len(c.units)+len(c.names)+len(c.leaders) == 0 {
		return rangeLine{}, false
	}
	r := rangeLine{assign: assign}
	if m[2] == "各" {
		if m[1] == "" {
			return rangeLine{}, false
		}
		r.all = true
		return r, true
	}
	r.numbers = rangeNumbers(m[2])
	return r, len(r.numbers) > 0
}

// keyedText writes a clause read without keys as key lines would say it,
// for the items it is given to.
func keyedText(c *clause) string {
	var parts []string
	for _, kv := range []struct {
		key   string
		names []string
	}{{"责任领导", c.leaders}, {"牵头单位", c.units}, {"责任单位", c.names}, {"配合单位", c.coUnits}} {
		if len(kv.names) > 0 {
			parts = append(parts, kv.key+"："+strings.Join(kv.names, "、"))
		}
	}
	if c.deadline != "" {
		parts = append(parts, "完成时限："+c.deadline)
	}
	return strings.Join(parts, "；")
}

var rangeSepRe = regexp.MustCompile(`\s*[、,，]\s*`)
var rangeDashRe = regexp.MustCompile(`\s*(?:[—–\-－~～至到]|——)+\s*第?\s*`)

// rangeNumbers reads 1—3, 7、8 or 1-3、5 into the numbers they name; nil
// for a range that runs backwards or names more than 60 items.
func rangeNumbers(s string) []int {
	var out []int
	for _, part := range rangeSepRe.Split(s, -1) {
		part = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(part), "第"), "项")
		ends := rangeDashRe.Split(part, -1)
		for k := range ends {
			ends[k] = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(ends[k], "第"), "项")) // 第1项至第3项
		}
		switch len(ends) {
		case 1:
			out = append(out, numeral(ends[0]))
		case 2:
			a, b := numeral(ends[0]), numeral(ends[1])
			if a <= 0 || b < a || b-a > 60 {
				return nil
			}
			for n := a; n <= b; n++ {
				out = append(out, n)
			}
		default:
			return nil
		}
	}
	for _, n := range out {
		if n <= 0 {
			return nil
		}
	}
	return out
}

// itemMarker reports whether a block opens a numbered item of the kinds a
// range names (1．, 1、, (1), ①), and its number.
func itemMarker(b block) (marker, bool) {
	if b.row {
		return marker{}, false
	}
	m, _, ok := parseMarker(b.text)
	if !ok || m.number == 0 {
		return marker{}, false
	}
	switch m.kind {
	case numArabic, numArabicPar, numArabicHalf, numCircled, numCnParen:
		return m, true
	}
	return marker{}, false
}

// rangeAssignments gives each range line's assignment to the items it
// names above it and blanks the line. An item that ends in an assignment
// of its own keeps it. Warnings say which named items were not found.
func rangeAssignments(blocks []block) ([]block, []Warning) {
	var out []block
	var warns []Warning
	covered := map[int]bool{}     // the items' opening blocks a range names
	kinds := map[numbering]bool{} // the numberings ranges assign
	prev := 0                     // the block after the last range line: 以上各项 reaches back to it
	for i, b := range blocks {
		if b.row {
			continue
		}
		r, ok := parseRangeLine(b.text)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]block(nil), blocks...)
		}
		items := itemsAbove(out, prev, i)
		if len(items) == 0 {
			continue
		}
		kind := items[len(items)-1].m.kind
		var missing []string
		found := false
		wanted := r.numbers
		if r.all {
			wanted = nil
			for _, it := range items {
				if it.m.kind == kind {
					wanted = append(wanted, it.m.number)
				}
			}
		}
		for _, n := range wanted {
			at := -1
			for k := len(items) - 1; k >= 0; k-- {
				if items[k].m.number == n && items[k].m.kind == kind {
					at = k
					break
				}
			}
			if at < 0 {
				missing = append(missing, fmt.Sprint(n))
				continue
			}
			found = true
			covered[items[at].at] = true
			kinds[kind] = true
			end := items[at].end
			if _, c := trailingClause(out[end].text); c != nil || hasKeyLines(out, items[at].at, end) {
				continue // the item's own assignment
			}
			out[end].text = strings.TrimRight(out[end].text, " \t\u3000") + "（" + r.assign + "）"
		}
		if !found {
			continue
		}
		out[i].text = ""
		prev = i + 1
		if len(missing) > 0 {
			warns = append(warns, Warning{Code: WarnNumbering, Field: "seq", Seqs: []int{},
				Message: fmt.Sprintf("第%d行的分工写给了第%s项,但上文没有找到这些编号的条目,请核对", b.line, strings.Join(missing, "、"))})
		}
	}
	if out == nil || len(kinds) == 0 {
		return blocks, nil
	}
	var bare []string
	for _, it := range itemsAbove(out, 0, len(out)) {
		if !kinds[it.m.kind] || covered[it.at] {
			continue
		}
		if _, c := trailingClause(out[it.end].text); c != nil || hasKeyLines(out, it.at, it.end) {
			continue
		}
		out[it.at].bare = true
		bare = append(bare, it.m.text)
	}
	if len(bare) > 0 {
		warns = append(warns, Warning{Code: WarnNoUnit, Field: "units", Seqs: []int{},
			Message: fmt.Sprintf("条目 %s 不在任何“以上第…项”的分工范围内,本身也没有写明分工,请补上牵头单位", strings.Join(bare, " "))})
	}
	return out, warns
}

// rangeItem is a numbered item above a range line: the block that opens
// it and the last block of its text.
type rangeItem struct {
	m       marker
	at, end int
}

// itemsAbove lists the numbered items in blocks[from:to], each with the
// last non-blank block before the next numbered line.
func itemsAbove(blocks []block, from, to int) []rangeItem {
	var items []rangeItem
	for k := from; k < to; k++ {
		b := blocks[k]
		if b.row {
			continue
		}
		if m, ok := itemMarker(b); ok {
			items = append(items, rangeItem{m: m, at: k, end: k})
			continue
		}
		if _, _, ok := parseMarker(b.text); ok {
			// a heading (二、保障改善民生) closes the item above
			items = append(items, rangeItem{m: marker{kind: numNone}, at: k, end: k})
			continue
		}
		if len(items) > 0 && strings.TrimSpace(b.text) != "" && items[len(items)-1].m.kind != numNone {
			items[len(items)-1].end = k
		}
	}
	kept := items[:0]
	for _, it := range items {
		if it.m.kind != numNone {
			kept = append(kept, it)
		}
	}
	return kept
}

// hasKeyLines reports whether an item's lines after its first are key
// lines (牵头单位：…): it assigns itself.
func hasKeyLines(blocks []block, at, end int) bool {
	for k := at + 1; k <= end; k++ {
		if isKeyLine(cleanCell(blocks[k].text)) {
			return true
		}
	}
	return false
}
