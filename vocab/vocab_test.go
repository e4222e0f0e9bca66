package vocab

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

const issuer = "杭州市余杭区人民政府办公室"

// groups makes unit groups as the index lists them: each name is written
// as itself, or as "base|written|written…".
func groups(specs ...string) []index.UnitGroup {
	var out []index.UnitGroup
	for i, s := range specs {
		parts := strings.Split(s, "|")
		g := index.UnitGroup{Name: parts[0], Tasks: 10 - i%10}
		if len(parts) == 1 {
			parts = append(parts, parts[0])
		}
		for _, w := range parts[1:] {
			g.Variants = append(g.Variants, index.NameCount{Name: w, Tasks: 1})
		}
		out = append(out, g)
	}
	return out
}

func lexicon(t *testing.T, v *Vocabulary, units ...string) *Lexicon {
	t.Helper()
	return Build(v, Data{Units: groups(units...), Issuers: []string{issuer},
		Leaders: []index.NameCount{{Name: "祝振伟", Tasks: 29}, {Name: "祝振伟副区长", Tasks: 3}, {Name: "祝振伟同志", Tasks: 1}, {Name: "曾宏", Tasks: 7}, {Name: "於卫国", Tasks: 17}}})
}

var units2018and2019 = []string{
	"区城管局", "区城市管理局", "余杭区城管局", "杭州市余杭区城市管理局",
	"区发改局|区发改局|区发改局(金融办)", "区发展和改革局", "区金融办",
	"区经信局", "区经济和信息化局", "区住建局|区住建局|区住建局(规划分局)", "区住房和城乡建设局",
	"区人力社保局", "区人力资源和社会保障局", "区市场监管局", "区市场监督管理局",
	"余杭经济技术开发区|余杭经济技术开发区(钱江经济开发区)", "钱江经济开发区",
	"区环保局", "区生态环境分局", "区农业局", "区农业农村局", "区文广新闻出版局", "区文化和广电旅游体育局",
	"城管局", "市城管局", "区委宣传部", "市委宣传部", "区“五水共治”办", "区五水共治办",
}

func TestUnitIdentity(t *testing.T) {
	l := lexicon(t, nil, units2018and2019...)
	tests := []struct {
		name  string
		names []string // one identity
	}{
		{"shortening 城管 = 城市管理, place and level", []string{"区城管局", "区城市管理局", "余杭区城管局", "杭州市余杭区城市管理局"}},
		{"发改 = 发展和改革", []string{"区发改局", "区发展和改革局", "区发改局(金融办)"}},
		{"经信 = 经济和信息化", []string{"区经信局", "区经济和信息化局"}},
		{"住建 = 住房和城乡建设, a sub-office in brackets", []string{"区住建局", "区住房和城乡建设局", "区住建局(规划分局)"}},
		{"人力社保 = 人力资源和社会保障", []string{"区人力社保局", "区人力资源和社会保障局"}},
		{"市场监管 = 市场监督管理, 市场 is no level", []string{"区市场监管局", "区市场监督管理局"}},
		{"a bracketed second name of the same kind", []string{"余杭经济技术开发区", "钱江经济开发区"}},
		{"quotes", []string{"区“五水共治”办", "区五水共治办"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := l.UnitIdentity(tc.names[0])
			if id == "" {
				t.Fatalf("%s has no identity", tc.names[0])
			}
			for _, n := range tc.names[1:] {
				if got := l.UnitIdentity(n); got != id {
					t.Errorf("%s is %q, %s is %q", tc.names[0], id, n, got)
				}
			}
			names := l.UnitNames(tc.names[len(tc.names)-1])
			for _, n := range tc.names {
				if !slices.Contains(names, n) {
					t.Errorf("UnitNames lacks %s: %v", n, names)
				}
			}
		})
	}
	apart := []struct {
		name string
		a, b string
	}{
		{"a bare name is not merged with a level", "城管局", "区城管局"},
		{"the city's bureau is not the district's", "市城管局", "区城管局"},
		{"区委 and 市委 differ", "区委宣传部", "市委宣传部"},
		{"a rename is proposed, not made", "区环保局", "区生态环境分局"},
		{"a body hosted in brackets is proposed, not made", "区金融办", "区发改局"},
		{"市场监管 is not 市 + 场监管", "区市场监管局", "城管局"},
	}
	for _, tc := range apart {
		t.Run(tc.name, func(t *testing.T) {
			if a, b := l.UnitIdentity(tc.a), l.UnitIdentity(tc.b); a == b {
				t.Errorf("%s and %s are both %q", tc.a, tc.b, a)
			}
		})
	}
	// A name not in the data finds its identity by its key.
	if got := l.UnitIdentity("余杭区城市管理局"); got != l.UnitIdentity("区城管局") {
		t.Errorf("余杭区城市管理局 = %q", got)
	}
	// The identity is shown by its spelling of most tasks.
	if got := l.UnitIdentity("区城市管理局"); got != "区城管局" {
		t.Errorf("shown as %q, want 区城管局 (most tasks)", got)
	}
}

