package main

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/duban/duban/seeds"
)

func TestCorpusIsDeterministic(t *testing.T) {
	a, b := newCorpus(7).documents(1200), newCorpus(7).documents(1200)
	if len(a) != len(b) || len(a) < 5 {
		t.Fatalf("%d and %d notices", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Fatalf("notice %d differs between two runs with one seed", i)
		}
	}
	if c := newCorpus(8).documents(1200); bytes.Equal(a[0], c[0]) {
		t.Error("another seed gave the same corpus")
	}
	docs, _, err := parseAll(a)
	if err != nil {
		t.Fatal(err)
	}
	n, ids := 0, map[string]bool{}
	for _, d := range docs {
		n += len(d.Tasks)
		if ids[d.ID] || len(d.Report.Unused) != 0 {
			t.Errorf("notice %s: repeated id or unused lines %v", d.ID, d.Report.Unused)
		}
		ids[d.ID] = true
	}
	if n != 1200 {
		t.Errorf("%d tasks, want 1200", n)
	}
}

func TestJudge(t *testing.T) {
	q := seeds.Query{Must: []int{3, 7}, First: 7}
	s := judge([]int{5, 7, 3}, q)
	if s.recall != 1 || s.mrr != 0.5 {
		t.Errorf("judge = %+v", s)
	}
	if s := judge([]int{3}, q); s.recall != 0.5 || s.mrr != 0 {
		t.Errorf("judge = %+v", s)
	}
	if got := pct([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50); got != 5 {
		t.Errorf("p50 = %v", got)
	}
}

// TestRelevanceBeatsBaseline runs the relevance command: duban must find
// every judged task, rank every judged first answer first, and do better
// than bleve-cjk.
func TestRelevanceBeatsBaseline(t *testing.T) {
	var out bytes.Buffer
	if err := relevance(nil, &out); err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^(duban|bleve-cjk): recall ([0-9.]+), MRR ([0-9.]+), nDCG@10 ([0-9.]+)`)
	got := map[string][3]float64{}
	for _, m := range re.FindAllStringSubmatch(out.String(), -1) {
		var v [3]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+2], 64)
		}
		got[m[1]] = v
	}
	d, b := got[engineDuban], got[engineBleveCJK]
	if d[0] != 1 || d[1] < 0.95 || d[1] <= b[1] || d[2] <= b[2] {
		t.Errorf("duban %v, bleve-cjk %v\n%s", d, b, out.String())
	}
}

// TestEnginesAnswerOverHTTP indexes a small corpus in both engines and
// runs the timed parts of a bench run on them.
func TestEnginesAnswerOverHTTP(t *testing.T) {
	c := newCorpus(1)
	docs, _, err := parseAll(c.documents(600))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{engineDuban, engineBleveCJK} {
		e, err := openEngine(name, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.index(docs); err != nil {
			t.Fatal(err)
		}
		ids, err := e.search(query{Q: "垃圾分类"}, 20)
		if err != nil || len(ids) == 0 {
			t.Errorf("%s: %d hits for 垃圾分类, %v", name, len(ids), err)
		}
		qps, err := httpLoad(e.handler(), c.queries(50), 4, 100, 20*time.Second)
		if err != nil || qps <= 0 {
			t.Errorf("%s: http %v %v", name, qps, err)
		}
		e.close()
	}
}
