package ingest

// Stacked headers: a table printed with narrow columns (a web page printed
// to PDF) writes a header cell's characters one or two per line (牵 / 头 /
// 领 / 导), so its header comes as several short rows whose cells each hold
// a part of the names. They are one header: joined column by column before
// the readings look for it.

import (
	"strings"
	"unicode/utf8"
)

// maxStackedRows bounds the rows one header is stacked over.
const maxStackedRows = 8

// joinStackedHeaders replaces each run of short rows of the same width
// that together name a table's columns — better than any of them alone —
// by their cells joined column by column. A lone short line inside the run
// (a character drawn apart from its row) finishes the name it completes.
func joinStackedHeaders(blocks []block) []block {
	var out []block
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		if !b.row || len(b.cells) < 3 || !fragmentRow(b.cells) {
			out = append(out, b)
			continue
		}
		joined := append([]string(nil), b.cells...)
		best, bestEnd, bestCells := knownColumns(b.cells), i, b.cells
		var loose []string
		for j := i + 1; j < len(blocks) && j-i < maxStackedRows; j++ {
			n := blocks[j]
			if !n.row && utf8.RuneCountInString(strings.TrimSpace(n.text)) <= 2 && strings.TrimSpace(n.text) != "" {
				loose = append(loose, strings.TrimSpace(n.text))
				cells := completeNames(joined, loose)
				if k := knownColumns(cells); k > best && j > i+1 {
					best, bestEnd, bestCells = k, j, cells
				}
				continue
			}
			if !n.row || len(n.cells) != len(b.cells) || !fragmentRow(n.cells) && !headerRow(n.cells) {
				break
			}
			for k, c := range n.cells {
				joined[k] += strings.TrimSpace(c)
			}
			cells := completeNames(joined, loose)
			if k := knownColumns(cells); k > best {
				best, bestEnd, bestCells = k, j, cells
			}
		}
		if bestEnd == i {
			out = append(out, b)
			continue
		}
		if _, ok := parseHeader(bestCells); !ok {
			out = append(out, b)
			continue
		}
		hb := b
		hb.cells = bestCells
		hb.text = strings.Join(bestCells, " | ")
		out = append(out, hb)
		i = bestEnd
	}
	return out
}

// fragmentRow: a row of short header fragments (at most four characters a
// cell, no digits), some cell empty.
func fragmentRow(cells []string) bool {
	empty := false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			empty = true
			continue
		}
		if utf8.RuneCountInString(c) > 4 || strings.ContainsAny(c, "0123456789。，,") {
			return false
		}
	}
	return empty
}

// headerRow: a row whose filled cells all name columns.
func headerRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if classifyHeader(c) == colExtra {
			return false
		}
		n++
	}
	return n > 0
}

// completeNames finishes, with the loose characters, the names they
// complete (牵头领 + 导 = 牵头领导).
func completeNames(cells, loose []string) []string {
	out := append([]string(nil), cells...)
	for _, l := range loose {
		for k, c := range out {
			if c != "" && classifyHeader(c) == colExtra && classifyHeader(c+l) != colExtra {
				out[k] = c + l
				break
			}
		}
	}
	return out
}
