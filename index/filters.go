package index

import (
	"regexp"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/vellum"

	"github.com/duban/duban/ingest"
)

// The filters of a search come in groups, one per facet: leaders, units,
// years, documents, due dates, progress statuses and periods. The values of one group are alternatives
// (OR: two units are the tasks of either), the groups must all hold (AND:
// a unit and a year are that unit's tasks of that year). A facet's values
// are counted over the matches of every other group (exec.go, matches.
// without), so choosing one value leaves the others offered with the
// number of tasks they would add, as shops' filters and the office's Excel
// filters both behave.
type filterGroup int

const (
	groupLeader filterGroup = iota
	groupUnit
	groupYear
	groupDoc
	groupDue // months, due_before and due_after together
	groupStatus
	groupPeriod
	numGroups
)

// Ways a search orders its hits (Request.Sort).
const (
	// SortRelevance ranks by score; equal scores (every task of an empty
	// query) by year, newest first, then document, then seq.
	SortRelevance = "relevance"
	// SortOrder lists the notices' own order: year (newest first), then
	// document, then seq — the ledger's order.
	SortOrder = "order"
	// SortDue lists the earliest due date first, tasks without one last;
	// ties as SortOrder.
	SortDue = "due"
)

var (
	dueMonthPattern = regexp.MustCompile(`^\d{4}-\d{2}$`)
	dueDayPattern   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// validateDue checks the due filters: months as YYYY-MM, bounds as
// YYYY-MM-DD, and after not later than before.
func (r *Request) validateDue() error {
	for _, m := range r.Due {
		if !dueMonthPattern.MatchString(m) {
			return ingest.Errorf(ingest.EINVALID, "due 是完成时限的月份,格式为 YYYY-MM(如 2019-06),收到 %q", m)
		}
		if _, err := time.Parse("2006-01", m); err != nil {
			return ingest.Errorf(ingest.EINVALID, "due 不是有效的月份:%q", m)
		}
	}
	for _, b := range []struct{ name, v string }{{"due_before", r.DueBefore}, {"due_after", r.DueAfter}} {
		if b.v == "" {
			continue
		}
		if !dueDayPattern.MatchString(b.v) {
			return ingest.Errorf(ingest.EINVALID, "%s 是日期,格式为 YYYY-MM-DD(如 2019-06-30),收到 %q", b.name, b.v)
		}
		if _, err := time.Parse("2006-01-02", b.v); err != nil {
			return ingest.Errorf(ingest.EINVALID, "%s 不是有效的日期:%q", b.name, b.v)
		}
	}
	if r.DueBefore != "" && r.DueAfter != "" && r.DueAfter > r.DueBefore {
		return ingest.Errorf(ingest.EINVALID, "due_after(%s)晚于 due_before(%s)", r.DueAfter, r.DueBefore)
	}
	return nil
}

// nameVariants are the spellings a leader or unit filter matches: as typed,
// with full-width letters, digits and brackets folded to ASCII (most input
// methods type 区住建局（规划分局）, the notice may have 区住建局(规划分局)),
// and with ASCII brackets made full-width (the notice may have written
// them so). Names are indexed as written, so the filter looks each up.
func nameVariants(name string) []string {
	half := strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, name)
	full := strings.NewReplacer("(", "（", ")", "）").Replace(half)
	out := []string{name}
	for _, v := range []string{half, full} {
		if v != out[0] && (len(out) < 2 || v != out[1]) {
			out = append(out, v)
		}
	}
	return out
}