func proposalFor(ps []Proposal, a, b string) *Proposal {
	for i, p := range ps {
		names := []string{p.Units[0].Name, p.Units[1].Name}
		if slices.Contains(names, a) && slices.Contains(names, b) {
			return &ps[i]
		}
	}
	return nil
}

func TestProposalsNotAppliedUntilAccepted(t *testing.T) {
	l := lexicon(t, nil, units2018and2019...)
	ps := l.Proposals()
	want := []struct{ a, b, reason string }{
		{"区环保局", "区生态环境分局", ReasonRename},
		{"区农业局", "区农业农村局", ReasonRename},
		{"区文广新闻出版局", "区文化和广电旅游体育局", ReasonRename},
		{"城管局", "区城管局", ReasonLevel},
		{"市城管局", "区城管局", ReasonLevel},
		{"区金融办", "区发改局", ReasonBracket},
	}
	for _, w := range want {
		p := proposalFor(ps, w.a, w.b)
		if p == nil {
			t.Errorf("no proposal for %s and %s; got %+v", w.a, w.b, ps)
			continue
		}
		if p.Reason != w.reason || p.Text == "" || p.ID == "" {
			t.Errorf("%s/%s: %+v", w.a, w.b, p)
		}
		if w.reason == ReasonRename && (p.Merge.Name != w.b || !slices.Equal(p.Merge.Names, []string{w.a})) {
			t.Errorf("a rename merges into the new name: %+v", p.Merge)
		}
	}
	if proposalFor(ps, "区委宣传部", "市委宣传部") == nil {
		t.Error("区委宣传部 and 市委宣传部 are one body at two levels: proposed")
	}
	// Accepting: the proposal's merge in the vocabulary.
	rename := proposalFor(ps, "区环保局", "区生态环境分局")
	v := &Vocabulary{Units: []Merge{rename.Merge}}
	// Rejecting: the pair apart.
	v.Apart = [][2]string{{"区金融办", "区发改局(金融办)"}}
	l2 := lexicon(t, v, units2018and2019...)
	if a, b := l2.UnitIdentity("区环保局"), l2.UnitIdentity("区生态环境分局"); a != "区生态环境分局" || b != a {
		t.Errorf("after the merge: 区环保局 → %q, 区生态环境分局 → %q", a, b)
	}
	if proposalFor(l2.Proposals(), "区环保局", "区生态环境分局") != nil {
		t.Error("an accepted proposal is proposed again")
	}
	if proposalFor(l2.Proposals(), "区金融办", "区发改局") != nil {
		t.Error("a rejected proposal is proposed again")
	}
	if proposalFor(l2.Proposals(), "区农业局", "区农业农村局") == nil {
		t.Error("the other proposals stay")
	}
	// A merge of names the data does not hold yet still resolves them.
	v.Units = append(v.Units, Merge{Name: "区数据资源局", Names: []string{"区数据资源管理局", "区信息中心"}})
	l3 := lexicon(t, v, units2018and2019...)
	if got := l3.UnitIdentity("区数据资源管理局"); got != "区数据资源局" {
		t.Errorf("区数据资源管理局 = %q", got)
	}
	// Renames merge every spelling of the old name.
	v.Units = []Merge{{Name: "区城市管理局", Names: []string{"城管局", "市城管局"}}}
	l4 := lexicon(t, v, units2018and2019...)
	for _, n := range []string{"区城管局", "余杭区城管局", "城管局", "市城管局"} {
		if got := l4.UnitIdentity(n); got != "区城市管理局" {
			t.Errorf("%s = %q, want the vocabulary's name", n, got)
		}
	}
}

func TestLeaderIdentity(t *testing.T) {
	l := lexicon(t, nil)
	for _, n := range []string{"祝振伟", "祝振伟副区长", "祝振伟同志", "常务副区长祝振伟", "祝振伟(常务副区长)"} {
		if got := l.LeaderIdentity(n); got != "祝振伟" {
			t.Errorf("%s = %q", n, got)
		}
	}
	if got := l.LeaderNames("祝振伟"); !slices.Equal(got, []string{"祝振伟", "祝振伟副区长", "祝振伟同志"}) {
		t.Errorf("LeaderNames = %v", got)
	}
	if got := l.LeaderIdentity("於卫国"); got != "於卫国" {
		t.Errorf("a name's characters are its own: 於卫国 = %q", got)
	}
	if l.LeaderIdentity("曾宏") == l.LeaderIdentity("祝振伟") {
		t.Error("two people are one")
	}
	l2 := lexicon(t, &Vocabulary{Leaders: []Merge{{Name: "祝振伟", Names: []string{"祝振玮"}}}})
	if got := l2.LeaderIdentity("祝振玮副区长"); got != "祝振伟" {
		t.Errorf("a misspelling the office merged = %q", got)
	}
}

