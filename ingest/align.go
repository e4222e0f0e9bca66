package ingest

// Row alignment: a row that has not one cell per column is placed under
// the header by what its cells hold, never shifted blindly. It happens when
// a table is copied out of a web page or a converted file: a cell merged
// over several rows appears only in the first of them, so the rows below
// are short by one cell (and a leader column would read the progress text
// 已进场施工); or one cell's two lines (two leaders) arrive as two cells.
//
// The cells keep their order. Each column takes a run of consecutive cells
// (maybe none), and the placement with the best score wins (dynamic
// programming over cells × columns): a number fits 序号, a person's name
// fits 牵头领导, names of units fit 牵头单位, a date fits 完成时限, a
// sentence fits the task's text. A column left without a cell between
// filled ones is a merged cell: it takes the value of the row above.

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// cellShape is what a cell holds, as far as alignment cares.
type cellShape int

const (
	shapeOther cellShape = iota
	shapeSeq
	shapePerson
	shapeUnits
	shapeDate
	shapeSentence
)

// codeSeqRe is an item's code: Latin letters, then digits (JJ-01, MS03,
// GX2025-03).
var codeSeqRe = regexp.MustCompile(`^[A-Z]{1,6}[-_－]?\d{1,6}(?:[-_－]\d{1,3})?$`)

var dateLikeRe = regexp.MustCompile(`^(?:(?:19|20)\d{2}\s*年)?.{0,12}(?:年|月|日|底|前|季度|半年|长期|持续|常态|全年)`)

// shapeOf tells what a cell holds.
func shapeOf(c string) cellShape {
	c = strings.TrimSpace(c)
	switch {
	case c == "":
		return shapeOther
	case c[0] >= '0' && c[0] <= '9' && seqCellRe.MatchString(c): // c is trimmed: a 序号 opens with its digit
		return shapeSeq
	case codeSeqRe.MatchString(c):
		// JJ-01, GX2025-03: an item's code where a 序号 would stand
		return shapeSeq
	case utf8.RuneCountInString(c) <= 16 && dateLikeRe.MatchString(c) && !strings.ContainsAny(c, "，,。;；"):
		return shapeDate
	}
	split := splitNames(c) // read both as leaders and as units
	if names := leadersOf(slices.Clone(split)); len(names) > 0 && len(names) <= 6 {
		person := true
		for _, n := range names {
			if !person {
				break
			}
			if committeeRe.MatchString(n) || titleOnlyRe.MatchString(n) {
				continue // 县委常委、常务副区长杨胜利
			}
			// a title in brackets after the name: 刘洋(副区长)
			person = isPersonName(n) || UnitGroup(n) != n && isPersonName(UnitGroup(n))
		}
		if person {
			return shapePerson
		}
	}
	// dropHeads keeps the first name: when it is no unit, the cell is none
	if names := split; len(names) > 0 && isUnitName(names[0]) {
		names = dropHeads(names)
		units := true
		for _, n := range names {
			units = units && isUnitName(n)
		}
		if units {
			return shapeUnits
		}
	}
	if utf8.RuneCountInString(c) >= 10 || strings.ContainsAny(c, "，,。;；") {
		return shapeSentence
	}
	return shapeOther
}

// fit scores a cell of a shape under a column of a kind.
func fit(col column, s cellShape) int {
	switch col {
	case colSeq:
		if s == shapeSeq {
			return 4
		}
		return -6
	case colText:
		switch s {
		case shapeSentence:
			return 3
		case shapeOther:
			return 1
		case shapeDate:
			return -1
		case shapeUnits:
			return -2
		}
		return -3
	case colLeaders:
		switch s {
		case shapePerson:
			return 4
		case shapeUnits, shapeSentence:
			return -4
		}
		return -2
	case colUnits, colCoUnits, colDuty:
		switch s {
		case shapeUnits:
			return 4
		case shapeSentence:
			return -3
		}
		return -2
	case colDeadline:
		switch s {
		case shapeDate:
			return 4
		case shapeSentence:
			return -2
		}
		return -1
	}
	switch s {
	case shapeSeq:
		return -2
	case shapeSentence:
		return 1
	}
	return 0
}

