package index

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// A search reads bleve's index one segment at a time. Scorch keeps a term's
// postings as a roaring bitmap of the segment's document numbers, so a query
// is bitmap algebra over the postings of its terms (see exec.go), and the
// values a search counts and sorts by — leaders, unit groups, document, seq
// and text length — are read once per segment from the postings of their
// keyword fields into columns indexed by document number. Segments never
// change once written, so their columns are cached until the segment is
// merged away; a search holds one snapshot of segments from start to end.

// view is one consistent snapshot of the index: its segments, each with its
// deleted documents and its columns.
type view struct {
	unlock func() // releases the store's idxMu
	bufs   *buffers
	reader bleveindex.IndexReader
	segs   []segView
	live   uint64 // documents not deleted, over all segments
	// The store-wide names of leaders, unit groups and documents by their
	// ordinals, as far as this view's columns use them.
	leaderNames, groupNames, docNames []string
}

type segView struct {
	seg     segment.Segment
	deleted *roaring.Bitmap // nil when none
	cols    *columns
}

func (v *view) release() {
	v.reader.Close()
	if v.unlock != nil {
		v.unlock()
	}
}

// buffers lend the large per-search slices (matching documents, scores)
// from one search to the next, so a search over most of a million tasks
// does not leave megabytes to the collector each time.
type buffers struct{ u32, f32 sync.Pool }

// minPooled is the shortest slice worth pooling.
const minPooled = 4096

func (b *buffers) uint32s(n int) []uint32 {
	if p, ok := b.u32.Get().(*[]uint32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]uint32, n, max(n, minPooled))
}

func (b *buffers) float32s(n int) []float32 {
	if p, ok := b.f32.Get().(*[]float32); ok && cap(*p) >= n {
		s := (*p)[:n]
		clear(s)
		return s
	}
	return make([]float32, n, max(n, minPooled))
}

func (b *buffers) put(u []uint32, f []float32) {
	if cap(u) >= minPooled {
		b.u32.Put(&u)
	}
	if cap(f) >= minPooled {
		b.f32.Put(&f)
	}
}

// columns are the per-document values of one segment that a search counts
// and sorts by, indexed by the segment's document number.
type columns struct {
	leaders, groups         csr
	leaderTerms, groupTerms []string
	doc                     []uint32 // index into docTerms; noValue when missing
	docTerms                []string // sorted, as the dictionary lists them
	docYears                []int    // the year each docTerms entry starts with
	seq                     []uint32
	due                     []uint32  // index into dueTerms; noValue when the task names no date
	dueTerms                []string  // YYYY-MM-DD, sorted (so in date order)
	dueKeys                 []uint32  // dueTerms as YYYYMMDD, the key of a sort by due date
	norm                    []float32 // 1/sqrt(runes of the text); 1/sqrt(defaultRunes) when unknown
	status, period          keywordColumn
	targets                 *roaring.Bitmap
	// rank orders the segment's documents as a search does on equal
	// scores: the newer year, the document (docTerms are sorted), seq.
	rank []uint64
	// Counts over every document of the segment, deleted or not: a search
	// matching most of them counts those it does not match and subtracts.
	leaderTotals, groupTotals, docTotals, dueTotals []int
	// The store-wide ordinals of leaderTerms, groupTerms and docTerms: a
	// search adds its counts from every segment into one slice.
	leaderOrds, groupOrds, docOrds []uint32
}

// ordinals number the values of one facet across the store's segments,
// so a search counts into a slice, not a map keyed by name. Numbers are
// never taken back (a removed document's id keeps its number): they stay a
// few thousand.
type ordinals struct {
	mu    sync.Mutex
	index map[string]uint32
	names []string
}

func (o *ordinals) number(names []string) []uint32 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.index == nil {
		o.index = map[string]uint32{}
	}
	out := make([]uint32, len(names))
	for i, n := range names {
		ord, ok := o.index[n]
		if !ok {
			ord = uint32(len(o.names))
			o.index[n] = ord
			o.names = append(o.names, n)
		}
		out[i] = ord
	}
	return out
}

// snapshot returns the names numbered so far; later numbers append beyond
// it and never change it.
func (o *ordinals) snapshot() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.names[:len(o.names):len(o.names)]
}

const (
	noValue      = math.MaxUint32
	defaultRunes = 64
)

