package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"time"

	"github.com/mozillazg/go-pinyin"

	"github.com/duban/duban/api"
	"github.com/duban/duban/index"
	"github.com/duban/duban/vocab"
)

// suggestBench times GET /api/suggest through the whole handler (with the
// office's vocabulary, JSON included) on a store already built (`dubanbench
// -engines duban -dir W` leaves it in W/duban): what the clerk types — the
// first characters of units, leaders and terms, their pinyin begun and
// their initials — and prints the percentiles.
//
//	dubanbench suggest -dir W/duban [-requests 5000]
func suggestBench(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("suggest", flag.ExitOnError)
	dir := fs.String("dir", "", "index dir")
	requests := fs.Int("requests", 5000, "requests")
	fs.Parse(args)
	ctx := context.Background()
	s, err := index.Open(*dir, index.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer s.Close()
	vdir, err := os.MkdirTemp("", "dubanbench-vocab-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(vdir)
	vs, err := vocab.Open(vdir, false)
	if err != nil {
		return err
	}
	srv := &api.Server{Store: s, Vocabulary: vs, Logger: slog.New(slog.DiscardHandler)}
	h := srv.Handler()
	start := time.Now()
	if err := srv.WarmUp(ctx); err != nil {
		return err
	}
	build := time.Since(start)
	all, err := s.Search(ctx, index.Request{FacetsOnly: true})
	if err != nil {
		return err
	}
	var names []string
	units, err := s.Units(ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		names = append(names, u.Name)
	}
	leaders, err := s.Leaders(ctx)
	if err != nil {
		return err
	}
	for _, l := range leaders {
		names = append(names, l.Name)
	}
	terms, err := s.Terms(ctx, 1, 2000)
	if err != nil {
		return err
	}
	for _, t := range terms {
		names = append(names, t.Name)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	args2 := pinyin.NewArgs()
	typed := func() string {
		n := []rune(names[rng.IntN(len(names))])
		if rng.IntN(2) == 0 && n[0] == '区' && len(n) > 2 {
			n = n[1:] // the level skipped
		}
		py := pinyin.Pinyin(string(n), args2)
		switch rng.IntN(3) {
		case 0:
			return string(n[:1+rng.IntN(min(len(n), 3))])
		case 1:
			full := ""
			for _, p := range py {
				if len(p) > 0 {
					full += p[0]
				}
			}
			return full[:min(len(full), 1+rng.IntN(10))]
		}
		ini := ""
		for _, p := range py {
			if len(p) > 0 {
				ini += p[0][:1]
			}
		}
		return ini[:min(len(ini), 1+rng.IntN(4))]
	}
	lat := make([]time.Duration, 0, *requests)
	offered := 0
	for range *requests {
		q := typed()
		if q == "" {
			continue
		}
		req := httptest.NewRequest(http.MethodGet, "/api/suggest?q="+url.QueryEscape(q), nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		lat = append(lat, time.Since(t0))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("suggest %q: %d %s", q, rec.Code, rec.Body)
		}
		var res api.SuggestResult
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			return err
		}
		if len(res.Suggestions) > 0 {
			offered++
		}
	}
	slices.Sort(lat)
	pct := func(p int) float64 { return float64(lat[len(lat)*p/100].Microseconds()) / 1000 }
	fmt.Fprintf(w, "suggest: %d tasks, index built in %s; %d requests (%d answered with suggestions): p50 %.3f ms, p99 %.3f ms, max %.3f ms\n",
		all.Total, build.Round(time.Millisecond), len(lat), offered, pct(50), pct(99), float64(lat[len(lat)-1].Microseconds())/1000)
	return nil
}
