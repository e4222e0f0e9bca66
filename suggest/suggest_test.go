package suggest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// seedEntries are names and terms of the seed notice, as the api gives
// them.
func seedEntries() []Entry {
	return []Entry{
		{Text: "祝振伟", Kind: Leader, Value: "祝振伟", Count: 29},
		{Text: "祝振伟副区长", Kind: Leader, Value: "祝振伟", Count: 2},
		{Text: "曾宏", Kind: Leader, Value: "曾宏", Count: 7},
		{Text: "於卫国", Kind: Leader, Value: "於卫国", Count: 17},
		{Text: "单晓红", Kind: Leader, Value: "单晓红", Count: 1},
		{Text: "区城管局", Kind: Unit, Value: "区城管局", Count: 5, Aliases: []string{"城管局"}},
		{Text: "区城市管理局", Kind: Unit, Value: "区城管局", Count: 5, Aliases: []string{"城市管理局", "城管局"}},
		{Text: "提高", Kind: Term, Value: "提高", Count: 5},
		{Text: "场馆", Kind: Term, Value: "场馆", Count: 1},
		{Text: "区住建局", Kind: Unit, Value: "区住建局", Count: 11},
		{Text: "区经信局", Kind: Unit, Value: "区经信局", Count: 10},
		{Text: "垃圾分类", Kind: Term, Value: "垃圾分类", Count: 1},
		{Text: "垃圾", Kind: Term, Value: "垃圾", Count: 3},
		{Text: "重点项目", Kind: Term, Value: "重点项目", Count: 6},
		{Text: "5G", Kind: Term, Value: "5G", Count: 2},
		{Text: "城市管理", Kind: Term, Value: "城市管理", Count: 4},
		{Text: "2018年《政府工作报告》工作任务分解表", Kind: Title, Value: "2018-abc", Count: 83},
	}
}

func texts(ss []Suggestion) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Text+"/"+s.Match)
	}
	return out
}

func TestLookup(t *testing.T) {
	ix := Build(seedEntries())
	tests := []struct {
		name, typed string
		want        []string // in order, as text/match
	}{
		{"prefix", "垃圾", []string{"垃圾/prefix", "垃圾分类/prefix"}},
		{"a unit by its short form, before terms", "城管", []string{"区城管局/prefix"}},
		{"a unit's pinyin without its level", "chengguan", []string{"区城管局/pinyin"}},
		{"a unit's initials without its level", "cgj", []string{"区城管局/initials"}},
		{"a long spelling's short form", "chengguanju", []string{"区城管局/pinyin"}},
		{"the common reading before a rare one (提 chi)", "cg", []string{"区城管局/initials", "场馆/initials", "提高/initials"}},
		{"a rare reading still finds", "chigao", []string{"提高/pinyin"}},
		{"inside a title", "政府工作", []string{"2018年《政府工作报告》工作任务分解表/contains"}},
		{"pinyin in full", "zhuzhenwei", []string{"祝振伟/pinyin"}},
		{"pinyin begun", "zhuzh", []string{"祝振伟/pinyin"}},
		{"initials", "zzw", []string{"祝振伟/initials"}},
		{"initials of a term", "ljfl", []string{"垃圾分类/initials"}},
		{"pinyin of a term", "lajifenlei", []string{"垃圾分类/pinyin"}},
		{"surname reading 曾 zeng", "zenghong", []string{"曾宏/pinyin"}},
		{"surname reading 单 shan", "shanxiaohong", []string{"单晓红/pinyin"}},
		{"surname reading 於 yu", "ywg", []string{"於卫国/initials"}},
		{"a polyphone in a term, either reading", "chongdian", []string{"重点项目/pinyin"}},
		{"the other reading", "zhongdianxiangmu", []string{"重点项目/pinyin"}},
		{"letters and digits", "5g", []string{"5G/prefix"}},
		{"case and spaces", "ZZ W", []string{"祝振伟/initials"}},
		{"traditional", "垃圾分類", []string{"垃圾分类/prefix"}},
		{"nothing", "xyzq", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(ix.Lookup(tc.typed, DefaultLimit))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Lookup(%q) = %v, want %v", tc.typed, got, tc.want)
			}
		})
	}
}

