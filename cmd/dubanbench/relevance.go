package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// relevance runs seeds/queries.json against both engines on the seed and
// prints recall, MRR and nDCG@10 per query and overall.
func relevance(_ []string, w io.Writer) error {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		return err
	}
	qs, err := seeds.Queries()
	if err != nil {
		return err
	}
	type score struct{ recall, mrr, ndcg float64 }
	results := map[string][]score{}
	names := []string{engineDuban, engineBleveCJK}
	for _, name := range names {
		dir, err := os.MkdirTemp("", "dubanbench-rel-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		e, err := openEngine(name, dir)
		if err != nil {
			return err
		}
		if err := e.index([]*ingest.Document{doc}); err != nil {
			return err
		}
		for _, q := range qs {
			ids, err := e.search(query{Q: q.Q, Leader: q.Leader, Unit: q.Unit}, 100)
			if err != nil {
				return err
			}
			seqs := make([]int, len(ids))
			for i, id := range ids {
				seqs[i] = seqOf(id)
			}
			results[name] = append(results[name], judge(seqs, q))
		}
		e.close()
	}
	fmt.Fprintf(w, "%-24s %-26s %-26s\n", "query", "duban recall/MRR/nDCG", "bleve-cjk recall/MRR/nDCG")
	total := map[string]*score{engineDuban: {}, engineBleveCJK: {}}
	for i, q := range qs {
		label := strings.TrimSpace(q.Q + " " + q.Leader + " " + q.Unit)
		fmt.Fprintf(w, "%-24s", label)
		for _, name := range names {
			s := results[name][i]
			fmt.Fprintf(w, " %5.2f %5.2f %5.2f        ", s.recall, s.mrr, s.ndcg)
			total[name].recall += s.recall / float64(len(qs))
			total[name].mrr += s.mrr / float64(len(qs))
			total[name].ndcg += s.ndcg / float64(len(qs))
		}
		fmt.Fprintln(w)
	}
	for _, name := range names {
		t := total[name]
		fmt.Fprintf(w, "%s: recall %.3f, MRR %.3f, nDCG@10 %.3f over %d queries\n", name, t.recall, t.mrr, t.ndcg, len(qs))
	}
	return nil
}

// judge scores one ranked list against a judged query: recall of the
// tasks it must find, reciprocal rank of the first relevant one (the judged
// first answer where there is one) and nDCG@10 with binary gains.
func judge(ranked []int, q seeds.Query) (s struct{ recall, mrr, ndcg float64 }) {
	found := 0
	for _, m := range q.Must {
		if slices.Contains(ranked, m) {
			found++
		}
	}
	if len(q.Must) > 0 {
		s.recall = float64(found) / float64(len(q.Must))
	}
	for i, seq := range ranked {
		if (q.First != 0 && seq == q.First) || (q.First == 0 && slices.Contains(q.Must, seq)) {
			s.mrr = 1 / float64(i+1)
			break
		}
	}
	dcg, idcg := 0.0, 0.0
	for i := 0; i < 10 && i < len(ranked); i++ {
		if slices.Contains(q.Must, ranked[i]) {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := 0; i < 10 && i < len(q.Must); i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		s.ndcg = dcg / idcg
	}
	return s
}

func seqOf(id string) int {
	i := strings.LastIndexByte(id, '-')
	n := 0
	fmt.Sscanf(id[i+1:], "%d", &n)
	return n
}