// groupBitmaps returns each active filter group's documents in one segment
// (nil for a group without filters).
func (p *plan) groupBitmaps(d *dicts) ([numGroups]*roaring.Bitmap, error) {
	var out [numGroups]*roaring.Bitmap
	anyOf := func(pairs [][2]string) (*roaring.Bitmap, error) {
		bm := roaring.New()
		for _, fv := range pairs {
			pl, err := d.postings(fv[0], fv[1])
			if err != nil {
				return nil, err
			}
			bm.Or(pl)
		}
		return bm, nil
	}
	var terms [numGroups][][2]string
	// A leader or unit is looked up by every name its identity in the
	// office's vocabulary is written as (vocabulary.go), each in its
	// bracket and full-width variants: all of them alternatives within the
	// group, as two values of it are.
	for _, l := range p.leaders {
		for _, v := range spellingVariants(p.leaderNames(l)) {
			terms[groupLeader] = append(terms[groupLeader], [2]string{fieldLeaders, v})
		}
	}
	for _, u := range p.units {
		for _, v := range spellingVariants(p.unitNames(u)) {
			terms[groupUnit] = append(terms[groupUnit], [2]string{fieldUnits, v}, [2]string{fieldUnitGroups, v})
		}
	}
	for _, y := range p.years {
		terms[groupYear] = append(terms[groupYear], [2]string{fieldYear, y})
	}
	for _, doc := range p.docs {
		terms[groupDoc] = append(terms[groupDoc], [2]string{fieldDocID, doc})
	}
	for _, st := range p.statuses {
		terms[groupStatus] = append(terms[groupStatus], [2]string{fieldStatus, st})
	}
	for _, pe := range p.periods {
		terms[groupPeriod] = append(terms[groupPeriod], [2]string{fieldPeriod, pe})
	}
	for g := range numGroups {
		if g == groupDue {
			continue
		}
		if len(terms[g]) == 0 {
			continue
		}
		bm, err := anyOf(terms[g])
		if err != nil {
			return out, err
		}
		out[g] = bm
	}
	if len(p.dueMonths) > 0 || p.dueBefore != "" || p.dueAfter != "" {
		bm, err := p.dueBitmap(d)
		if err != nil {
			return out, err
		}
		out[groupDue] = bm
	}
	return out, nil
}

// dueBitmap returns the documents due in one of the months and within the
// bounds. Dates are YYYY-MM-DD terms, so a month and a bound are ranges of
// the dictionary.
func (p *plan) dueBitmap(d *dicts) (*roaring.Bitmap, error) {
	td, err := d.dict(fieldDue)
	if err != nil {
		return nil, err
	}
	collect := func(start, end []byte) (*roaring.Bitmap, error) {
		out := roaring.New()
		err := eachPosting(td, fieldDue, td.AutomatonIterator(&vellum.AlwaysMatch{}, start, end), func(_ string, bm *roaring.Bitmap) { out.Or(bm) })
		return out, err
	}
	var lo, hi []byte // [lo, hi)
	if p.dueAfter != "" {
		lo = []byte(p.dueAfter)
	}
	if p.dueBefore != "" {
		hi = []byte(p.dueBefore + "\x00")
	}
	if len(p.dueMonths) == 0 {
		return collect(lo, hi)
	}
	out := roaring.New()
	for _, m := range p.dueMonths {
		start, end := []byte(m+"-"), []byte(m+"-\xff")
		if lo != nil && string(lo) > string(start) {
			start = lo
		}
		if hi != nil && string(hi) < string(end) {
			end = hi
		}
		if string(start) >= string(end) {
			continue
		}
		bm, err := collect(start, end)
		if err != nil {
			return nil, err
		}
		out.Or(bm)
	}
	return out, nil
}

// restrictTo returns what a word's positions need be read within: every
// active group when the search counts nothing beyond its matches; when it
// counts each facet without its own group (disjunctive), the documents
// failing at most one group, where those counts look.
func restrictTo(groups [numGroups]*roaring.Bitmap, disjunctive bool) []*roaring.Bitmap {
	var active []*roaring.Bitmap
	for _, g := range groups {
		if g != nil {
			active = append(active, g)
		}
	}
	if !disjunctive || len(active) == 0 {
		return active
	}
	if len(active) == 1 {
		return nil
	}
	loose := roaring.New()
	for i := range active {
		others := make([]*roaring.Bitmap, 0, len(active)-1)
		for j, g := range active {
			if j != i {
				others = append(others, g)
			}
		}
		if len(others) == 1 {
			loose.Or(others[0])
		} else {
			loose.Or(roaring.FastAnd(others...))
		}
	}
	return []*roaring.Bitmap{loose}
}
