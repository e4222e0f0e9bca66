package ingest

// Stage 2 of the pipeline: the outline. Every paragraph that opens with a
// number — 一、 (一) 1. 1、 (1) 1) ① 第一条 第一部分 —— is a node; its
// level comes from the order in which the kinds of numbering first appear
// (the way a reader nests them: a kind not seen before goes one level
// below the paragraph before it, a kind seen before returns to its level
// and closes the levels below it). Paragraphs
// without a number continue the node before them while it is still open
// (its assignment not yet found), or are kept as its trailing lines. Lines
// of keys (牵头单位:…) after a node are its keys. A line that names who
// leads what follows (区教育局牵头:) is a node of its own kind.
//
// Whether a node is a section or an item is not decided here: it is decided
// by what carries an assignment (tasks.go). "一是…二是…" inside a paragraph
// is text, not numbering.

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// numbering is a kind of numbering; one kind is one outline level.
type numbering int

const (
	numNone       numbering = iota
	numCnComma              // 一、 一.
	numCnParen              // (一) （一）
	numArabic               // 1. 1、 1．
	numArabicPar            // (1) （1）
	numArabicHalf           // 1) 1）
	numCircled              // ① … ⑳
	numArticle              // 第一条, 第一项
	numPart                 // 第一部分, 第一章 …
	numDash                 // —— a dash heading
	numNamed                // 区教育局牵头: (a line naming who leads what follows)
	numKeyed                // 任务一： 事项2： (a block of key lines opens with it)
	numLone                 // 01 alone on its line over 【a short title】 (an article's items)
	numOrdinal              // 一是 二是 on lines of their own, each with its assignment (ordinal.go)
)

var markerRes = []struct {
	kind numbering
	re   *regexp.Regexp
}{
	{numPart, regexp.MustCompile(`^第([一二三四五六七八九十百零〇两]+)(?:部分|章|节|篇)\s*`)},
	{numArticle, regexp.MustCompile(`^第([一二三四五六七八九十百零〇两]+|\d{1,3})(?:条|项|件)\s*[:\x{FF1A}、]?\s*`)},
	{numCnComma, regexp.MustCompile(`^([一二三四五六七八九十百零〇两]{1,4})\s*[、.\x{FF0E}]\s*`)},
	{numCnParen, regexp.MustCompile(`^[(\x{FF08}]\s*([一二三四五六七八九十百零〇两]{1,4})\s*[)\x{FF09}]\s*[、.\x{FF0E}]?\s*`)},
	{numArabicPar, regexp.MustCompile(`^[(\x{FF08}]\s*(\d{1,3})\s*[)\x{FF09}]\s*[、.\x{FF0E}]?\s*`)},
	{numArabic, regexp.MustCompile(`^(\d{1,3})\s*[、.\x{FF0E}]\s*`)},
	{numArabicHalf, regexp.MustCompile(`^(\d{1,3})\s*[)\x{FF09}]\s*`)},
	{numCircled, regexp.MustCompile(`^([\x{2460}-\x{2473}])\s*`)},
	{numDash, regexp.MustCompile(`^(?:——|—)\s*`)},
	// 任务一：, 民生实事一：, 重点项目3：, or in brackets: 【事项三】
	{numKeyed, regexp.MustCompile(`^\p{Han}{0,4}?(?:任务|事项|工作|项目|实事|问题)\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*[:\x{FF1A}]\s*`)},
	{numKeyed, regexp.MustCompile(`^[【\[]\s*\p{Han}{0,4}?(?:任务|事项|工作|项目|实事)\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*[】\]]\s*[:\x{FF1A}]?\s*`)},
	// alone on its line, the title on the next: 事项1 / 民生实事一
	{numKeyed, regexp.MustCompile(`^\p{Han}{0,4}?(?:任务|事项|工作|项目|实事)\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*$`)},
	// a record of an office system's export opened by its number alone:
	// 序号：3 over the record's key lines
	{numKeyed, regexp.MustCompile(`^(?:序号|编号)\s*[:\x{FF1A}]\s*(\d{1,3})\s*$`)},
	// a task card's title bar alone on its line: No.01, NO.3
	{numKeyed, regexp.MustCompile(`^(?:No|NO|no)\s*[.．]?\s*(\d{1,3})\s*$`)},
	// a card's title bar whose number a category tag follows, the two
	// spans run together: 任务01营商环境 (the tag is the card's, no text)
	{numKeyed, regexp.MustCompile(`^(?:任务|事项)\s*(\d{2,3})\s*\p{Han}{2,6}$`)},
	// the number apart from the text by spaces, or right before the
	// item's assignment bracket: 任务3  【县交通运输局牵头…】加快…, 重点任务12 推进…
	{numKeyed, regexp.MustCompile(`^\p{Han}{0,2}?(?:任务|事项)\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})(?:[ \t\x{3000}]+|[【〔\[\x{FF3B}])`)},
	// the number in brackets, alone or before the title: 督办事项（一）
	{numKeyed, regexp.MustCompile(`^\p{Han}{0,4}?(?:任务|事项|工作|项目|实事)\s*[(\x{FF08}]\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*[)\x{FF09}]\s*[:\x{FF1A}]?\s*`)},
	// the number as an ordinal: 督办事项第1项, 任务第三项, 督办件 第2件
	{numKeyed, regexp.MustCompile(`^\p{Han}{0,4}?(?:任务|事项|工作|项目|实事|件)\s*第\s*([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*[项件号]\s*[:\x{FF1A}]?\s*`)},
	// a block opened by the key naming its task, unnumbered: 项目名称：老旧小区改造
	{numKeyed, regexp.MustCompile(`^(?:项目|任务|事项|实事项目|工作任务)名称\s*[:\x{FF1A}]\s*`)},
}

// marker is the numbering that opens a paragraph.
type marker struct {
	kind   numbering
	number int    // 0 when the numbering has none (a dash, a named heading)
	text   string // the numbering as written (一、, (3))
}

// parseMarker splits the numbering off the start of a paragraph. A number
// that is part of a quantity (1.5亿元, 2019年) is not numbering.
func parseMarker(s string) (marker, string, bool) {
	orig := strings.TrimLeft(s, " \t\u3000")
	// Full-width digits and stops (１．) number a paragraph too; folding
	// keeps one rune per rune, so the rest is cut from the original.
	s = foldDigits(orig)
	for _, m := range markerRes {
		loc := m.re.FindStringSubmatchIndex(s)
		if loc == nil {
			continue
		}
		if m.kind == numKeyed && strings.ContainsAny(lastRune(s[:loc[1]]), "【〔[\uFF3B") {
			loc[1] -= len(lastRune(s[:loc[1]])) // 任务3【…】: the bracket is the item's
		}
		rest := orig[runeOffset(orig, utf8.RuneCountInString(s[:loc[1]])):]
		if m.kind == numKeyed && strings.ContainsAny(firstRune(strings.TrimLeft(rest, " \t\u3000")), "项个件条万亿%") {
			continue // 新增任务 3 项: a count, not numbering
		}
		if m.kind == numDash && (!hasHan(rest) && !strings.ContainsAny(rest, "0123456789") || isSignOff(orig)) {
			continue // — END —, ——— 1 ———: a rule or a mark, no item; ——桃源镇党政办 3.17 signs
		}
		if (m.kind == numArabic || m.kind == numCnComma) && startsWithDigit(foldDigits(rest)) && !numberedBeforeDigits(orig[:len(orig)-len(rest)], rest) {
			continue // 1.5亿元, 一.5 (but 一、2020年主要预期目标 is numbered)
		}
		if strings.TrimSpace(rest) == "" && !(m.kind == numKeyed && len(loc) > 2 && loc[2] >= 0) && m.kind != numArticle {
			// a number alone is a table's seq cell, not an item; a
			// numbered block opener (事项1) or 第三项 has its title on the
			// next line
			continue
		}
		if m.kind == numKeyed && !strings.ContainsAny(s[:loc[1]], "0123456789一二三四五六七八九十") &&
			(strings.HasPrefix(rest, "\u3000") || isKeyLine(strings.Trim(rest, " \t\u3000"))) {
			continue // 事项名称：　　　责任单位（盖章）：, a form's blank field
		}
		mk := marker{kind: m.kind, text: strings.TrimSpace(s[:loc[1]])}
		if len(loc) > 2 && loc[2] >= 0 {
			mk.number = numeral(s[loc[2]:loc[3]])
		}
		return mk, rest, true
	}
	return marker{}, s, false
}

// runeOffset is the byte offset of the n-th rune of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// numberedBeforeDigits: a number's marker is numbering although digits
// follow it, as no quantity is written: after 、 (一、2020年…, 3、5G基站),
// or after a full-width stop between half-width digits (6．12345热线: a
// decimal keeps one width). 1. 2024年… stays unnumbered: a site's list of
// links is written so, and reads as items no better than as text.
func numberedBeforeDigits(mark, rest string) bool {
	switch {
	case strings.Contains(mark, "、"):
		return true
	case strings.HasSuffix(strings.TrimRight(mark, " \t\u3000"), "．"):
		r, _ := utf8.DecodeRuneInString(mark)
		return r >= '0' && r <= '9' && startsWithDigit(rest)
	}
	return false
}

func startsWithDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9'
}