// emptyCost is what leaving a column without a cell costs.
func emptyCost(col column) int {
	switch col {
	case colText:
		return 6
	case colSeq, colLeaders, colUnits:
		return 1
	}
	return 0
}

// joinCells joins the cells one column takes: text goes on, names are
// listed one per line.
func joinCells(col column, cells []string) string {
	switch col {
	case colLeaders, colUnits, colCoUnits, colDuty:
		return strings.Join(cells, "\n")
	}
	return strings.Join(cells, "")
}

// positionalScore is how well cells fit the columns they stand under.
func positionalScore(h *header, cells []string) int {
	score := 0
	for j, col := range h.cols {
		if j >= len(cells) || strings.TrimSpace(cells[j]) == "" {
			score -= emptyCost(col)
			continue
		}
		score += fit(fitColumn(h, j), shapeOf(cells[j]))
	}
	return score
}

// personsColRe names a column of persons that are no task's leaders: who
// proposed it (领衔代表, 第一提案人), who to call (联系人, 联络员).
var personsColRe = regexp.MustCompile(`(?:代表|提案人|提议人|联系人|联络员|经办人|填报人|姓名)$`)

// fitColumn is the column j's kind as a cell's shape fits it: a column of
// persons kept in extra takes a person's name as a leader's column does,
// so no placement moves the name into the leaders beside it.
func fitColumn(h *header, j int) column {
	if h.cols[j] == colExtra && j < len(h.names) && personsColRe.MatchString(headerName(h.names[j])) {
		return colLeaders
	}
	return h.cols[j]
}

// alignRow places cells under the header's columns by what they hold. It
// returns one value per column, the columns that a merged cell left
// without one between filled columns (gaps), and the placement's score.
func alignRow(h *header, cells []string) (out []string, gaps []int, score int) {
	n, m := len(cells), len(h.cols)
	shapes := make([]cellShape, n)
	for i, c := range cells {
		shapes[i] = shapeOf(c)
	}
	const none = -1 << 30
	// best[j][i]: the best score of the first j columns taking the first i
	// cells; from[j][i]: where column j-1's run of cells starts.
	best := make([][]int, m+1)
	from := make([][]int, m+1)
	for j := range best {
		best[j] = make([]int, n+1)
		from[j] = make([]int, n+1)
		for i := range best[j] {
			best[j][i] = none
		}
	}
	best[0][0] = 0
	for j := 1; j <= m; j++ {
		col := fitColumn(h, j-1)
		for i := 0; i <= n; i++ {
			for k := i; k >= 0; k-- {
				if best[j-1][k] == none {
					continue
				}
				score := best[j-1][k]
				if k == i {
					score -= emptyCost(col)
				}
				for x := k; x < i; x++ {
					score += fit(col, shapes[x])
					switch {
					case x == k:
					case col == colText || col == colLeaders || col == colUnits || col == colCoUnits:
						score-- // text and names may go on over cells
					default:
						score -= 3
					}
				}
				if score > best[j][i] {
					best[j][i], from[j][i] = score, k
				}
			}
		}
	}
	score = best[m][n]
	out = make([]string, m)
	taken := make([]bool, m)
	for j, i := m, n; j > 0; j-- {
		k := from[j][i]
		if k < i {
			out[j-1] = joinCells(h.cols[j-1], cells[k:i])
			taken[j-1] = true
		}
		i = k
	}
	last := -1
	for j := range taken {
		if taken[j] {
			last = j
		}
	}
	for j := 0; j < last; j++ {
		if !taken[j] && (j == 0 || anyTaken(taken[:j])) {
			gaps = append(gaps, j)
		}
	}
	return out, gaps, score
}

func anyTaken(t []bool) bool {
	for _, x := range t {
		if x {
			return true
		}
	}
	return false
}