func TestLookupOrderAndSpellings(t *testing.T) {
	ix := Build(seedEntries())
	// 区城管局 and 区城市管理局 are one unit: offered once, by its own name
	// where both match alike; units before terms; more tasks first.
	got := ix.Lookup("区", DefaultLimit)
	if want := []string{"区住建局/prefix", "区经信局/prefix", "区城管局/prefix", "祝振伟副区长/contains"}; !slices.Equal(texts(got), want) {
		t.Errorf("区 = %v, want %v", texts(got), want)
	}
	if got[2].Value != "区城管局" {
		t.Errorf("a spelling's value = %q, want its identity", got[2].Value)
	}
	// zhu: the leader before any other kind, once though two spellings match
	zhu := ix.Lookup("zhu", DefaultLimit)
	if len(zhu) != 1 || zhu[0].Text != "祝振伟" || zhu[0].Kind != Leader {
		t.Errorf("zhu = %+v", zhu)
	}
	// chengshi: a term and a unit spelling both; the unit first
	cs := ix.Lookup("chengshiguanli", DefaultLimit)
	if len(cs) != 2 || cs[0].Text != "区城市管理局" || cs[1].Text != "城市管理" {
		t.Errorf("chengshiguanli = %+v", cs)
	}
	if n := len(ix.Lookup("z", 2)); n != 2 {
		t.Errorf("limit 2 gave %d", n)
	}
	if got := ix.Lookup("", DefaultLimit); len(got) != 0 {
		t.Errorf("empty = %v", got)
	}
	if got := ix.Lookup(strings.Repeat("垃", 10000), DefaultLimit); len(got) != 0 {
		t.Errorf("a long query = %v", got)
	}
}