// numeral reads 12, 十二, 二十三, 一百零五 or ⑫.
func numeral(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	rs := []rune(s)
	if len(rs) == 1 && rs[0] >= '\u2460' && rs[0] <= '\u2473' {
		return int(rs[0]-'\u2460') + 1
	}
	total, cur := 0, 0
	for _, r := range rs {
		switch {
		case r == '百':
			total += max(cur, 1) * 100
			cur = 0
		case r == '十':
			total += max(cur, 1) * 10
			cur = 0
		case r == '两':
			cur = 2
		default:
			if d := strings.IndexRune("零一二三四五六七八九", r); d >= 0 {
				cur = d / 3
			} else if r == '〇' {
				cur = 0
			}
		}
	}
	return total + cur
}

// node is one numbered paragraph with what belongs to it.
type node struct {
	marker
	level int
	line  int
	// indent is the indentation of the node's first line (indentOf).
	indent int
	// heading is the node's first line as written (numbering and
	// assignment included): what a task under it shows as its section.
	heading string
	// paras are the node's paragraphs: the first is the text after its
	// numbering, the others paragraphs without a number that continue it
	// or stand under it, each with the assignment clause it ends in.
	paras []*para
	// keys are the lines of keys after the node (牵头单位:…, 完成时限:…),
	// read together as one clause.
	keys []string
	// meta are the node's lines of a record's metadata (事项编号：…,
	// 事项来源：…, 办理状态：…): the task's Extra, never its text.
	meta []string
	// record: the node was opened by such a line (事项编号：…).
	record bool
	// bare: the item stays a task though nothing assigns it (block.bare).
	bare bool
	// labelled: the node's text came under a label naming it (整改任务：…,
	// 建设内容：…).
	labelled bool
	// trailing are lines after the node that are not part of it.
	trailing []srcLine
	children []*node
	parent   *node
}

// para is one paragraph of a node, maybe joined from several lines.
type para struct {
	lines []srcLine
	text  string
	// clause is the assignment the paragraph ends in; body is its text
	// without it.
	clause *clause
	body   string
	// item: the paragraph opens a numbered item, so its assignment may
	// stand before its text (由X牵头，A负责，B配合，推进…); lead: it does.
	item, lead bool
	// before: its assignment is a bracket before its text (【A牵头；联系县
	// 领导：X】推进…), so the text may go on on the next line.
	before bool
	// ordinal is the number of an item written 一是, 二是 (ordinal.go).
	ordinal int
}

func newPara(line int, raw, text string) *para {
	p := &para{lines: []srcLine{{line, raw}}}
	p.set(text)
	return p
}

// set sets the paragraph's text and reads the clause it ends (or starts)
// with.
func (p *para) set(text string) {
	p.text = text
	// An assignment is short: only the paragraph's end is read for it, so
	// a paragraph joined from many lines costs linear time, not quadratic.
	head, tail := "", text
	if len(text) > maxClauseBytes {
		cut := len(text) - maxClauseBytes
		for cut < len(text) && !utf8.RuneStart(text[cut]) {
			cut++
		}
		head, tail = text[:cut], text[cut:]
	}
	body, c := trailingClause(tail)
	if c == nil {
		// …5%。【责任站所】党政综合办公室、财政所（牵头）: keys in brackets
		// after the item's last sentence, without their colons
		if alt := trailingBracketKeys(tail); alt != tail {
			if b, ac := trailingClause(alt); ac != nil {
				body, c = b, ac
			}
		}
	}
	p.body, p.clause = head+body, c
	p.before = false
	if p.clause == nil && len(text) <= maxClauseBytes {
		p.body, p.clause = leadingClause(text)
		p.before = p.clause != nil
	} else if c.onlyCoLeaders() && len(p.body) <= maxClauseBytes {
		// 【牵头单位：X】推进…（齐振宇副县长共同领办）: the assignment
		// stands at the start, the co-leader at the end
		if rest, lc := leadingClause(p.body); lc != nil {
			lc.coLeaders = c.coLeaders
			p.body, p.clause = rest, lc
		}
	}
	p.lead = false
	if p.clause == nil && p.item && len(text) <= maxClauseBytes {
		// 1．由副县长叶明川同志牵头，县供销社负责，…，推进…。
		if rest, lc := leadingSentenceClause(text); lc != nil {
			p.body, p.clause, p.lead = rest, lc, true
		}
	}
	if p.clause != nil && rolesOnly(p.clause) {
		// 请各牵头单位会同责任单位抓好落实（各责任单位负责）: a covering
		// paragraph speaks to the units by their roles and assigns nothing
		p.body, p.clause, p.lead, p.before = text, nil, false, false
	}
}

// bracketKeyRe is a key in brackets: 【责任站所】, 【牵头单位】.
var bracketKeyRe = regexp.MustCompile(`【(\p{Han}{2,8})】`)

// trailingBracketKeys writes the keys in brackets that follow an item's
// last sentence (。【责任站所】A（牵头）、B, 。【责任领导】X【牵头单位】Y) as keys
// with colons: from the first that stands after a sentence's end, every
// bracket naming an assignment's key. The text is returned as it was when
// none does.
func trailingBracketKeys(text string) string {
	locs := bracketKeyRe.FindAllStringSubmatchIndex(text, -1)
	var b strings.Builder
	at, n := 0, 0
	for _, m := range locs {
		key := text[m[2]:m[3]]
		if assignKind(key) == colExtra {
			continue
		}
		if n == 0 {
			before := strings.TrimRight(text[:m[0]], " \t\u3000")
			r, _ := utf8.DecodeLastRuneInString(before)
			if before == "" || !strings.ContainsRune("。；;！？）)", r) {
				continue
			}
		}
		b.WriteString(text[at:m[0]])
		if n > 0 {
			b.WriteString("；") // 【牵头】A【配合】B: the keys apart, as 牵头：A；配合：B
		}
		b.WriteString(key + "：")
		at, n = m[1], n+1
	}
	if n == 0 {
		return text
	}
	b.WriteString(text[at:])
	return b.String()
}

// maxClauseBytes bounds the end of a paragraph read for its assignment;
// real clauses are a few hundred bytes.
const maxClauseBytes = 4096

// open reports whether a paragraph without a number continues the node's
// last paragraph: it has no assignment yet, no keys followed it and no
// child stands under it.
func (n *node) open() bool {
	last := n.paras[len(n.paras)-1]
	// an item whose assignment stands before its text goes on until its
	// sentence ends (a line wrapped by hand)
	wrapped := (last.lead || last.before && last.item) && !strings.HasSuffix(strings.TrimRight(last.text, " \t\u3000"), "。")
	return (last.clause == nil || wrapped) && len(n.keys) == 0 && len(n.children) == 0
}

// inheritsUnits reports whether a heading above the node names the unit
// its items belong to (区教育局牵头:, 一、稳增长(牵头单位:区发改局)).
func (n *node) inheritsUnits() bool {
	for p := n.parent; p != nil; p = p.parent {
		if c := p.paras[0].clause; c != nil && len(c.units)+len(c.names) > 0 {
			return true
		}
		if c, ok := headingClause(p.paras[0].text); ok && len(c.units) > 0 {
			return true
		}
	}
	return false
}

// srcLine is a line of the source as the report names it.
type srcLine struct {
	line int
	text string
}

// levelKey is a kind of numbering as it keeps its level: the kind alone
// (indent -1), or, for sub-items numbered like their parent and written
// deeper than it, the kind at that indentation.
type levelKey struct {
	kind   numbering
	indent int
}

