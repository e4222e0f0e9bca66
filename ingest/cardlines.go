package ingest

// Card lines: task cards (任务卡, 督办通知单) copied as text, each card a run
// of lines that give a key and its value apart by spaces, with no colon:
//
//	督办编号 锦督〔2025〕3-01 办结时限 2025年12月底前
//	督办事项 持续推进城市燃气管道老化更新改造，…新增接入用户
//	66家以上，同步建立管网运行监测平台。
//	责任领导 孙卫东（副区长）
//	主办单位 区住房和城乡建设局
//	协办单位 区发展和改革局、区应急管理局
//
// A word and a space open many a sentence, so such a line is a key's only
// where the cards repeat a fixed set of keys: the same keys, in the same
// order, card after card. cardRows writes the lines as the rows of a form
// (督办编号 | … | 办结时限 | …), which the outline reads as it reads a DOCX's
// 督办单 tables (rowKeys, rowMetaKeys); a long value's wrapped line joins it.

import (
	"slices"
	"strings"
	"unicode/utf8"
)

const (
	// minCards: the fewest cards that show a repeated set of keys.
	minCards = 2
	// minCardKeys: the fewest keys a card gives (its text, a unit and one
	// more).
	minCardKeys = 3
	// maxWrapLines: the most lines a card's value wraps onto.
	maxWrapLines = 3
)

// cardKey reports whether a word is a card's key: a task's field
// (督办事项, 责任领导, 主办单位, 协办单位, 办结时限) or its record's metadata
// (督办编号), as a form's cell would name it.
func cardKey(w string) bool {
	if utf8.RuneCountInString(w) < 2 || utf8.RuneCountInString(w) > 8 || strings.ContainsAny(w, ":\uFF1A") {
		return false
	}
	if _, ok := rowMeta([]string{w, "x"}); ok {
		return true
	}
	_, ok := rowKeys([]string{w, "x"})
	return ok
}

// cardLineCells splits a line of a card into its cells: a key, its value,
// and again where a further key stands apart as a word of its own
// (督办编号 X 办结时限 Y). nil when the line does not open with a key and a
// value.
func cardLineCells(text string) []string {
	words := strings.Fields(strings.ReplaceAll(text, "\u3000", " "))
	if len(words) < 2 || !cardKey(words[0]) {
		return nil
	}
	var cells []string
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && !(cardKey(words[j]) && j > i+1) {
			j++
		}
		if j == i+1 {
			return nil // a key without its value
		}
		cells = append(cells, words[i], strings.Join(words[i+1:j], " "))
		i = j
	}
	return cells
}

// cardRowCells is a table's row of a card as key, value pairs (a value
// merged across the row written once), nil when the row is not one: a
// form's keys (rowKeys), its record's metadata (rowMeta) or both
// (rowMetaKeys).
func cardRowCells(cells []string) []string {
	_, keys := rowKeys(cells)
	_, meta := rowMeta(cells)
	_, _, both := rowMetaKeys(cells)
	if !keys && !meta && !both {
		return nil
	}
	cells = mergedValues(cells)
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells)%2 == 1 {
		cells = append(cells, "")
	}
	for i := 0; i < len(cells); i += 2 {
		cells[i] = strings.TrimRight(compact(cells[i]), ":\uFF1A")
	}
	return cells
}

// cardRows finds the cards among the blocks and writes each of their key
// lines as a row (a value's wrapped lines joined to it); ok is false when
// the lines do not repeat a set of keys card after card (no cards: the
// blocks as they were).
func cardRows(blocks []block) ([]block, bool) {
	type keyLine struct {
		at    int
		cells []string
		row   bool // a row of the file's own table (a DOCX's, a PDF's)
	}
	var lines []keyLine
	for i, b := range blocks {
		if b.row {
			if cells := cardRowCells(b.cells); cells != nil {
				lines = append(lines, keyLine{i, cells, true})
			}
			continue
		}
		if cells := cardLineCells(b.text); cells != nil {
			lines = append(lines, keyLine{i, cells, false})
		}
	}
	if len(lines) < minCards*minCardKeys {
		return blocks, false
	}
	// the cards: each opens with the first card's first key
	opener := lines[0].cells[0]
	var cards [][]keyLine
	for _, l := range lines {
		if l.cells[0] == opener {
			cards = append(cards, nil)
		}
		if len(cards) > 0 {
			cards[len(cards)-1] = append(cards[len(cards)-1], l)
		}
	}
	keysOf := func(card []keyLine) []string {
		var ks []string
		for _, l := range card {
			for k := 0; k < len(l.cells); k += 2 {
				ks = append(ks, l.cells[k])
			}
		}
		return ks
	}
	set := keysOf(cards[0])
	if len(cards) < minCards || len(set) < minCardKeys || !cardSetAssigns(set) {
		return blocks, false
	}
	for _, c := range cards[1:] {
		if !slices.Equal(keysOf(c), set) {
			return blocks, false
		}
	}
	// every key line of a card follows the one before it, but for the
	// lines a value wraps onto
	rows := map[int][]string{}
	joined := map[int]bool{}
	for _, c := range cards {
		for i, l := range c {
			rows[l.at] = l.cells
			if i+1 == len(c) {
				continue
			}
			wraps := 0
			for w := l.at + 1; w < c[i+1].at; w++ {
				t := strings.TrimSpace(blocks[w].text)
				switch {
				case blocks[w].row || l.row && t != "":
					// a table's rows are whole: nothing wraps
					return blocks, false
				case t == "" || pageNumberRe.MatchString(t):
					// a page break inside the card: its blank lines
					// and the page's number are no part of the value
				default:
					if wraps++; wraps > maxWrapLines {
						return blocks, false
					}
					rows[l.at][len(l.cells)-1] += t
				}
				joined[w] = true
			}
		}
	}
	// where no code numbers the cards (督办事项 … atop each), the first
	// row of each opens its task
	_, coded := rowMeta([]string{opener, "x"})
	opens := map[int]bool{}
	for _, c := range cards {
		opens[c[0].at] = !coded
	}
	out := make([]block, 0, len(blocks))
	for i, b := range blocks {
		if joined[i] {
			continue
		}
		if b.row {
			b.opens = opens[i] // the table's own row stays as it is
		} else if cells, ok := rows[i]; ok {
			b.cells, b.row, b.closed, b.opens = cells, true, true, opens[i]
			b.text = strings.Join(cells, " | ")
		}
		out = append(out, b)
	}
	return out, true
}

// cardSetAssigns reports whether a card's keys give its text and a lead
// unit: a card of a task, not a run of metadata.
func cardSetAssigns(keys []string) bool {
	text, unit := false, false
	for _, k := range keys {
		switch classifyHeader(k) {
		case colText:
			text = true
		case colUnits:
			unit = true
		}
	}
	return text && unit
}
