package index

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// judgedAnswers runs every judged query (restricted to docs when given) and
// returns each answer as JSON without its timing, and the ids it found.
func judgedAnswers(t *testing.T, s *Store, docs ...string) (answers []string, found [][]string) {
	t.Helper()
	qs, err := seeds.Queries()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		req := Request{Query: q.Q, Docs: docs}
		if q.Leader != "" {
			req.Leaders = []string{q.Leader}
		}
		if q.Unit != "" {
			req.Units = []string{q.Unit}
		}
		r := mustSearch(t, s, req)
		r.TookMS = 0
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, string(b))
		var ids []string
		for _, h := range r.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		found = append(found, ids)
	}
	return answers, found
}

// quotingNotice is a notice that quotes every judged query as a term of its
// own and names units and leaders after them: were its words added to the
// segmenter, every query would be cut differently.
func quotingNotice(t *testing.T, id string, year int) *ingest.Document {
	t.Helper()
	qs, err := seeds.Queries()
	if err != nil {
		t.Fatal(err)
	}
	doc := &ingest.Document{Notice: ingest.Notice{ID: id, Title: "引用测试" + id, Year: year, Checksum: id}}
	add := func(text string, units ...string) {
		seq := len(doc.Tasks) + 1
		doc.Tasks = append(doc.Tasks, ingest.Task{
			ID: taskID(id, seq), DocID: id, Year: year, Seq: seq, Text: text,
			Leaders: []string{"测试领导"}, Units: units, UnitGroups: units,
		})
	}
	for i, q := range qs {
		for _, w := range splitQuery(q.Q) {
			add(fmt.Sprintf("推进“%s产业”和“%s”示范,落实“新%s”。", w, w, w), "区"+w+"中心")
		}
		if q.Unit != "" {
			add(fmt.Sprintf("协调“%s分中心”工作%d。", q.Unit, i), q.Unit+"分中心")
		}
	}
	seed := MustParseSeed(t)
	for _, task := range seed.Tasks {
		runes := []rune(task.Text)
		for i := 0; i+5 < len(runes); i += 7 {
			add(fmt.Sprintf("关于“%s”的说明。", string(runes[i+1:i+5])))
		}
	}
	return doc
}

// TestSearchIndependentOfHistory: the same store answers every judged query
// the same way whatever was uploaded and deleted before. While notices that
// quote every query as a word of their own are in the store, a query
// restricted to the seed finds the same seed tasks; once they are deleted,
// every answer (hits, order, scores, highlights, facets) is what it was, and
// again after the store is reopened.
func TestSearchIndependentOfHistory(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seed := MustParseSeed(t)
	if _, err := s.Replace(seed); err != nil {
		t.Fatal(err)
	}
	before, foundBefore := judgedAnswers(t, s, seed.ID)
	all, _ := judgedAnswers(t, s)

	a, b := quotingNotice(t, "2019-quoting-a", 2019), quotingNotice(t, "2020-quoting-b", 2020)
	if _, err := s.ReplaceMany([]*ingest.Document{a, b}); err != nil {
		t.Fatal(err)
	}
	_, foundWith := judgedAnswers(t, s, seed.ID)
	for i := range foundBefore {
		if !slices.Equal(foundBefore[i], foundWith[i]) {
			t.Errorf("query %d restricted to the seed: found %v with the quoting notices, %v before", i, foundWith[i], foundBefore[i])
		}
	}
	for _, id := range []string{a.ID, b.ID} {
		if err := s.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	// The seed again (a replace with other bytes): its tasks are indexed
	// after the quoting notices came and went.
	again := MustParseSeed(t)
	again.Checksum = "again"
	if _, err := s.Replace(again); err != nil {
		t.Fatal(err)
	}
	compare := func(when string) {
		t.Helper()
		after, _ := judgedAnswers(t, s, seed.ID)
		afterAll, _ := judgedAnswers(t, s)
		for i := range before {
			if after[i] != before[i] || afterAll[i] != all[i] {
				t.Errorf("%s, query %d answers differently:\n%s\nbefore:\n%s", when, i, after[i], before[i])
			}
		}
	}
	compare("after the quoting notices were deleted")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	compare("after a restart")
}

// TestDomainWordsBounded: a notice's words never reach the segmenter, and
// at most MaxDomainWords of them mark its tasks.
func TestDomainWordsBounded(t *testing.T) {
	doc := &ingest.Document{Notice: ingest.Notice{ID: "2020-many"}}
	for i := range MaxDomainWords + 500 {
		doc.Tasks = append(doc.Tasks, ingest.Task{Seq: i + 1, Text: fmt.Sprintf("落实“专项词%d号”。", i)})
	}
	if n := len(DomainWords(doc)); n != MaxDomainWords {
		t.Errorf("%d domain words, want at most %d", n, MaxDomainWords)
	}
	seg, err := SharedSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	before := seg.Terms("专项词1号", false)
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range doc.Tasks {
		doc.Tasks[i].ID, doc.Tasks[i].DocID = taskID(doc.ID, i+1), doc.ID
	}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	if after := seg.Terms("专项词1号", false); !slices.Equal(after, before) {
		t.Errorf("a notice changed the segmenter: %v, before %v", after, before)
	}
}