// indentOf is the indentation of a source line in display columns (a
// full-width space counts two, a tab four).
func indentOf(raw string) int {
	n := 0
	for _, r := range raw {
		switch r {
		case ' ':
			n++
		case '\u3000':
			n += 2
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// outline is the tree of numbered paragraphs of a notice.
type outline struct {
	roots []*node
	// head are the blocks before the first node (metadata and preamble).
	head []block
	// tail are the blocks of metadata after the items (the issuer and the
	// date that sign a notice).
	tail []block
}

// buildOutline reads the blocks into a tree of nodes. Table rows belong to
// no item: they are kept as trailing lines.
func buildOutline(blocks []block) *outline {
	o := &outline{}
	var (
		levels = map[levelKey]int{} // the level of each kind of numbering
		stack  []*node              // the last node at each level
		cur    *node
		// leaderLevel is the level of the first heading that names a
		// leader (-1 before one)
		leaderLevel = -1
	)
	footer := false // within a site's footer: it runs to the next blank line
	skip := -1      // a block already read with the one before it
	ordinals := ordinalLines(blocks)
	leaderGroups := leaderGroupLines(blocks)
	padded := paddedNumberLines(blocks)
	badges := loneBadgeLines(blocks)
	pendingKey := "" // a key alone on its line, its value on the next
	for bi, b := range blocks {
		if bi == skip {
			continue
		}
		text := spacedKey(bracketKeys(trimPictographs(cleanCell(b.text))))
		if pendingKey != "" && !b.row {
			// 督办内容 / 加快…: the key above its value
			text, pendingKey = pendingKey+"："+strings.TrimSpace(text), ""
		} else if pendingKey = ""; cur != nil && !b.row && bi+1 < len(blocks) && bareKeyAbove(text, blocks[bi+1]) {
			pendingKey = compact(text)
			continue
		}
		if m := bracketedOpenerRe.FindStringSubmatch(text); m != nil {
			// 【第1项】, 〔任务3〕, 【任务1】打通生命通道: a block's number in
			// brackets, maybe its title after it
			text = m[1]
			if m[2] != "" {
				text += "：" + m[2] // as 任务1：水库安全度汛 is written
			}
		}
		if footer = inFooter(footer, text); footer {
			if cur == nil {
				o.head = append(o.head, b)
			} else {
				o.tail = append(o.tail, b)
			}
			continue
		}
		if cur != nil && !b.row && dashedPageRe.MatchString(strings.TrimSpace(text)) && (keyLineCut(cur) || cur.openBracket() || hasOwnAssignment(cur)) {
			// — 1 —: the page's number, inside a key line's list or a
			// bracket the page break cut, or after an item that has its
			// assignment: never the item's text
			continue
		}
		formRecord := false
		formKeys := "" // the keys a form's code row also gives (办结时限 | …)
		cardKeys := "" // the keys of a card's first row, opening its task
		if b.row {
			kt, ok := rowKeys(b.cells)
			if ok && b.opens && (cur == nil || cur.record && hasOwnAssignment(cur)) {
				cardKeys = kt
			}
			mt, meta := rowMeta(b.cells)
			if !ok && !meta {
				mt, formKeys, meta = rowMetaKeys(b.cells)
			}
			if !ok && !meta && (b.opens || b.table != 0 && (bi == 0 || blocks[bi-1].table != b.table)) {
				// 指标序号 | 指标1 opening a table of keys: the form's number
				mt, meta = seqRow(b.cells)
			}
			if !ok && meta && opensFormRecord(cur, mt, blocks[bi+1:]) {
				// 督办编号 | JT-DB-2025-003 heading a form of key rows: a
				// form of its own, one task, numbered by its code
				ok, kt, formRecord = true, mt, true
			} else if !ok && meta && cur != nil {
				// 事项编号 | YHDB-2024-0037: a record's metadata in a form
				cur.meta = append(cur.meta, mt)
				if formKeys != "" {
					cur.keys = append(cur.keys, formKeys)
				}
				continue
			}
			if kl, keyed := keyLineCells(b.cells); !ok && keyed {
				// 责任领导：X	牵头单位：Y	配合单位：Z — key lines apart by
				// tabs, read as a row of cells: one line of keys
				ok, kt = true, kl
			}
			if one, only := onlyCell(b.cells); !ok && only && keyedOpener(one) {
				// 督办事项第3项 | | |: a form's number in a row of its own
				// is the line that opens it
				ok, kt = true, one
			}
			if !ok {
				if cur == nil {
					o.head = append(o.head, b)
				} else {
					cur.trailing = append(cur.trailing, srcLine{b.line, b.text})
				}
				continue
			}
			// 承办单位 | 市城管局: a block's form of keys and values
			text = kt
		}
		if text == "" {
			if cur == nil {
				o.head = append(o.head, b)
			}
			continue
		}
		mk, rest, ok := parseMarker(text)
		if n, ok2 := padded[bi]; !ok && ok2 {
			// 01 新建改扩建中小学校4所: a badge's number before the title
			t := strings.TrimLeft(text, " \t\u3000")
			m := paddedNumberRe.FindStringSubmatchIndex(t)
			if m == nil {
				m = badgeTitleRe.FindStringSubmatchIndex(t)
			}
			if m != nil {
				mk, rest, ok = marker{kind: numArabic, number: n, text: strings.TrimSpace(t[:m[3]])}, strings.TrimLeft(t[m[3]:], " \u00a0\u3000"), true
			}
		}
		if n, r, isOrd := ordinalStart(text); !ok && isOrd && ordinals[bi] {
			// 一是…, its key lines below it: an item of its own
			mk, rest, ok = marker{kind: numOrdinal, number: n, text: text[:len(text)-len(r)]}, r, true
		}
		if !ok && !b.row {
			if n, title, at, lone := loneNumber(text, blocks[bi+1:]); lone {
				// 01 / 【扩大有效投资】 / 全年完成…: the title without its
				// brackets opens the item's text
				mk, rest, ok = marker{kind: numLone, number: n, text: text}, title, true
				skip = bi + 1 + at
			}
		}
		if at, ok2 := badges[bi]; !ok && ok2 {
			// 01 / 完成云溪河沿岸环境综合整治…: a card's badge on a line
			// of its own above the task's sentence
			n, _ := badgeNumber(text)
			mk, rest, ok = marker{kind: numLone, number: n, text: text}, strings.TrimSpace(trimPictographs(cleanCell(blocks[at].text))), true
			skip = at
		}
		record := ""
		if !ok && !b.row && opensRecord(cur, text, blocks[bi+1:]) {
			// 事项编号：YHDB-2024-0037 opening a record of an office
			// system's export: the record's number is its metadata
			mk, rest, ok, record = marker{kind: numKeyed}, "", true, text
		}
		cardOpen := cardKeys != ""
		if cardOpen {
			// 督办事项 | … atop a card of a set that has no code: its text
			// (the label dropped), or its first key line
			mk, rest, ok = marker{kind: numKeyed}, "", true
			if !isKeyLine(cardKeys) {
				rest, cardKeys = dropTextLabel(cardKeys), ""
			}
		}
		if formRecord {
			mk, rest, ok, record = marker{kind: numKeyed, number: codeNumber(text)}, "", true, text
			if cur == nil {
				o.head = dropFormCaption(o.head)
			}
		}
		if k, isKey := dashKeyLine(text); isKey && cur != nil {
			// ——牵头：A；参与：B — a key line led by a dash is the keys of
			// the item above, not a dash heading
			ok, text = false, k
		}
		if !ok && (headingUnit.MatchString(text) || bracketHeadingRe.MatchString(text)) {
			if _, named := headingClause(text); named {
				mk, rest, ok = marker{kind: numNamed}, text, true
			}
		}
		if !ok && leaderGroups[bi] && (cur == nil || hasOwnAssignment(cur)) {
			// 分管领导：龚䶮（党工委书记） between ③ and a new ①: the leader
			// of the items below it, never a key of the item above
			mk, rest, ok = marker{kind: numNamed}, text, true
		}
		if !ok && (cur == nil || !cur.open() || len(cur.paras) == 1 && titleLike(cur.paras[0].text)) && unnumberedLeaderHeading(text) {
			// 副区长　周海峰　牵头负责（4项）, a heading of its own line (an
			// <h3>, a bold paragraph) without a number
			mk, rest, ok = marker{kind: numNamed}, text, true
		}
		if !ok {
			labelled, labelledText := false, text
			if cur != nil {
				t := dropTextLabel(text)
				// 事项名称：　　　责任单位（盖章）： is a form's blank field
				labelled, text = t != text && !strings.Contains(text, "：\u3000") && !strings.Contains(text, ":\u3000"), t
			}
			p := newPara(b.line, b.text, text)
			switch {
			case cur == nil && p.clause != nil:
				// paragraphs that each end in their assignment, with no
				// numbering at all
				cur = &node{marker: marker{kind: numNone}, line: b.line, paras: []*para{p}}
				o.roots = append(o.roots, cur)
			case cur == nil:
				o.head = append(o.head, b)
			case cur.openBracket() && len(cur.keys) == 0 && len(cur.children) == 0 && utf8.RuneCountInString(text) <= 80:
				// the rest of a bracket the line above left open (…（责任 /
				// 领导：韦丽华；责任单位：…）), keys and all
				cur.joinLast(b.line, b.text, text)
			case handlingBody(cur, b.line, b.text, text):
			case hasOwnAssignment(cur) && len(cur.children) == 0 && closingLabelLine(labelledText):
				// 有关要求：各责任股室要建立工作台账… after the last block:
				// the notice's requirements, not that block's text
				cur.trailing = append(cur.trailing, srcLine{b.line, b.text})
			case recordField(cur, text, labelled):
			case keyLineOf(cur, b.line, text):
			case finishesCutKey(cur, b.line, text):
			case metaLineOf(cur, b.line, text):
			case joinsBracketLine(cur, b.line, b.text, text, p):
			case continuesKey(cur, b.line, text, blocks[bi+1:]):
			case isSignature(text) || isSignOff(text) || isPageChrome(text) || isDistribution(text) || isArticleChrome(text) || isContact(text):
				o.tail = append(o.tail, b)
			case closingNoteRe.MatchString(text) && len(cur.paras) > 0 && !leadRuleRe.MatchString(simplifiedRunes(text)):
				// 说明：未列明配合单位的任务，由牵头单位…: a note on how to
				// read the items, not the text of the one above it (a note
				// stating the lead rule is read as the rule)
				cur.trailing = append(cur.trailing, srcLine{b.line, b.text})
			case p.clause != nil && cur.kind != numNone && cur.inheritsUnits() && len(cur.children) == 0:
				// an item under a heading that names its unit is whole:
				// a paragraph with its own assignment is the next item
				sib := &node{marker: marker{kind: numNone}, level: cur.level, line: b.line, heading: text, paras: []*para{p}, parent: cur.parent}
				if cur.parent != nil {
					cur.parent.children = append(cur.parent.children, sib)
				} else {
					o.roots = append(o.roots, sib)
				}
				cur = sib
			case closingHeadingRe.MatchString(text) && len(cur.children) == 0 && hasOwnAssignment(cur):
				// 有关要求 after the last keyed block: a heading of the top
				// level, so the 1. 2. 3. under it are its, not the block's
				// sub-items (they assign nothing and are reported); never
				// a wrapped line of an item whose assignment opened it
				cur = &node{marker: marker{kind: numNone}, line: b.line, heading: text, paras: []*para{p}}
				o.roots = append(o.roots, cur)
				stack = []*node{cur}
			case cur.open() && p.clause != nil && !cur.openBracket():
				cur.paras = append(cur.paras, p)
			case labelled && len(cur.paras) == 1 && len(cur.children) == 0 && problemLabelRe.MatchString(strings.TrimLeft(cur.paras[0].text, " \t\u3000")):
				// 第一条 审计发现问题：… / 整改任务：…: the problem found is
				// the record's (extra), the measure under its label the task
				cur.meta = append(cur.meta, strings.TrimLeft(cur.paras[0].text, " \t\u3000"))
				cur.paras[0].lines = append(cur.paras[0].lines, srcLine{b.line, b.text})
				cur.paras[0].set(text)
				cur.labelled = true
			case labelled && cur.labelled && len(cur.keys) > 0 && len(cur.children) == 0 && p.clause == nil:
				// 整改任务：… / 牵头单位：… / 整改目标：…: the block's text
				// came under its label before the keys; a second field
				// after them (its goal, its standard) is the record's
				cur.meta = append(cur.meta, strings.TrimLeft(b.text, " \t\u3000"))
				cur.paras[len(cur.paras)-1].lines = append(cur.paras[len(cur.paras)-1].lines, srcLine{b.line, b.text})
			case cur.open() || labelled && len(cur.keys) > 0 && len(cur.children) == 0 && p.clause == nil:
				// the text of a keyed block may follow its key lines
				// (民生实事一：… / 牵头单位：… / 建设内容：…)
				cur.labelled = cur.labelled || labelled
				cur.joinLast(b.line, b.text, text)
			case p.clause != nil && len(cur.children) == 0:
				cur.paras = append(cur.paras, p)
			default:
				cur.trailing = append(cur.trailing, srcLine{b.line, b.text})
			}
			continue
		}
		var keys []string
		if mk.kind == numKeyed && strings.HasPrefix(rest, "【") {
			// 督办事项（一）【事项内容】开展…: the text's key is no text;
			// 督办事项（一）【承办单位】… is the block's first key line
			if r := bracketKeys(rest); isKeyLine(r) {
				keys, rest = []string{r}, ""
			} else {
				rest = dropTextLabel(r)
			}
		}
		if r := dropTextLabel(rest); r != rest && mk.kind != numKeyed && mk.kind != numNamed && record == "" {
			// 1．案由：关于加强县城停车设施建设的提案: the label names the
			// field of the text, as a table's column would (not 工作目标：,
			// which may be the goal's own heading)
			if label := rest[:len(rest)-len(r)]; !strings.Contains(label, "目标") && !strings.Contains(label, "指标") {
				rest = r
			}
		}
		first := &para{lines: []srcLine{{b.line, b.text}}, item: true}
		first.set(rest)
		n := &node{marker: mk, line: b.line, heading: text, indent: indentOf(b.text), paras: []*para{first}, keys: keys, bare: b.bare}
		if cardOpen {
			n.record = true
			if cardKeys != "" {
				n.keys = append(n.keys, cardKeys)
			}
		}
		if record != "" {
			n.meta, n.record = []string{record}, true
			if formKeys != "" {
				n.keys = append(n.keys, formKeys)
			}
		}
		// A kind keeps the level it was first seen at (one below the node
		// it first stood under), so 3、 after (1)(2) is their sibling.
		key := levelKey{kind: mk.kind, indent: -1}
		if l, ok := levels[levelKey{mk.kind, n.indent}]; ok && l <= len(stack) && l > 0 && n.indent > stack[l-1].indent {
			key.indent = n.indent
		} else if l, ok := levels[key]; ok && mk.number == 1 && l < len(stack) && n.indent > stack[l].indent && cur == stack[len(stack)-1] {
			// 1. indented under 4. whose own kind it shares: a list of
			// sub-items restarting at 1 is written deeper than its
			// parent, so it stands one level below the item before it
			key.indent = n.indent
			levels[key] = len(stack)
		}
		level, seen := levels[key]
		leaderHead := leaderHeading(rest)
		switch {
		case leaderHead && leaderLevel >= 0 && leaderLevel <= len(stack):
			// headings that name the leader of what follows are one level,
			// however each is numbered (一、…副县长主抓 / （三）…同志分管)
			level = leaderLevel
			levels[key] = level
		case !seen && mk.number > 1 && len(stack) > 0 && !namesWhoLeads(cur):
			// a kind first met at 二、 does not open a list under the item
			// before (a list starts at 1): it is a heading of the top level
			// whose 一、 went unnumbered or came before the items
			level = 0
			levels[key] = level
		case !seen:
			level = len(stack)
			levels[key] = level
		}
		level = min(level, len(stack))
		stack = stack[:level]
		n.level = level
		if leaderHead && leaderLevel < 0 {
			leaderLevel = level
		}
		if level > 0 {
			n.parent = stack[level-1]
			n.parent.children = append(n.parent.children, n)
		} else {
			o.roots = append(o.roots, n)
		}
		stack = append(stack, n)
		cur = n
	}
	return o
}

// closingNoteRe opens a note on a line of its own: 说明：, 注：, 附注：
// (备注： may be an item's key).
var closingNoteRe = regexp.MustCompile(`^[\s\x{3000}]*(?:说\s*明|注|附\s*注)\s*[:\x{FF1A}]`)

// closingHeadingRe is an unnumbered heading of the requirements that close
// a notice after its items (有关要求, 工作要求, 保障措施, 其他事项).
var closingHeadingRe = regexp.MustCompile(`^(?:\p{Han}{0,4}(?:要求|措施|保障|事项说明|其他事项|其它事项|有关事项|相关事项)|附\s*则)\s*[:\x{FF1A}]?$`)

// namesWhoLeads: the node before is a heading naming who leads what
// stands under it (一、李德胜副县长分管工作, 区教育局牵头：), with nothing of
// its own below it yet: items numbered as in the report (3. 5. 6.) stand
// under it, though their kind starts past 1.
func namesWhoLeads(cur *node) bool {
	if cur == nil || len(cur.children) > 0 || len(cur.paras) != 1 || len(cur.keys) > 0 || cur.paras[0].clause != nil && !cur.paras[0].clause.onlyCoLeaders() {
		return false
	}
	return cur.kind == numNamed || leaderHeading(cur.paras[0].text)
}

// leaderHeading: a short line that names who leads what stands under it
// (郑海波副县长主抓重点工作, 吴慧敏同志分管) and assigns nothing itself.
func leaderHeading(text string) bool {
	if _, c := trailingClause(text); c != nil && !c.onlyCoLeaders() {
		return false
	}
	c, ok := headingClause(text)
	return ok && len(c.leaders) > 0
}

// unnumberedLeaderHeading: a line without a number that names the leader
// of what follows, as a heading does (副区长　周海峰　牵头负责（4项）, 常务副县长
// 林佳明 分管, 董明远同志牵头负责事项): short, no sentence outside its
// brackets, not the notice's own title.
func unnumberedLeaderHeading(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(trimBanner(text)), ":\uFF1A") // 副区长 周海峰 牵头负责：
	if utf8.RuneCountInString(t) > 40 || strings.HasPrefix(t, "关于") || noticeTitleEnd.MatchString(t) ||
		strings.ContainsAny(bracketed.ReplaceAllString(t, ""), "。；;，,：:") {
		return false
	}
	return leaderHeading(t)
}

// leaderGroupLines are the lines of a leader's key and name alone
// (分管领导：龚䶮（党工委书记）) each over items numbered from 1 again: the
// heads of groups, so at least two of them. One such line names the
// leader of the whole notice (责任领导：副县长 沈冰 above 一、).
func leaderGroupLines(blocks []block) map[int]bool {
	at := map[int]bool{}
	for i, b := range blocks {
		if b.row || utf8.RuneCountInString(b.text) > 60 {
			continue
		}
		if _, ok := leaderGroupRow(b.text); !ok {
			continue
		}
		for _, n := range blocks[i+1:] {
			t := strings.TrimSpace(n.text)
			if t == "" {
				continue
			}
			if mk, _, ok := parseMarker(t); ok && mk.number == 1 {
				at[i] = true
			}
			break
		}
	}
	if len(at) < 2 {
		return nil
	}
	return at
}

// noticeTitleEnd ends a notice's title or a list's name, never a heading
// over items.
var noticeTitleEnd = regexp.MustCompile(`(?:通知|方案|清单|意见|决定|办法|安排|分工表|责任表|一览表|台账|报告|的函)$`)

// dropTextLabel removes the label of a line that goes on with an item's
// text as a field of its own: a 民生实事 item written as a block of keyed
// lines (（一）城区学校扩容。/ 建设内容：新建… / 牵头单位：…) names its body
// 建设内容 as a table would name the column, and the label is no more the
// task's text than a column's name is. Only labels that name a task's text
// (classifyHeader: 建设内容, 主要内容, 工作任务 …) are removed, and only
// when text follows them.
func dropTextLabel(text string) string {
	m := keyRe.FindStringSubmatchIndex(text)
	if m == nil || m[0] != 0 || classifyHeader(text[m[2]:m[3]]) != colText {
		return text
	}
	if rest := strings.TrimLeft(text[m[1]:], " \t\u3000"); rest != "" {
		return rest
	}
	return text
}

// joinLast goes on with the node's last paragraph: the line (raw, as
// written) joins it, its text after the paragraph's.
func (n *node) joinLast(line int, raw, text string) {
	last := n.paras[len(n.paras)-1]
	last.lines = append(last.lines, srcLine{line, raw})
	last.set(last.text + text)
}

// openBracket: the node's last paragraph ends inside a bracket (an
// assignment wrapped mid-name: …（责任领导：王海涛；牵头单位：镇村镇建设服务中 /
// 心；配合单位：…）): the next line goes on with it, whatever it holds.
func (n *node) openBracket() bool {
	if len(n.paras) == 0 {
		return false
	}
	t := n.paras[len(n.paras)-1].text
	return depthAt(t, len(t)) > 0
}

// problemLabelRe labels the problem an item of a rectification list opens
// with (审计发现问题：, 巡察反馈问题：, 存在问题：, 问题描述：), before the
// measure that is its task (整改任务：, 整改措施：).
var problemLabelRe = regexp.MustCompile(`^\p{Han}{0,8}问题(?:描述|表现|清单)?\s*[:\x{FF1A}]`)

// bracketedOpenerRe is a block's number alone on its line in brackets
// (【第1项】, 【督办事项第1项】, 〔任务3〕, [事项5]).
var bracketedOpenerRe = regexp.MustCompile(`^\s*[【〔\[［]\s*((?:(?:\p{Han}{0,4}?(?:任务|事项|项目|实事))?第\s*[0-9一二三四五六七八九十]{1,4}\s*[项条件])|(?:任务|事项)\s*[0-9一二三四五六七八九十]{1,4})\s*[】〕\]］]\s*(\p{Han}[^【】〔〕]{0,40})?$`)

// dashedPageRe is a page's number as a printed notice writes it (— 1 —,
// -2-, 第3页): a bare 01 is an item's number, not the page's.
var dashedPageRe = regexp.MustCompile(`^[—－\-–]{1,2}\s*\d{1,3}\s*[—－\-–]{1,2}$|^第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?$`)

// lastKeyLine is the node's last key line when it is also the last line
// of its last paragraph (no text has followed it), with that paragraph.
func lastKeyLine(cur *node) (key string, last *para, ok bool) {
	if len(cur.keys) == 0 || len(cur.paras) == 0 {
		return "", nil, false
	}
	last, key = cur.paras[len(cur.paras)-1], cur.keys[len(cur.keys)-1]
	if len(last.lines) == 0 || last.lines[len(last.lines)-1].text != key {
		return "", nil, false
	}
	return key, last, true
}

// keyLineCut: the node's last line is a key line whose unit list the
// page cut (it ends in 、 or ，, or inside a bracket).
func keyLineCut(cur *node) bool {
	key, _, ok := lastKeyLine(cur)
	key = strings.TrimRight(key, " \t\u3000")
	return ok && (strings.HasSuffix(key, "、") || strings.HasSuffix(key, "，") || depthAt(key, len(key)) > 0)
}

// finishesCutKey takes a short line that finishes the unit list of the key
// line above it, cut by the page's width or by a page break (责任站办：镇
// 农业综合服务中心（牵头）、各村（社 / 区）; …、镇农业 / 综合服务中心; …、镇林业
// 站、 / — 1 — / 各村（社区）): the key line's bracket left open and the line
// closing it, a list ending in 、 and the line units, or a last name no
// unit's that with the line's first is one. The line is joined as written.
func finishesCutKey(cur *node, line int, text string) bool {
	if len(cur.children) > 0 || utf8.RuneCountInString(text) > 24 {
		return false
	}
	key, last, ok := lastKeyLine(cur)
	if !ok || line-last.lines[len(last.lines)-1].line > 6 {
		return false
	}
	if isKeyLine(text) || strings.ContainsAny(text, "：:") {
		return false
	}
	if _, _, numbered := parseMarker(text); numbered {
		return false
	}
	keys := topKeys(key)
	if k := assignKind(keys[len(keys)-1].key); k != colUnits && k != colCoUnits {
		return false
	}
	key = strings.TrimRight(key, " \t\u3000")
	joined := key + text
	value := joined[keys[len(keys)-1].end:]
	switch {
	case depthAt(key, len(key)) > 0:
		// the bracket the line closes
		if depthAt(joined, len(joined)) > 0 || !bareUnits(value) {
			return false
		}
	case strings.HasSuffix(key, "、") || strings.HasSuffix(key, "，"):
		if !bareUnits(text) {
			return false
		}
	default:
		names := splitNames(key[keys[len(keys)-1].end:])
		if len(names) == 0 || isUnitName(names[len(names)-1]) || noneValue(names[len(names)-1]) || !bareUnits(value) {
			return false
		}
	}
	cur.keys[len(cur.keys)-1] = joined
	last.lines = append(last.lines, srcLine{line, text})
	return true
}

// continuesKey takes a line that goes on with the units of the key line
// right above it, the way a cell of two lines is copied (【协办单位】市大数据
// 中心 / 市司法局): nothing but units' names, between that key line and
// another one, so an issuer signing below the last item is never a unit.
func continuesKey(cur *node, line int, text string, next []block) bool {
	if len(cur.keys) == 0 || len(next) == 0 || next[0].row || next[0].line != line+1 || !isKeyLine(bracketKeys(cleanCell(next[0].text))) {
		return false
	}
	last := cur.paras[len(cur.paras)-1]
	if len(last.lines) == 0 || last.lines[len(last.lines)-1].line != line-1 || last.lines[len(last.lines)-1].text != cur.keys[len(cur.keys)-1] {
		return false
	}
	keys := topKeys(cur.keys[len(cur.keys)-1])
	if k := assignKind(keys[len(keys)-1].key); k != colUnits && k != colCoUnits || !bareUnits(text) {
		return false
	}
	cur.keys[len(cur.keys)-1] += "、" + text
	last.lines = append(last.lines, srcLine{line, text})
	return true
}

// joinsBracketLine takes a line that is nothing but keyed brackets
// (【承办单位：…】) right below a line the item's last paragraph ends with
// in keyed brackets (【县领导：张三】): the two lines are one assignment, as
// the brackets would be side by side on one line.
func joinsBracketLine(cur *node, line int, raw, text string, p *para) bool {
	if p.clause == nil || p.body != "" || len(cur.children) > 0 || !strings.HasPrefix(text, "【") {
		return false
	}
	last := cur.paras[len(cur.paras)-1]
	if last.clause == nil || len(last.lines) == 0 || last.lines[len(last.lines)-1].line != line-1 ||
		!strings.HasSuffix(strings.TrimRight(last.text, " \t\u3000"), "】") {
		return false
	}
	joined := &para{}
	joined.set(strings.TrimRight(last.text, " \t\u3000") + text)
	if joined.clause == nil || joined.body != last.body {
		return false
	}
	last.lines = append(last.lines, srcLine{line, raw})
	last.text, last.body, last.clause = joined.text, joined.body, joined.clause
	return true
}

// dashLeadRe is the dash that leads a line of keys: —— (U+2014, as GBK's
// A1AA decodes), ―― (U+2015, as a GB2312 table writes it), ──, －－, --.
var dashLeadRe = regexp.MustCompile(`^[—―─－\-]{1,4}[ \t\x{3000}]*`)

// dashKeyLine reads a line of keys led by a dash (——责任领导：…；牵头单位：…):
// the key line without its dash.
func dashKeyLine(text string) (string, bool) {
	loc := dashLeadRe.FindStringIndex(text)
	if loc == nil {
		return text, false
	}
	if rest := text[loc[1]:]; isKeyLine(rest) {
		return rest, true
	}
	return text, false
}

// loneBadgeLines finds the badges alone on their lines (a task card's 01
// printed above its sentence): two-digit numbers alone on a line, in a
// run that opens with 01 and goes on by one, at least two long, each with
// a line of text after it that is no key line, no row and no number. It
// maps the badge's block to the block of its sentence.
func loneBadgeLines(blocks []block) map[int]int {
	out := map[int]int{}
	next := 1
	for i, b := range blocks {
		if n, ok := badgeNumber(b.text); b.row || !ok || n != next {
			continue
		}
		j := i + 1
		for j < len(blocks) && !blocks[j].row && strings.TrimSpace(cleanCell(blocks[j].text)) == "" {
			j++
		}
		if j == len(blocks) || blocks[j].row {
			continue
		}
		s := strings.TrimSpace(cleanCell(blocks[j].text))
		if isKeyLine(s) || loneNumberRe.MatchString(foldDigits(s)) || utf8.RuneCountInString(s) < 6 {
			continue
		}
		out[i] = j
		next++
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// badgeNumber reads a card's badge alone on its line: a number of two
// digits (01), or a number after the card's label (任务卡 01, 任务卡03,
// No.3, NO. 12).
func badgeNumber(text string) (int, bool) {
	t := foldDigits(strings.TrimSpace(cleanCell(text)))
	if len(t) == 2 && loneNumberRe.MatchString(t) {
		return numeral(t), true
	}
	if m := badgeLabelRe.FindStringSubmatch(t); m != nil {
		return numeral(m[1]), true
	}
	return 0, false
}

// badgeLabelRe: a card's label and its number (任务卡 01, No.3).
var badgeLabelRe = regexp.MustCompile(`^(?:任务卡|事项卡|项目卡|督办卡|[Nn][Oo]\s*[.．])\s*(\d{1,2})$`)

// loneNumberRe is a number of two digits alone on its line (01, 02 …), and
// loneTitleRe a short title alone in 【】 on the line after it.
var (
	loneNumberRe = regexp.MustCompile(`^(\d{1,2})$`)
	loneTitleRe  = regexp.MustCompile(`^[【\[]([^【】\[\]]{1,40})[】\]](.*)$`)
)

// loneNumber reads an article's item opened by its number alone (01) over
// its short title in brackets (【扩大有效投资】): n is the number, title the
// title without its brackets, at the index in next of the title's line.
// A number alone without such a title is a table's cell, not an item.
func loneNumber(text string, next []block) (n int, title string, at int, ok bool) {
	m := loneNumberRe.FindStringSubmatch(foldDigits(strings.TrimSpace(text)))
	if m == nil {
		return 0, "", 0, false
	}
	for i, b := range next {
		t := cleanCell(b.text)
		if t == "" && !b.row {
			continue
		}
		tm := loneTitleRe.FindStringSubmatch(t)
		if b.row || tm == nil || bracketKeys(t) != t || isKeyLine(strings.TrimSpace(tm[1])) {
			return 0, "", 0, false // 【牵头单位】…, a key, is no title
		}
		// 【扩大有效投资】全年完成…: the body may follow on the title's line
		return numeral(m[1]), strings.TrimSpace(tm[1]) + strings.TrimSpace(tm[2]), i, true
	}
	return 0, "", 0, false
}

// recordMetaLine: a line of a record's metadata (事项编号：YHDB-2024-0037,
// 事项来源：区政府第12次常务会议, 办理状态：办理中): its key is a record's
// (recordMetaName) and it has a value.
func recordMetaLine(text string) bool {
	m := keyRe.FindStringSubmatchIndex(text)
	return m != nil && m[0] == 0 && recordMetaName(text[m[2]:m[3]]) && strings.TrimSpace(text[m[1]:]) != ""
}

// rowMeta reads a row of a form giving a record's metadata (事项编号 |
// YHDB-2024-0037, or two pairs: 事项来源 | 常务会议 | 办理状态 | 办理中) as a
// line of it.
func rowMeta(cells []string) (string, bool) {
	var parts []string
	// a value merged across columns (批示内容 | X | X | X) is one value
	cells = mergedValues(cells)
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) < 2 || len(cells)%2 == 1 || len(cells) > 8 {
		return "", false
	}
	for i := 0; i < len(cells); i += 2 {
		k, v := strings.TrimRight(compact(cells[i]), ":\uFF1A"), strings.TrimSpace(cleanCell(cells[i+1]))
		if !recordMetaName(k) || utf8.RuneCountInString(k) > 8 || v == "" {
			return "", false
		}
		parts = append(parts, k+"："+v)
	}
	return strings.Join(parts, "；"), true
}

// rowMetaKeys reads a row of a form that mixes a record's metadata with
// keys of the task (督办编号 | 锦督〔2025〕3-01 | 办结时限 | 2025年12月底前):
// the metadata as rowMeta gives it and the keys as rowKeys does. Every
// pair is one or the other, and there is metadata.
func rowMetaKeys(cells []string) (meta, keys string, ok bool) {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) >= 2 {
		cells = innerPairs(cells)
	}
	if len(cells) < 4 || len(cells)%2 == 1 || len(cells) > 8 {
		return "", "", false
	}
	var ms, ks []string
	for i := 0; i < len(cells); i += 2 {
		pair := cells[i : i+2]
		if m, isMeta := rowMeta(pair); isMeta {
			ms = append(ms, m)
		} else if k, isKey := rowKeys(pair); isKey {
			ks = append(ks, k)
		} else {
			return "", "", false
		}
	}
	if len(ms) == 0 || len(ks) == 0 {
		return "", "", false
	}
	return strings.Join(ms, "；"), strings.Join(ks, "；"), true
}

// innerPairKeyRe is a key of a task's field standing between spaces inside
// a value (锦督〔2025〕3-05 办结时限 2025年12月底前).
var innerPairKeyRe = regexp.MustCompile(`[ \x{3000}]+(\p{Han}{2,6})[ \x{3000}]+`)

// innerPairs reads a form's row whose value ran over the cells after it
// (a card continued onto the next page keeps the first card's columns:
// 督办编号 | 锦督〔2025〕3-05 办结时限 2025年12月底前, repeated over the
// merged cells) as the two pairs it was: the key, the value up to the key
// of a task's field inside it, that key, and the rest.
func innerPairs(cells []string) []string {
	value := cells[1]
	for _, c := range cells[2:] {
		if c != value {
			return cells
		}
	}
	m := innerPairKeyRe.FindStringSubmatchIndex(value)
	if m == nil {
		return cells
	}
	key := value[m[2]:m[3]]
	switch classifyHeader(key) {
	case colDeadline, colLeaders, colUnits, colCoUnits:
	default:
		return cells
	}
	if !knownKeyName(key) || strings.TrimSpace(value[m[1]:]) == "" {
		return cells
	}
	return []string{cells[0], strings.TrimSpace(value[:m[0]]), key, strings.TrimSpace(value[m[1]:])}
}

// metaLineOf takes a line of a record's metadata for the current node.
func metaLineOf(cur *node, line int, text string) bool {
	if !recordMetaLine(text) {
		return false
	}
	keys := topKeys(text)
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		if kind := assignKind(k.key); kind == colLeaders || kind == colUnits || kind == colCoUnits {
			// 提案号：第113号　提案者：X　会办单位：Y: the record's
			// metadata, then keys of its assignment on the same line
			cur.meta = append(cur.meta, strings.TrimSpace(text[:k.start]))
			return keyLineOf(cur, line, text[k.start:])
		}
	}
	cur.meta = append(cur.meta, text)
	return true
}

// opensRecord: a line numbering a record of an office system's export
// (事项编号：YHDB-2024-0037) opens the next record: the first (key lines
// follow it before any numbered item), or one after a record it opened
// that has its assignment.
func opensRecord(cur *node, text string, next []block) bool {
	m := keyRe.FindStringSubmatchIndex(text)
	if m == nil || m[0] != 0 || !strings.HasSuffix(text[m[2]:m[3]], "编号") || !recordMetaLine(text) {
		return false
	}
	if cur != nil {
		return cur.record && hasOwnAssignment(cur)
	}
	for i, b := range next {
		if i == 12 {
			break
		}
		t := spacedKey(bracketKeys(cleanCell(b.text)))
		if _, _, numbered := parseMarker(t); numbered {
			return false
		}
		if isKeyLine(t) {
			return true
		}
	}
	return false
}

// opensFormRecord: a row numbering a form (督办编号 | JT-DB-2025-003,
// mt its line of metadata) opens the next form when rows of keys follow it
// before any other numbering row, and the form before (if any) was opened
// so and has its assignment.
func opensFormRecord(cur *node, mt string, next []block) bool {
	if formCode(mt) == "" {
		return false
	}
	if cur != nil && !(cur.record && hasOwnAssignment(cur)) && !(seqCode(formCode(mt)) && sectionOnly(cur)) {
		return false
	}
	for i, b := range next {
		if i == 12 || !b.row && i > 0 {
			break
		}
		if !b.row {
			continue
		}
		if _, ok := rowKeys(b.cells); ok {
			return true
		}
		if _, meta := rowMeta(b.cells); !meta {
			break
		}
	}
	return false
}

// seqCode: a form's code is its 序号 (指标序号：指标1), not an office's
// number (督办编号).
func seqCode(code string) bool {
	k, _, _ := strings.Cut(code, "：")
	return strings.HasSuffix(k, "序号")
}

// sectionOnly: the node is a heading that assigns nothing and holds
// nothing yet (一、高质量发展类（45分）), which forms numbered by their
// 序号 stand under.
func sectionOnly(n *node) bool {
	return !n.record && len(n.paras) == 1 && len(n.children) == 0 && !hasOwnAssignment(n) && titleLike(n.paras[0].text)
}

// dropFormCaption drops from the lines above the first form its caption
// (督 办 单, 区政府督办事项交办单: a short line ending in 单 or 卡, as every
// form of the batch repeats it), which is the form's name and not the
// document's title.
func dropFormCaption(head []block) []block {
	for i := len(head) - 1; i >= 0; i-- {
		t := compactAll(cleanCell(head[i].text))
		if t == "" && !head[i].row {
			continue
		}
		if !head[i].row && utf8.RuneCountInString(t) <= 12 && (strings.HasSuffix(t, "单") || strings.HasSuffix(t, "卡")) {
			return slices.Delete(slices.Clone(head), i, i+1)
		}
		break
	}
	return head
}

// codeNumberRe is the number a form's code ends in: JT-DB-2025-003,
// 东督〔2024〕No.2, 第3号 (one to three digits after a non-digit).
var codeNumberRe = regexp.MustCompile(`(?:^|\D)(\d{1,3})\s*号?\s*$`)

// formCode is the pair of a line of a form's metadata that gives its code
// (督办编号：JT-DB-2025-003, alone or beside another pair: 交办日期：3月5日；
// 督办编号：No.2), "" when none does.
func formCode(mt string) string {
	for _, part := range strings.Split(mt, "；") {
		if m := keyRe.FindStringSubmatchIndex(part); m != nil && m[0] == 0 && (strings.HasSuffix(part[m[2]:m[3]], "编号") || strings.HasSuffix(part[m[2]:m[3]], "序号")) {
			return part
		}
	}
	return ""
}

// seqRow reads the row opening a table of keys that numbers it (指标序号 |
// 指标1, 事项序号 | 3) as a line of its metadata: a key ending in 序号 and
// a value ending in a number.
func seqRow(cells []string) (string, bool) {
	cells = mergedValues(cells)
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) != 2 {
		return "", false
	}
	k, v := strings.TrimRight(compact(cells[0]), ":\uFF1A"), strings.TrimSpace(cleanCell(cells[1]))
	if !strings.HasSuffix(k, "序号") || utf8.RuneCountInString(k) > 8 || !codeNumberRe.MatchString(v) || utf8.RuneCountInString(v) > 20 {
		return "", false
	}
	return k + "：" + v, true
}

