package source

// Boxes side by side (positioned.go, stage 1): a page that sets small
// bordered boxes two (or more) abreast — task cards printed from a web page
// whose grid or floats put them side by side — has lines of glyphs at the
// same height in each box. Read in y order they would be interleaved line
// by line, the left card's 工作内容 joined to the right card's. Each such
// box is a region of its own: its glyphs make lines of their own, read box
// by box (a row of boxes left to right, each top to bottom), and no table
// or paragraph runs from one box into another.

import (
	"cmp"
	"math"
	"slices"
)

const (
	// maxBoxRules: a page drawing more rules than this is not searched
	// for boxes (each rule is compared with the others).
	maxBoxRules = 1500
	// boxTouch: rules this close (points) are one drawing: a cell's
	// borders meet at its corners, a box's at its own.
	boxTouch = 2.0
	// minBoxSide: a box narrower or lower than this (points) is a
	// stray rule, an underline, not a box.
	minBoxSide = 12.0
)

// box is a rectangle of the page, in page coordinates (y down).
type box struct{ x0, y0, x1, y1 float64 }

func (b box) contains(o box) bool {
	return o.x0 >= b.x0-boxTouch && o.x1 <= b.x1+boxTouch && o.y0 >= b.y0-boxTouch && o.y1 <= b.y1+boxTouch
}

// besides reports whether two boxes stand side by side: apart across,
// and sharing most of the height of the lower one.
func (b box) besides(o box) bool {
	if b.x1 > o.x0-boxTouch && o.x1 > b.x0-boxTouch {
		return false
	}
	overlap := min(b.y1, o.y1) - max(b.y0, o.y0)
	return overlap > 0.5*min(b.y1-b.y0, o.y1-o.y0)
}

// sideBySide returns the boxes a page draws side by side: each drawing of
// touching rules (a table, a bordered card) is a box; a box that stands
// beside another is kept, unless it lies inside one kept (a card's table
// inside the card's own border). They come in reading order: a band of
// boxes side by side (boxes sharing height, transitively) after the bands
// above it, left to right within it. band[i] is box i's band.
func sideBySide(rules []rule) (boxes []box, band []int) {
	if len(rules) < 8 || len(rules) > maxBoxRules {
		return nil, nil
	}
	// union-find over the rules that touch
	parent := make([]int, len(rules))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	touch := func(a, b rule) bool {
		return a.x0 <= b.x1+boxTouch && b.x0 <= a.x1+boxTouch && a.y0 <= b.y1+boxTouch && b.y0 <= a.y1+boxTouch
	}
	for i := range rules {
		for j := i + 1; j < len(rules); j++ {
			if touch(rules[i], rules[j]) {
				if a, b := find(i), find(j); a != b {
					parent[a] = b
				}
			}
		}
	}
	drawn := map[int]*box{}
	var roots []int
	for i, r := range rules {
		k := find(i)
		b, ok := drawn[k]
		if !ok {
			b = &box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
			drawn[k] = b
			roots = append(roots, k)
		}
		b.x0, b.y0 = min(b.x0, r.x0), min(b.y0, r.y0)
		b.x1, b.y1 = max(b.x1, r.x1), max(b.y1, r.y1)
	}
	var all []box
	for _, k := range roots {
		if b := *drawn[k]; b.x1-b.x0 >= minBoxSide && b.y1-b.y0 >= minBoxSide {
			all = append(all, b)
		}
	}
	beside := make([]bool, len(all))
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			if all[i].besides(all[j]) {
				beside[i], beside[j] = true, true
			}
		}
	}
	for i, b := range all {
		if !beside[i] {
			continue
		}
		inside := false
		for j, o := range all {
			if j != i && beside[j] && o.contains(b) && !(b.contains(o) && j > i) {
				inside = true
				break
			}
		}
		if !inside {
			boxes = append(boxes, b)
		}
	}
	if len(boxes) < 2 {
		return nil, nil
	}
	// bands: boxes sharing height, transitively
	slices.SortFunc(boxes, func(a, b box) int { return cmp.Compare(a.y0, b.y0) })
	band = make([]int, len(boxes))
	bottom := math.Inf(-1)
	for i, b := range boxes {
		if i > 0 && b.y0 >= bottom-boxTouch {
			band[i] = band[i-1] + 1
		} else if i > 0 {
			band[i] = band[i-1]
		}
		bottom = max(bottom, b.y1)
	}
	idx := make([]int, len(boxes))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(band[a], band[b]), cmp.Compare(boxes[a].x0, boxes[b].x0))
	})
	sorted, bands := make([]box, len(boxes)), make([]int, len(boxes))
	for i, k := range idx {
		sorted[i], bands[i] = boxes[k], band[k]
	}
	return sorted, bands
}

// boxOf is the box a glyph stands in (its middle inside), or -1.
func boxOf(boxes []box, g glyph) int {
	x, y := g.x+g.w/2, g.y-0.38*g.size
	for i, b := range boxes {
		if x >= b.x0-1 && x <= b.x1+1 && y >= b.y0-1 && y <= b.y1+1 {
			return i
		}
	}
	return -1
}