func TestSynonyms(t *testing.T) {
	l := lexicon(t, &Vocabulary{Synonyms: []Synonym{{Words: []string{"亚运", "亚运会", "亚洲运动会"}}, {Words: []string{"城西", "城西科创大走廊"}, OneWay: true}}})
	tests := []struct {
		word string
		want []string
	}{
		{"5G", []string{"第五代移动通信"}},
		{"5g", []string{"第五代移动通信"}},
		{"第五代移动通信", []string{"5G"}},
		{"治水", []string{"五水共治"}},
		{"亚运", []string{"亚运会", "亚洲运动会"}},
		{"亚洲运动会", []string{"亚运", "亚运会"}},
		{"城西", []string{"城西科创大走廊"}},
		{"城西科创大走廊", nil},
		{"5G基站", []string{"第五代移动通信基站"}},
		{"规上工业", []string{"规模以上工业"}}, // its own, and 规上 inside it replaced: the same word
		{"垃圾分类", nil},
	}
	for _, tc := range tests {
		if got := l.Synonyms(tc.word); !slices.Equal(got, tc.want) {
			t.Errorf("Synonyms(%q) = %v, want %v", tc.word, got, tc.want)
		}
	}
	// One-way: 五水共治 does not find 治水.
	if slices.Contains(l.Synonyms("五水共治"), "治水") {
		t.Error("a one-way synonym goes back")
	}
	off := lexicon(t, &Vocabulary{StarterOff: []string{"第五代移动通信"}})
	if got := off.Synonyms("5G"); len(got) != 0 {
		t.Errorf("a starter group turned off still applies: %v", got)
	}
	if off.StarterGroups() != l.StarterGroups()-1 {
		t.Errorf("starter groups on: %d and %d", off.StarterGroups(), l.StarterGroups())
	}
	for _, w := range []string{"五水共治", "双创"} {
		if n := len(l.Synonyms(w)); n == 0 || n > MaxSynonyms {
			t.Errorf("%s has %d synonyms", w, n)
		}
	}
}

func TestStarterParses(t *testing.T) {
	if n := len(Starter()); n < 40 {
		t.Errorf("only %d starter groups", n)
	}
	for _, g := range Starter() {
		for _, w := range g.Words {
			if strings.ContainsAny(w, "、,, ") {
				t.Errorf("starter word %q holds punctuation: a query word never does", w)
			}
		}
	}
}

func TestParseAndFormat(t *testing.T) {
	text := `# 注释
[单位]
区生态环境分局 = 区环保局 = 余杭区环保局
[领导]
祝振伟 = 祝振玮
[同义词]
5G = 第五代移动通信
治水 => 五水共治
[不合并]
区金融办 != 区发改局
[停用内置同义词]
双创
`
	v, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Units) != 1 || v.Units[0].Name != "区生态环境分局" || len(v.Units[0].Names) != 2 ||
		len(v.Synonyms) != 2 || !v.Synonyms[1].OneWay || len(v.Apart) != 1 || v.StarterOff[0] != "双创" {
		t.Fatalf("parsed %+v", v)
	}
	again, err := Parse(v.Format())
	if err != nil {
		t.Fatal(err)
	}
	if again.Format() != v.Format() {
		t.Errorf("format is not stable:\n%s\n%s", v.Format(), again.Format())
	}
	bad := []struct{ text, says string }{
		{"区环保局 = 区生态环境分局", "第 1 行"},
		{"[单位]\n区环保局", "第 2 行"},
		{"[别的]\n", "不认识的分节"},
		{"[单位]\nA局 = B局\nC局 = B局", "同时出现"},
		{"[同义词]\n5G", "第 2 行"},
		{"[不合并]\nA != A", "相同"},
		{"[单位]\n" + strings.Repeat("长", 101) + " = 局", "过长"},
		{"\xff", "UTF-8"},
		// a merge and a pair kept apart of the same two names: both lines named
		{"[单位]\n区金融办 = 区发改局\n[不合并]\n区发改局 != 区金融办", "第 4 行:“区发改局 != 区金融办”与第 2 行的合并"},
		{"[不合并]\n区环保局 != 环保分局\n[单位]\n区生态环境分局 = 区环保局 = 环保分局", "第 2 行:“区环保局 != 环保分局”与第 4 行的合并"},
	}
	for _, b := range bad {
		_, err := Parse(b.text)
		if ingest.ErrorCode(err) != ingest.EINVALID || !strings.Contains(ingest.ErrorMessage(err), b.says) {
			t.Errorf("Parse(%q) = %v, want EINVALID saying %q", b.text, err, b.says)
		}
	}
}