// codeNumber is the number a line of a form's code (督办编号：JT-DB-2025-003)
// ends in, 0 when it ends in none.
func codeNumber(line string) int {
	m := codeNumberRe.FindStringSubmatch(formCode(line))
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// keyLineOf takes a line of keys for the current node; false when the line
// is not one.
func keyLineOf(cur *node, line int, text string) bool {
	if !isKeyLine(text) {
		return false
	}
	cur.keys = append(cur.keys, text)
	last := cur.paras[len(cur.paras)-1]
	last.lines = append(last.lines, srcLine{line, text})
	return true
}

// closingLabelLine: a line opened by the label of the notice's closing
// requirements and going on with them (有关要求：各责任股室要…).
func closingLabelLine(text string) bool {
	t := strings.TrimSpace(text)
	m := keyRe.FindStringSubmatchIndex(t)
	// with its requirements after it on the line; 办理要求： alone heads
	// the points below it (closingHeadingRe)
	return m != nil && m[0] == 0 && closingRequirementsRe.MatchString(t[m[2]:m[3]]) && strings.TrimSpace(t[m[1]:]) != ""
}

// recordField: a field of a record whose opening line has no text of its
// own (第1件 / 案件编号：… / 信访人：赵某某 / 基本情况：反映… / 化解任务：…):
// a field that is neither the task's text (化解任务, 建设内容) nor a key of
// its assignment is the record's, kept aside, never joined to its text.
func recordField(cur *node, text string, labelled bool) bool {
	if labelled || len(cur.paras) != 1 || len(cur.children) > 0 || strings.TrimSpace(cur.paras[0].text) != "" || hasOwnAssignment(cur) ||
		isContact(text) || closingNoteRe.MatchString(text) {
		// (the fields come before the keys of its assignment; a contact
		// or a note after them is the notice's)
		return false
	}
	m := keyRe.FindStringSubmatchIndex(text)
	if m == nil || m[0] != 0 || strings.TrimSpace(text[m[1]:]) == "" || utf8.RuneCountInString(text[m[2]:m[3]]) > 6 {
		return false
	}
	key := text[m[2]:m[3]]
	if classifyHeader(key) != colExtra || assignKind(key) != colExtra || clauseKeys[key] || handlingNames[key] || slices.Contains(instructionKeys, key) {
		return false
	}
	cur.meta = append(cur.meta, text)
	return true
}

// handlingBody: an item opened by a line naming what the record is about
// (1．批示件：《关于城南片区雨污管网混接情况的报告》（县住建局呈报）) whose
// next line says what is to be done (督办要求：立即组织排查…): that is the
// item's text, the line that opened it the record's metadata.
func handlingBody(cur *node, line int, raw, text string) bool {
	if len(cur.paras) != 1 || len(cur.children) > 0 || cur.paras[0].clause != nil {
		return false
	}
	m := keyRe.FindStringSubmatchIndex(text)
	if m == nil || m[0] != 0 {
		return false
	}
	if key := text[m[2]:m[3]]; !handlingNames[key] && !slices.Contains(instructionKeys, key) {
		return false
	}
	value := strings.TrimSpace(text[m[1]:])
	p := cur.paras[0]
	if value == "" || !recordMetaLine(p.text) {
		return false
	}
	cur.meta = append(cur.meta, p.text)
	// the requirement as written, a unit it names to lead (请县住建局牵头，…)
	// no assignment: the keys below give that
	p.text, p.body, p.clause, p.lead, p.before = value, value, nil, false, false
	p.lines = append(p.lines, srcLine{line, raw})
	return true
}

// bracketKeys writes a line of keys in brackets (【事项内容】…, 【督办领导】…,
// 【承办单位】…, several on one line: 【牵头单位】A【配合单位】B) as the keys
// with colons that the outline reads, so a bracketed key is a key line as
// 牵头单位：… is. Only a key's known name in the bracket counts (a field
// of a task or its assignment: classifyHeader, or a note kept aside such
// as 备注 or 督办单位); 【区商务局】推进… (a unit), 【事项三】 (a block's
// number) and 【牵头单位:X】【配合单位:Y】 (an assignment with its colons)
// are left as written. A bracketed name that is not an assignment's key
// (【工作要求】) needs a value after it to be a key.
func bracketKeys(text string) string {
	if !strings.HasPrefix(text, "【") {
		return text
	}
	var b strings.Builder
	rest := text
	for first := true; ; first = false {
		key, value, ok := bracketKey(rest)
		if !ok {
			if first {
				return text
			}
			b.WriteString(rest)
			return b.String()
		}
		if !first {
			b.WriteString("；")
		}
		b.WriteString(key)
		b.WriteString("：")
		// the value runs to the next bracketed key on the line
		next := len(value)
		for i := strings.Index(value, "【"); i >= 0; {
			if _, _, ok := bracketKey(value[i:]); ok {
				next = i
				break
			}
			j := strings.Index(value[i+len("【"):], "【")
			if j < 0 {
				break
			}
			i += len("【") + j
		}
		v := strings.TrimSpace(value[:next])
		if v == "" && assignKind(key) == colExtra && next == len(value) {
			return text // 【工作要求】 alone: a heading, not a key
		}
		b.WriteString(v)
		if next == len(value) {
			return b.String()
		}
		rest = value[next:]
	}
}

// bracketKey reads 【KEY】 at the start of s: KEY a key's known name (two to
// eight characters, no colon) and what follows it.
func bracketKey(s string) (key, value string, ok bool) {
	inner, after, found := strings.Cut(strings.TrimPrefix(s, "【"), "】")
	if !found || !strings.HasPrefix(s, "【") {
		return "", "", false
	}
	key = compact(inner) // 【承办 单位】 as 【承办单位】
	if n := utf8.RuneCountInString(key); n < 2 || n > 8 || !keyRe.MatchString(key+"：") || keyRe.FindString(key+"：") != key+"：" {
		return "", "", false
	}
	if classifyHeader(key) == colExtra && !isSupervisorName(key) && !isProgressName(key) && !recordMetaName(key) || !knownKeyName(key) {
		return "", "", false
	}
	return key, strings.TrimLeft(after, " \t\u3000:\uFF1A"), true
}

// bracketNumberEnd: a bracket naming a numbered block (【事项三】), not a key.
var bracketNumberEnd = regexp.MustCompile(`[一二三四五六七八九十百零〇两\d]$`)

// columnName: a name listed for a column (牵头单位, 工作任务, 序号).
func columnName(name string) bool {
	if weakTextNames[name] {
		return true
	}
	for _, c := range columnNames {
		if slices.Contains(c.names, name) {
			return true
		}
	}
	return false
}

// knownKeyName: a bracket's name is a key's, not a unit's (【市场监管部门】
// heads a unit's part of the text) nor a block's number. Names listed as
// columns are keys (市领导 too); any other must not start with a place's
// level nor be a body's name.
func knownKeyName(key string) bool {
	if bracketNumberEnd.MatchString(key) {
		return false
	}
	if columnName(key) {
		return true
	}
	if roleKeyRe.MatchString(key) {
		return true // 牵头科室, 协办股室: a role, though 科室 ends a body's name
	}
	r, _ := utf8.DecodeRuneInString(key)
	return !strings.ContainsRune("省市州区县旗镇乡街村", r) && !isBodyName(key)
}

// roleKeyRe is a key naming a role and the kind of body that fills it
// (牵头科室, 协办股室, 责任站所).
var roleKeyRe = regexp.MustCompile(`^(?:牵头|配合|协办|协同|主办|承办|责任|主责|协责|参与)(?:科室|股室|处室|站所|单位|部门|科|股|处|室|站|所)$`)

// spacedKeyRe is a key apart from its value by a tab or wide space, as a
// two-column table of keys and values is copied: 承办单位	市城管局.
var spacedKeyRe = regexp.MustCompile(`^(\p{Han}{2,8})(?:\t|\x{3000}|  )[\s\x{3000}]*(\S)`)

// spacedKey writes a key apart from its value by a tab or a wide space
// (承办单位	市城管局, 事项内容　　开展…) as the key with a colon, when the key
// is an assignment's or names a task's text (classifyHeader), not a
// column name kept aside: a line that only starts with such a word
// followed by a space is otherwise text.
func spacedKey(text string) string {
	text = compactKey(text)
	m := spacedKeyRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text
	}
	key := text[m[2]:m[3]]
	switch classifyHeader(key) {
	case colLeaders, colUnits, colCoUnits, colDeadline, colText:
	default:
		if !recordMetaName(key) {
			return text // 事项编号	YHDB-…, a record's metadata, is a key too
		}
	}
	if !knownKeyName(key) {
		return text
	}
	return key + "：" + text[m[4]:]
}