// csr holds a multi-valued column: the values of document d are
// val[off[d]:off[d+1]], indexes into the column's terms.
type csr struct {
	off []uint32
	val []uint32
}

func (c *csr) of(d uint32) []uint32 { return c.val[c.off[d]:c.off[d+1]] }

// columnCache keeps the columns of the segments in use, built at most once
// each.
type columnCache struct {
	mu                    sync.Mutex
	entries               map[segment.Segment]*columnEntry
	leaders, groups, docs ordinals
}

type columnEntry struct {
	once sync.Once
	cols *columns
	err  error
}

// acquire pins the index's current snapshot and finds (or builds) the
// columns of each of its segments. It holds idxMu for reading until the
// view is released, so the index is not reopened under a search.
func (s *Store) acquire() (*view, error) {
	s.idxMu.RLock()
	if s.idx == nil {
		err := s.broken
		s.idxMu.RUnlock()
		if err == nil {
			err = errors.New("no index")
		}
		return nil, fmt.Errorf("索引暂不可用: %w", err)
	}
	v, err := s.snapshot()
	if err != nil {
		s.idxMu.RUnlock()
		return nil, err
	}
	v.unlock = s.idxMu.RUnlock
	return v, nil
}

// snapshot is acquire without the lock: the caller holds idxMu or is
// opening the store.
func (s *Store) snapshot() (v *view, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = corruptf("读取索引时出错(%v)", p)
		}
	}()
	adv, err := s.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("cannot read the index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("cannot read the index: %w", err)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("index reader is a %T, not a scorch snapshot", r)
	}
	v = &view{reader: r, bufs: &s.bufs}
	entries := make([]*columnEntry, 0, len(snap.Segments()))
	s.cols.mu.Lock()
	if s.cols.entries == nil {
		s.cols.entries = map[segment.Segment]*columnEntry{}
	}
	inUse := map[segment.Segment]bool{}
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		inUse[seg] = true
		e := s.cols.entries[seg]
		if e == nil {
			e = &columnEntry{}
			s.cols.entries[seg] = e
		}
		entries = append(entries, e)
		del := ss.Deleted()
		if del != nil && del.IsEmpty() {
			del = nil
		}
		v.segs = append(v.segs, segView{seg: seg, deleted: del})
		v.live += ss.Count()
	}
	// Segments merged away are dropped once the cache holds many more than
	// the snapshot; a search still holding one keeps its own pointer.
	if len(s.cols.entries) > 2*len(inUse)+8 {
		for seg := range s.cols.entries {
			if !inUse[seg] {
				delete(s.cols.entries, seg)
			}
		}
	}
	s.cols.mu.Unlock()
	for i, e := range entries {
		e.once.Do(func() { e.cols, e.err = s.cols.build(v.segs[i].seg) })
		if e.err != nil {
			v.reader.Close()
			return nil, e.err
		}
		v.segs[i].cols = e.cols
	}
	v.leaderNames, v.groupNames, v.docNames = s.cols.leaders.snapshot(), s.cols.groups.snapshot(), s.cols.docs.snapshot()
	return v, nil
}

// reset drops every segment's columns: the index was opened again, its
// segments are new objects.
func (cc *columnCache) reset() {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	cc.entries = nil
}

// build reads a segment's columns and numbers their names. A panic of the
// segment's reader (a damaged file) is an error.
func (cc *columnCache) build(seg segment.Segment) (c *columns, err error) {
	defer func() {
		if p := recover(); p != nil {
			c, err = nil, corruptf("读取索引时出错(%v)", p)
		}
	}()
	c, err = buildColumns(seg)
	if err != nil {
		return nil, err
	}
	c.leaderOrds = cc.leaders.number(c.leaderTerms)
	c.groupOrds = cc.groups.number(c.groupTerms)
	c.docOrds = cc.docs.number(c.docTerms)
	return c, nil
}

// keywordColumn is a keyword field with at most one value per document:
// its terms, each document's ordinal into them (noValue for none) and the
// counts over every document.
type keywordColumn struct {
	terms  []string
	of     []uint32
	totals []int
}