// scale builds entries sized like a store of 100,000 tasks (measured on
// the dubanbench corpus and rounded up: a few thousand leaders and units,
// the terms standing in at least three tasks, a notice per hundred tasks):
// names and words drawn from the 3,755 most common characters (GB2312
// level 1), so their pinyin spreads as real text's does.
func scale(tb testing.TB, leaders, units, terms, titles int) []Entry {
	tb.Helper()
	var common []rune
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := byte(0xB0); hi <= 0xD7; hi++ {
		for lo := byte(0xA1); lo <= 0xFE; lo++ {
			if hi == 0xD7 && lo > 0xF9 {
				break
			}
			s, err := dec.Bytes([]byte{hi, lo})
			if err != nil {
				tb.Fatal(err)
			}
			common = append(common, []rune(string(s))...)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(lo, hi int) string {
		n := lo + rng.IntN(hi-lo+1)
		var b strings.Builder
		for range n {
			// common characters are drawn more often (a power law)
			i := int(float64(len(common)) * rng.Float64() * rng.Float64())
			b.WriteRune(common[i])
		}
		return b.String()
	}
	var out []Entry
	for range leaders {
		n := word(2, 3)
		out = append(out, Entry{Text: n, Kind: Leader, Value: n, Count: 1 + rng.IntN(200)})
	}
	for range units {
		body := word(2, 6) + "局"
		n := "区" + body
		out = append(out, Entry{Text: n, Kind: Unit, Value: n, Count: 1 + rng.IntN(500), Aliases: []string{body}})
	}
	for range terms {
		n := word(2, 6)
		out = append(out, Entry{Text: n, Kind: Term, Value: n, Count: 3 + rng.IntN(2000)})
	}
	for i := range titles {
		n := fmt.Sprintf("%d年%s工作任务分解表", 2015+i%10, word(8, 20))
		out = append(out, Entry{Text: n, Kind: Title, Value: fmt.Sprint(i), Count: 100})
	}
	return out
}

// typedQueries are what people type: the first one to four characters of
// entries, their pinyin begun and their initials.
func typedQueries(entries []Entry, n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	var qs []string
	for len(qs) < n {
		e := entries[rng.IntN(len(entries))]
		r := []rune(e.Text)
		full, initials := spellings(e.Text, e.Kind == Leader)
		switch len(qs) % 4 {
		case 0:
			qs = append(qs, string(r[:min(len(r), 1+rng.IntN(4))]))
		case 1:
			qs = append(qs, string(r[min(len(r)-1, 1):min(len(r), 3)]))
		case 2:
			if len(full) > 0 {
				qs = append(qs, full[0][:min(len(full[0]), 1+rng.IntN(8))])
			}
		case 3:
			if len(initials) > 0 {
				qs = append(qs, initials[0][:min(len(initials[0]), 1+rng.IntN(4))])
			}
		}
	}
	return qs
}

// BenchmarkSuggest looks up what people type in an index sized like 100,000
// tasks' and reports the lookups' p50 and p99 (the target is p99 ≤ 5 ms;
// the HTTP handler adds JSON encoding of ten suggestions).
func BenchmarkSuggest(b *testing.B) {
	entries := scale(b, 2000, 5000, 20000, 1000)
	start := time.Now()
	ix := Build(entries)
	b.ReportMetric(float64(time.Since(start).Milliseconds()), "build-ms")
	qs := typedQueries(entries, 2000)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		ix.Lookup(qs[i%len(qs)], DefaultLimit)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(ix.Len()), "entries")
}

// TestLookupMatchesBruteForce: the answers kept for common beginnings are
// those a walk over every entry gives.
func TestLookupMatchesBruteForce(t *testing.T) {
	entries := scale(t, 300, 600, 3000, 100)
	ix := Build(entries)
	if len(ix.keptKeys) == 0 || len(ix.keptSubs) == 0 {
		t.Fatal("no beginning is common enough to be kept: the test tests nothing")
	}
	type spelled struct {
		texts          []string
		full, initials [][]string
	}
	sp := make([]spelled, len(ix.entries))
	for i, e := range ix.entries {
		sp[i].texts = append([]string{e.Text}, e.Aliases...)
		for _, t := range sp[i].texts {
			full, initials := spellings(t, e.Kind == Leader)
			sp[i].full = append(sp[i].full, full)
			sp[i].initials = append(sp[i].initials, initials)
		}
	}
	brute := func(typed string, n int) []string {
		q := fold(typed)
		type c struct {
			e     int
			match uint8
		}
		var cs []c
		for i, e := range ix.entries {
			m := uint8(255)
			better := func(t uint8) { m = min(m, t) }
			for k, t := range sp[i].texts {
				if strings.HasPrefix(fold(t), q) {
					better(tierPrefix)
				}
				for j, p := range sp[i].full[k] {
					if p != fold(t) && strings.HasPrefix(p, q) {
						better(readingTier(j, p, sp[i].full[k], tierPinyin, tierPinyinRare))
					}
				}
				for j, p := range sp[i].initials[k] {
					if p != fold(t) && len(p) > 1 && strings.HasPrefix(p, q) {
						better(readingTier(j, p, sp[i].initials[k], tierInitials, tierInitialsRare))
					}
				}
			}
			if m == 255 && strings.Contains(fold(e.Text), q) {
				m = tierContains
			}
			if m != 255 {
				cs = append(cs, c{i, m})
			}
		}
		slices.SortFunc(cs, func(a, b c) int {
			if a.match != b.match {
				return int(a.match) - int(b.match)
			}
			return int(ix.rank[a.e] - ix.rank[b.e])
		})
		var out []string
		seen := map[string]bool{}
		for _, x := range cs {
			e := ix.entries[x.e]
			if k := e.Kind + "\x00" + e.Value; !seen[k] && len(out) < n {
				seen[k] = true
				out = append(out, e.Text+"/"+matches[x.match])
			}
		}
		return out
	}
	qs := append(typedQueries(entries, 400), "a", "z", "s", "sh", "l", "区", "局")
	for _, q := range qs {
		if got, want := texts(ix.Lookup(q, DefaultLimit)), brute(q, DefaultLimit); !slices.Equal(got, want) {
			t.Errorf("Lookup(%q) = %v, want %v", q, got, want)
		}
	}
}