// letterSpacedKeyRe is a key at a line's start whose characters are spaced
// out to the width of a longer one (牵　头：, 领　导：, 责 任 单 位：).
var letterSpacedKeyRe = regexp.MustCompile(`^[ \t\x{3000}]*(\p{Han}(?:[ \x{3000}]+\p{Han}){1,5})[ \x{3000}]*[:\x{FF1A}]`)

// compactKey writes a letter-spaced key as the key it is (牵头：), when it
// names a task's field; other text is left as written.
func compactKey(text string) string {
	if !strings.ContainsAny(text, ":：") {
		return text // every line is asked: spare the pattern
	}
	m := letterSpacedKeyRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text
	}
	key := strings.NewReplacer(" ", "", "\u3000", "").Replace(text[m[2]:m[3]])
	if assignKind(key) == colExtra && classifyHeader(key) != colText {
		return text
	}
	return text[:m[2]] + key + text[m[3]:]
}

// keyQualifierRe is what a form's key adds in brackets after its name
// (主办部门（单位）, 协办部门（单位）): the key is the name before it.
var keyQualifierRe = regexp.MustCompile(`[(\x{FF08}]\p{Han}{1,4}[)\x{FF09}]$`)

// rowKeys reads a row of a form that gives a block's keys and values cell by
// cell (事项内容 | 开展… , 承办单位 | 市城管局, or two pairs on a row: 督办领导 |
// 孟庆和 | 办结时限 | 10月底) as a line of keys; ok is false unless every
// other cell, from the first, names a key (spacedKey's keys, in brackets
// or not) and some key names who or what.
func rowKeys(cells []string) (string, bool) {
	// a value merged across columns (督办事项 | X | X | X, gridSpan and
	// colspan expanded) is one value
	cells = stackedPairs(mergedValues(cells))
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	if n%2 == 1 && n < len(cells) {
		n++ // 协办单位 | (blank): the last key's value is empty
	}
	cells = cells[:n]
	if len(cells) < 2 || len(cells) > 8 {
		return "", false
	}
	var b strings.Builder
	valued := false
	for i := 0; i < len(cells); i += 2 {
		key := keyQualifierRe.ReplaceAllString(strings.TrimRight(strings.Trim(compact(cells[i]), "【】"), ":\uFF1A"), "")
		switch classifyHeader(key) {
		case colLeaders, colUnits, colCoUnits, colDeadline, colText:
		default:
			return "", false
		}
		if utf8.RuneCountInString(key) < 2 || utf8.RuneCountInString(key) > 8 || !knownKeyName(key) || !keyRe.MatchString(key+"：") {
			return "", false
		}
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(key + "：")
		if i+1 < len(cells) {
			v := strings.TrimSpace(cleanCell(cells[i+1]))
			if columnName(headerName(v)) {
				return "", false // 工作任务 | 牵头单位 | …: a table's header
			}
			b.WriteString(v)
			valued = valued || v != ""
		}
		// 协办单位 | (blank) names nobody but is a key; 工作任务 | (blank) is not
		valued = valued || assignKind(key) != colExtra
	}
	return b.String(), valued
}

