package ingest

// A table laid out with spaces: what `pdftotext -layout` and some copies out
// of Word leave, columns apart by runs of spaces, no '|' and no tab:
//
//	序号  项目名称        建设内容                      牵头单位    配合单位
//	1     新建公办幼儿园  新建、改扩建公办幼儿园12所    市教育局    市财政局、市自然资源局
//	2     校园食堂改造    完成中小学校食堂“明厨亮灶”改造  市教育局    市市场监管局
//	                      150所
//
// It is found by its header: a line whose parts, apart by two spaces or
// more, are a header (parseHeader). The header's parts fix where each column
// starts, counted in display columns (a Chinese character is two wide, as
// the layout was drawn). Every line after it is cut where two spaces or more
// part it, and each piece goes to the column it starts in. A line with
// nothing in the first column continues the row above it: a cell wrapped
// onto a second line (150所 under 改造, 人民政府 under 各区县（市）) is joined
// to its first line without a separator. The table ends at a line that fills
// only the first column and runs past it (a paragraph), and a page number
// inside it (— 3 —) is left as text.

import (
	"regexp"
	"strings"

	"golang.org/x/text/width"
)

// spacedGap parts the cells of a line laid out with spaces.
var spacedGap = regexp.MustCompile(`[ \x{3000}]{2,}`)

// piece is a run of a line's text between gaps, and the display column it
// starts at.
type piece struct {
	at   int
	text string
}

// spacedPieces cuts a line where two spaces or more part it.
func spacedPieces(line string) []piece {
	var out []piece
	prev := 0
	add := func(end int) {
		if t := strings.TrimSpace(line[prev:end]); t != "" {
			lead := len(line[prev:end]) - len(strings.TrimLeft(line[prev:end], " \u3000"))
			out = append(out, piece{at: displayWidth(line[:prev+lead]), text: t})
		}
	}
	for _, m := range spacedGap.FindAllStringIndex(line, -1) {
		add(m[0])
		prev = m[1]
	}
	add(len(line))
	return out
}

// displayWidth counts a Chinese (wide) character two columns, others one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// spacedRows finds a table laid out with spaces among a text's blocks. It
// returns the cells of each row by the index of the block it starts at, and
// the blocks that continue a row (joined into it).
func spacedRows(bs []Block) (rows map[int][]string, joined map[int]bool) {
	start, cols := -1, []int(nil)
	for i, b := range bs {
		if !spacedCandidate(b) {
			continue
		}
		ps := spacedPieces(b.Text)
		if len(ps) < 3 {
			continue
		}
		cells := make([]string, len(ps))
		for k, p := range ps {
			cells[k] = p.text
		}
		if _, ok := parseHeader(cells); ok {
			start = i
			for _, p := range ps {
				cols = append(cols, p.at)
			}
			rows = map[int][]string{i: cells}
			break
		}
	}
	if start < 0 {
		return nil, nil
	}
	joined = map[int]bool{}
	last := -1 // the row a continuation joins
	for i := start + 1; i < len(bs); i++ {
		b := bs[i]
		if !spacedCandidate(b) {
			break
		}
		if strings.TrimSpace(b.Text) == "" || pageNumberRe.MatchString(strings.TrimSpace(b.Text)) {
			continue
		}
		ps := spacedPieces(b.Text)
		if len(ps) == 1 && ps[0].at < cols[1] && ps[0].at+displayWidth(ps[0].text) > cols[1] {
			if isHeading(ps[0].text) && titleLike(ps[0].text) && spacedRowNext(bs, i+1) {
				// a section heading between rows (一、社会民生): the table
				// goes on under it; the heading stays a line of its own
				last = -1
				continue
			}
			break // a paragraph after the table
		}
		cells := make([]string, len(cols))
		for _, p := range ps {
			k := columnAt(cols, p.at)
			cells[k] += p.text
		}
		if cells[0] == "" && last >= 0 {
			for k, c := range cells {
				rows[last][k] += c
			}
			joined[i] = true
			continue
		}
		rows[i], last = cells, i
	}
	return rows, joined
}

// spacedCandidate: a text line, not a row of a real table, '|' or tabs.
func spacedCandidate(b Block) bool {
	return b.Cells == nil && !strings.ContainsAny(b.Text, "|\t")
}

// columnAt is the column a piece starting at display column at falls in:
// the last one that starts at or before it (one column of slack for a cell
// set a little to the left of its header).
func columnAt(cols []int, at int) int {
	k := 0
	for j, c := range cols {
		if c <= at+1 {
			k = j
		}
	}
	return k
}

// spacedRowNext reports whether the next line that is not blank, from
// bs[i], is laid out in three or more pieces (a row of the table).
func spacedRowNext(bs []Block, i int) bool {
	for ; i < len(bs); i++ {
		if !spacedCandidate(bs[i]) {
			return false
		}
		if strings.TrimSpace(bs[i].Text) != "" {
			return len(spacedPieces(bs[i].Text)) >= 3
		}
	}
	return false
}
