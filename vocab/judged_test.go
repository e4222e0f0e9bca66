package vocab

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// seededLexicon opens an index holding the seed notice and applies an
// empty vocabulary to it: the starter synonyms on, identities by duban
// alone.
func seededLexicon(t testing.TB) (*index.Store, *Lexicon) {
	t.Helper()
	s, err := index.Open(t.TempDir(), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	units, err := s.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	leaders, err := s.Leaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s, Build(nil, Data{Units: units, Leaders: leaders, Issuers: []string{doc.Issuer}})
}

// TestJudgedQueriesWithStarterSynonyms: with the starter synonyms on, every
// judged query keeps every expected hit, its first answer and its expected
// hits on top. ("only" is not asked: a synonym may find more, which is its
// point; the test logs which.)
func TestJudgedQueriesWithStarterSynonyms(t *testing.T) {
	s, lex := seededLexicon(t)
	qs, err := seeds.Queries()
	if err != nil {
		t.Fatal(err)
	}
	widened := 0
	for _, q := range qs {
		name := strings.TrimSpace(fmt.Sprintf("%s %s %s", q.Q, q.Leader, q.Unit))
		t.Run(name, func(t *testing.T) {
			req := index.Request{Query: q.Q, Size: index.MaxSize, Vocabulary: lex}
			if q.Leader != "" {
				req.Leaders = []string{q.Leader}
			}
			if q.Unit != "" {
				req.Units = []string{q.Unit}
			}
			r, err := s.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, h := range r.Hits {
				got = append(got, h.Seq)
			}
			for _, m := range q.Must {
				if !slices.Contains(got, m) {
					t.Errorf("missed task %d; got %v", m, got)
				}
			}
			if q.First != 0 && (len(got) == 0 || got[0] != q.First) {
				t.Errorf("first = %v, want %d", got, q.First)
			}
			if q.MustFirst && len(got) >= len(q.Must) {
				top := slices.Clone(got[:len(q.Must)])
				slices.Sort(top)
				if !slices.Equal(top, q.Must) {
					t.Errorf("top %d = %v, want %v", len(q.Must), got[:len(q.Must)], q.Must)
				}
			}
			if q.Only && int(r.Total) != len(q.Must) {
				widened++
				t.Logf("widened by synonyms or identities: %d hits, judged %v; got %v", r.Total, q.Must, got)
			}
		})
	}
	t.Logf("%d of %d judged queries, each judged to find only its tasks, find more with the vocabulary", widened, len(qs))
}

// TestNameQueriesFindTheIdentityFirst: on the seed, typing any unit's or
// leader's name (and a unit's short form without its level) finds every
// task the filter by that name finds, ranks them all above any task that
// only mentions the name, and says why on each.
func TestNameQueriesFindTheIdentityFirst(t *testing.T) {
	s, lex := seededLexicon(t)
	ctx := context.Background()
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leaders, err := s.Leaders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type query struct{ q, unit, leader string }
	var qs []query
	for _, u := range units {
		qs = append(qs, query{q: u.Name, unit: u.Name})
		if k := lex.key(u.Name); k.level != "" && len([]rune(k.body)) >= 3 && len(lex.units.byBody[k.body]) == 1 {
			qs = append(qs, query{q: k.body, unit: u.Name})
		}
	}
	for _, l := range leaders {
		qs = append(qs, query{q: l.Name, leader: l.Name})
	}
	if len(qs) < 50 {
		t.Fatalf("only %d names on the seed", len(qs))
	}
	for _, q := range qs {
		if strings.ContainsAny(q.q, "\"“”") {
			continue // quotes are the query's phrase marks
		}
		filter := index.Request{Size: index.MaxSize, Vocabulary: lex}
		if q.unit != "" {
			filter.Units = []string{q.unit}
		} else {
			filter.Leaders = []string{q.leader}
		}
		want, err := s.Search(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, index.Request{Query: q.q, Size: index.MaxSize, Vocabulary: lex})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total < want.Total {
			t.Errorf("%s: %d hits, the filter finds %d", q.q, got.Total, want.Total)
			continue
		}
		for i, h := range got.Hits {
			if i < int(want.Total) && len(h.Matched) == 0 {
				t.Errorf("%s: hit %d (task %d) found without the name, before the name's tasks", q.q, i, h.Seq)
				break
			}
			if i >= int(want.Total) && len(h.Matched) > 0 {
				t.Errorf("%s: hit %d (task %d) of the name after the others", q.q, i, h.Seq)
				break
			}
		}
	}
	t.Logf("%d names", len(qs))
}