// paddedNumberRe is a line opening with a two-digit number before its
// text, maybe apart by a space (01 新建…, 10推进…): an article's badge
// before a title; a measure word after it (10个, 12万) makes it a quantity.
var paddedNumberRe = regexp.MustCompile(`^([0-9]{2})[ \x{00A0}\x{3000}]*([^\x{4E2A}\x{5BB6}\x{9879}\x{4E07}\x{4EBF}\x{5143}\x{7C73}\x{4EBA}\x{6240}\x{6761}\x{5EA7}\x{53F0}\x{5957}\x{6237}\x{5904}\x{540D}\x{95F4}\x{6B21}\x{5E74}\x{6708}\x{65E5}\x{5428}\x{4EA9}\x{53EA}\x{8F86}\x{5F20}\x{500D}\P{Han}])`)

// badgeTitleRe is a card's label and number before its title on one line
// (No.1 人居环境整治提升, No.12推进…).
var badgeTitleRe = regexp.MustCompile(`^[Nn][Oo]\s*[.．]\s*([0-9]{1,2})[ \x{00A0}\x{3000}]*(\p{Han})`)

// bareKeyAbove: a line that is only a key's name (督办内容, 协办单位: a
// form printed without its borders, the key above or beside its value)
// with a line of text after it that is no key nor numbering of its own.
func bareKeyAbove(text string, next block) bool {
	key := compact(text)
	if n := utf8.RuneCountInString(key); n < 2 || n > 8 || strings.ContainsAny(key, ":\uFF1A") {
		return false
	}
	if _, _, numbered := parseMarker(key); numbered {
		return false // 二、组织领导: a heading
	}
	switch classifyHeader(key) {
	case colLeaders:
		// 责任市领导, 督办领导; not 组织领导 (a heading of its own)
		if !leaderKeyRoleRe.MatchString(key) {
			return false
		}
	case colUnits, colCoUnits, colDeadline:
	case colText:
		// 督办内容, 任务内容, 整改任务; never a heading (工作要求, 主要任务)
		if !strings.Contains(key, "内容") || closingHeadingRe.MatchString(key) {
			return false
		}
	default:
		return false
	}
	if !knownKeyName(key) || !keyRe.MatchString(key+"：") || next.row {
		return false
	}
	nt := strings.TrimSpace(cleanCell(next.text))
	if nt == "" || allKeyNames([]string{nt}) || isKeyLine(nt) {
		return false
	}
	_, _, numbered := parseMarker(nt)
	return !numbered
}