// buildKeyword reads a single-valued keyword field into a column.
func buildKeyword(seg segment.Segment, field string, n uint32) (keywordColumn, error) {
	c := keywordColumn{of: make([]uint32, n)}
	for i := range c.of {
		c.of[i] = noValue
	}
	err := eachTerm(seg, field, nil, nil, func(term string, bm *roaring.Bitmap) {
		ord := uint32(len(c.terms))
		c.terms = append(c.terms, term)
		bm.Iterate(func(d uint32) bool { c.of[d] = ord; return true })
	})
	c.totals = make([]int, len(c.terms))
	for _, o := range c.of {
		if o != noValue {
			c.totals[o]++
		}
	}
	return c, err
}

// buildColumns reads a segment's columns from the postings of its keyword
// fields.
func buildColumns(seg segment.Segment) (*columns, error) {
	n := uint32(seg.Count())
	c := &columns{doc: make([]uint32, n), seq: make([]uint32, n), due: make([]uint32, n), norm: make([]float32, n), targets: roaring.New()}
	var err error
	if c.leaderTerms, c.leaders, err = buildCSR(seg, fieldLeaders, n); err != nil {
		return nil, err
	}
	if c.groupTerms, c.groups, err = buildCSR(seg, fieldUnitGroups, n); err != nil {
		return nil, err
	}
	for i := range c.doc {
		c.doc[i] = noValue
	}
	err = eachTerm(seg, fieldDocID, nil, nil, func(term string, bm *roaring.Bitmap) {
		ord := uint32(len(c.docTerms))
		c.docTerms = append(c.docTerms, term)
		c.docYears = append(c.docYears, yearOfDocID(term))
		bm.Iterate(func(d uint32) bool { c.doc[d] = ord; return true })
	})
	if err != nil {
		return nil, err
	}
	for i := range c.due {
		c.due[i] = noValue
	}
	err = eachTerm(seg, fieldDue, nil, nil, func(term string, bm *roaring.Bitmap) {
		key, ok := dueKey(term)
		if !ok {
			return
		}
		ord := uint32(len(c.dueTerms))
		c.dueTerms = append(c.dueTerms, term)
		c.dueKeys = append(c.dueKeys, key)
		bm.Iterate(func(d uint32) bool { c.due[d] = ord; return true })
	})
	if err != nil {
		return nil, err
	}
	err = eachTerm(seg, fieldSeqKey, nil, nil, func(term string, bm *roaring.Bitmap) {
		if v, err := strconv.ParseUint(term, 10, 32); err == nil {
			bm.Iterate(func(d uint32) bool { c.seq[d] = uint32(min(v, math.MaxUint32-1)); return true })
		}
	})
	if err != nil {
		return nil, err
	}
	if c.status, err = buildKeyword(seg, fieldStatus, n); err != nil {
		return nil, err
	}
	if c.period, err = buildKeyword(seg, fieldPeriod, n); err != nil {
		return nil, err
	}
	// An index of an earlier duban has seq as a number: its exact values
	// are the terms of shift 0.
	err = eachTerm(seg, fieldSeq, []byte{numeric.ShiftStartInt64}, []byte{numeric.ShiftStartInt64 + 1}, func(term string, bm *roaring.Bitmap) {
		i, err := numeric.PrefixCoded(term).Int64()
		if err != nil {
			return
		}
		v := uint32(max(0, min(numeric.Int64ToFloat64(i), math.MaxUint32-1)))
		bm.Iterate(func(d uint32) bool { c.seq[d] = v; return true })
	})
	if err != nil {
		return nil, err
	}
	for i := range c.norm {
		c.norm[i] = float32(1 / math.Sqrt(defaultRunes))
	}
	err = eachTerm(seg, fieldLength, nil, nil, func(term string, bm *roaring.Bitmap) {
		if runes, err := strconv.Atoi(term); err == nil {
			v := float32(1 / math.Sqrt(float64(max(runes, 1))))
			bm.Iterate(func(d uint32) bool { c.norm[d] = v; return true })
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachTerm(seg, fieldHasTargets, []byte("yes"), []byte("yes\x00"), func(_ string, bm *roaring.Bitmap) {
		c.targets.Or(bm)
	})
	if err != nil {
		return nil, err
	}
	c.rank = make([]uint64, n)
	for d := range n {
		year, ord := 0, uint32(1<<20-1)
		if o := c.doc[d]; o != noValue {
			year, ord = c.docYears[o], min(o, 1<<20-1)
		}
		c.rank[d] = uint64(9999-max(0, min(year, 9999)))<<44 | uint64(ord)<<24 | uint64(min(c.seq[d], 1<<24-1))
	}
	c.leaderTotals = c.leaders.totals(len(c.leaderTerms))
	c.groupTotals = c.groups.totals(len(c.groupTerms))
	c.dueTotals = make([]int, len(c.dueTerms))
	for _, o := range c.due {
		if o != noValue {
			c.dueTotals[o]++
		}
	}
	c.docTotals = make([]int, len(c.docTerms))
	for _, o := range c.doc {
		if o != noValue {
			c.docTotals[o]++
		}
	}
	return c, nil
}

// totals counts each value over every document.
func (c *csr) totals(values int) []int {
	out := make([]int, values)
	for _, v := range c.val {
		out[v]++
	}
	return out
}

// buildCSR reads a multi-valued keyword field into a csr column.
func buildCSR(seg segment.Segment, field string, n uint32) ([]string, csr, error) {
	var (
		terms []string
		bms   []*roaring.Bitmap
	)
	counts := make([]uint32, n+1)
	err := eachTerm(seg, field, nil, nil, func(term string, bm *roaring.Bitmap) {
		terms = append(terms, term)
		bms = append(bms, bm)
		bm.Iterate(func(d uint32) bool { counts[d+1]++; return true })
	})
	if err != nil {
		return nil, csr{}, err
	}
	for i := uint32(1); i <= n; i++ {
		counts[i] += counts[i-1]
	}
	c := csr{off: counts, val: make([]uint32, counts[n])}
	next := append([]uint32(nil), counts[:n]...)
	for ord, bm := range bms {
		bm.Iterate(func(d uint32) bool {
			c.val[next[d]] = uint32(ord)
			next[d]++
			return true
		})
	}
	return terms, c, nil
}

// eachTerm calls fn with every term of field in [start, end) (nil: no bound)
// and its postings, in the dictionary's (byte) order.
func eachTerm(seg segment.Segment, field string, start, end []byte, fn func(term string, bm *roaring.Bitmap)) error {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return fmt.Errorf("cannot read field %s: %w", field, err)
	}
	return eachPosting(dict, field, dict.AutomatonIterator(&vellum.AlwaysMatch{}, start, end), fn)
}

// eachPosting calls fn with every term it lists and its postings.
func eachPosting(dict segment.TermDictionary, field string, it segment.DictionaryIterator, fn func(term string, bm *roaring.Bitmap)) error {
	for {
		e, err := it.Next()
		if err != nil {
			return fmt.Errorf("cannot read field %s: %w", field, err)
		}
		if e == nil {
			return nil
		}
		bm, err := postings(dict, e.Term)
		if err != nil {
			return err
		}
		fn(e.Term, bm)
	}
}

// postings returns the documents holding term as a bitmap. The bitmap may be
// the segment's own (read from its file): callers never modify it.
func postings(dict segment.TermDictionary, term string) (*roaring.Bitmap, error) {
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("cannot read postings of %q: %w", term, err)
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if bm := o.ActualBitmap(); bm != nil {
			return bm, nil
		}
	}
	if h, ok := it.(interface{ DocNum1Hit() (uint64, bool) }); ok {
		if d, ok := h.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(d)), nil
		}
	}
	bm := roaring.New()
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("cannot read postings of %q: %w", term, err)
		}
		if p == nil {
			return bm, nil
		}
		bm.Add(uint32(p.Number()))
	}
}

// termCounts returns how many live tasks hold each term of a keyword field.
func (v *view) termCounts(field string) (map[string]int, error) {
	out := map[string]int{}
	for _, sv := range v.segs {
		err := eachTerm(sv.seg, field, nil, nil, func(term string, bm *roaring.Bitmap) {
			if n := liveCount(bm, sv.deleted); n > 0 {
				out[term] += int(n)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// yearOfDocID reads the year a document id starts with (2018-…), or 0.
func yearOfDocID(id string) int {
	for i := 0; i < len(id); i++ {
		if id[i] == '-' {
			y, _ := strconv.Atoi(id[:i])
			return y
		}
	}
	return 0
}

// dueKey reads a due date (YYYY-MM-DD) as the number YYYYMMDD, which
// sorts as the dates do.
func dueKey(due string) (uint32, bool) {
	if len(due) != 10 || due[4] != '-' || due[7] != '-' {
		return 0, false
	}
	n, err := strconv.Atoi(due[:4] + due[5:7] + due[8:])
	if err != nil || n < 0 {
		return 0, false
	}
	return uint32(n), true
}