func TestStore(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	v, rev := s.Get()
	if len(v.Units) != 0 || rev == "" {
		t.Fatalf("empty store: %+v %q", v, rev)
	}
	next := &Vocabulary{Units: []Merge{{Name: " 区生态环境分局 ", Names: []string{"区环保局", "", "区环保局"}}}}
	rev2, err := s.Put(next, rev)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(next, rev); ingest.ErrorCode(err) != ingest.ECONFLICT {
		t.Errorf("a save over another's = %v, want ECONFLICT", err)
	}
	if _, err := s.Put(&Vocabulary{Units: []Merge{{Name: "甲局"}}}, ""); ingest.ErrorCode(err) != ingest.EINVALID {
		t.Errorf("a merge without names = %v", err)
	}
	contradictory := &Vocabulary{Units: []Merge{{Name: "甲局", Names: []string{"乙局"}}}, Apart: [][2]string{{"乙局", "甲局"}}}
	if _, err := s.Put(contradictory, ""); ingest.ErrorCode(err) != ingest.EINVALID || !strings.Contains(ingest.ErrorMessage(err), "既在不合并中") {
		t.Errorf("a merge and a pair kept apart of the same names = %v", err)
	}
	reopened, err := Open(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	got, rev3 := reopened.Get()
	if rev3 != rev2 || len(got.Units) != 1 || got.Units[0].Name != "区生态环境分局" || !slices.Equal(got.Units[0].Names, []string{"区环保局"}) {
		t.Errorf("reopened: %+v %s/%s", got, rev3, rev2)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != FileName {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !strings.Contains(string(raw), "区生态环境分局 = 区环保局") || !strings.HasPrefix(string(raw), "# 督办搜词表") {
		t.Errorf("file:\n%s", raw)
	}
	// a save a kill cut short: left for a read-only open, removed when
	// opened for writing
	left := filepath.Join(dir, FileName+".tmp-4242")
	os.WriteFile(left, []byte("[单位]\n半"), 0o644)
	ro, err := Open(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err != nil {
		t.Errorf("a read-only open removed %s", left)
	}
	if _, err := Open(dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Errorf("%s left after a writable open", left)
	}
	if _, err := ro.Put(next, ""); ingest.ErrorCode(err) != ingest.EFORBIDDEN {
		t.Errorf("read-only put = %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("[单位]\n坏行\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, false); err == nil || !strings.Contains(err.Error(), "第 2 行") {
		t.Errorf("a broken file opens: %v", err)
	}
}

func TestCompareByIdentity(t *testing.T) {
	l := lexicon(t, &Vocabulary{Units: []Merge{{Name: "区生态环境分局", Names: []string{"区环保局"}}}}, units2018and2019...)
	task := func(text string, leaders []string, units ...string) *ingest.Task {
		return &ingest.Task{Text: text, Leaders: leaders, Units: units}
	}
	cmp := &index.Comparison{Counts: map[string]int{index.Carried: 0, index.Changed: 2, index.New: 0, index.Dropped: 0}, Pairs: []index.Pair{
		{Class: index.Changed, From: task("深化五水共治。", []string{"葛建伟"}, "区环保局"), To: task("深化五水共治。", []string{"葛建伟副区长"}, "区生态环境分局"),
			UnitsAdded: []string{"区生态环境分局"}, UnitsRemoved: []string{"区环保局"}},
		{Class: index.Changed, From: task("推进垃圾分类。", nil, "区城管局"), To: task("全面推进垃圾分类。", nil, "区城市管理局", "区发改局"),
			UnitsAdded: []string{"区城市管理局", "区发改局"}, UnitsRemoved: []string{"区城管局"}},
	}}
	l.Compare(cmp)
	if p := cmp.Pairs[0]; p.Class != index.Carried || len(p.UnitsAdded)+len(p.UnitsRemoved) != 0 {
		t.Errorf("a renamed unit, same text: %+v", p)
	}
	if p := cmp.Pairs[1]; p.Class != index.Changed || !slices.Equal(p.UnitsAdded, []string{"区发改局"}) || len(p.UnitsRemoved) != 0 {
		t.Errorf("a respelled unit and a new one: %+v", p)
	}
	if cmp.Counts[index.Carried] != 1 || cmp.Counts[index.Changed] != 1 {
		t.Errorf("counts = %v", cmp.Counts)
	}
}