// trimBanner drops the mark a banner or a bulleted heading opens with
// (▶ 镇长 蔡明辉, ● 副镇长 毛雪琴, ◆【牵头】).
func trimBanner(s string) string {
	return strings.TrimLeft(s, "▶►▷●■◆◇★☆◎※▌▍ \t\u3000")
}

// leaderKeyRoleRe opens the key of a task's leader: a role (责任, 牵头,
// 督办 …) or a level (市领导, 县领导).
var leaderKeyRoleRe = regexp.MustCompile(`^(?:责任|牵头|分管|联系|包联|包保|包抓|督办|领衔|挂点|挂钩|主管|批示|交办|市|县|区|镇|乡|省)`)

// keyLineCells: a row whose every filled cell is a key line of its own
// (责任领导：X | 牵头单位：Y), as one line of keys.
func keyLineCells(cells []string) (string, bool) {
	var parts []string
	for _, c := range cells {
		if c = strings.TrimSpace(cleanCell(c)); c == "" {
			continue
		}
		if !isKeyLine(c) {
			return "", false
		}
		parts = append(parts, c)
	}
	return strings.Join(parts, "；"), len(parts) > 1
}

// onlyCell is a row's one filled cell, when it has one.
func onlyCell(cells []string) (string, bool) {
	one := ""
	for _, c := range cells {
		if c = strings.TrimSpace(cleanCell(c)); c == "" {
			continue
		}
		if one != "" && c != one {
			return "", false
		}
		one = c
	}
	return one, one != ""
}

// keyedOpener: a line that is a block's number alone (督办事项第3项, 任务五).
func keyedOpener(s string) bool {
	mk, rest, ok := parseMarker(s)
	return ok && mk.kind == numKeyed && strings.TrimSpace(rest) == ""
}

// stackedPairs parts a pair of cells that holds several keys, one a line,
// beside as many values (责任市领导\n主办单位\n协办单位 | 蒋宁（副市长）\n
// 市自然资源和规划局\n市农业农村局: a borderless form whose rows the page
// set close together) into a pair for each key.
func stackedPairs(cells []string) []string {
	var out []string
	split := false
	for i := 0; i < len(cells); i += 2 {
		if i+1 < len(cells) {
			keys, vals := strings.Split(strings.TrimSpace(cells[i]), "\n"), strings.Split(strings.TrimSpace(cells[i+1]), "\n")
			if len(keys) >= 2 && len(keys) == len(vals) && allKeyNames(keys) {
				for k := range keys {
					out = append(out, keys[k], vals[k])
				}
				split = true
				continue
			}
			out = append(out, cells[i], cells[i+1])
			continue
		}
		out = append(out, cells[i])
	}
	if !split {
		return cells
	}
	return out
}

// allKeyNames: every line names a field of a task (主办单位, 责任市领导).
func allKeyNames(lines []string) bool {
	for _, l := range lines {
		key := strings.TrimRight(compact(l), ":\uFF1A")
		if n := utf8.RuneCountInString(key); n < 2 || n > 8 || classifyHeader(key) == colExtra || !knownKeyName(key) {
			return false
		}
	}
	return true
}

// paddedNumberLines finds the lines that number items so: a run that
// opens with 01 and goes on by one (01, 02, … 10, 11), at least two long.
// A quantity at a line's start (10 家企业…) is never zero-padded, and one
// after 09 only counts inside such a run. It maps the block to its number.
func paddedNumberLines(blocks []block) map[int]int {
	var out map[int]int
	next := 1
	for i, b := range blocks {
		if b.row {
			continue
		}
		t := strings.TrimLeft(cleanCell(b.text), " \t\u3000")
		m := paddedNumberRe.FindStringSubmatch(t)
		if m == nil {
			if m = badgeTitleRe.FindStringSubmatch(t); m == nil {
				continue
			}
			if len(m[1]) == 1 {
				m[1] = "0" + m[1] // No.1 opens a run as 01 does
			}
		}
		n, _ := strconv.Atoi(m[1])
		if n != next || n == 1 && m[1] != "01" {
			continue
		}
		if out == nil {
			out = map[int]int{}
		}
		out[i] = n
		next++
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// mergedValues is a row's cells with a value merged across columns
// (督办事项 | X | X | X, gridSpan and colspan expanded) written once.
func mergedValues(cells []string) []string {
	return slices.CompactFunc(slices.Clone(cells), func(a, b string) bool { return a == b && strings.TrimSpace(a) != "" })
}
