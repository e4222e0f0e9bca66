// Package vocab is the office's own words: one identity behind the many
// spellings of a unit or a leader, the renames and merges the office
// decides, and the synonyms its staff search with. It is the office's data,
// not the index's: nothing here is indexed, and a search applies it through
// index.Request.Vocabulary, so an edit changes the next search at once.
//
// Three things make up what a search sees (a Lexicon):
//
//   - What duban recognises by itself (units.go, leaders.go): a unit's
//     leading place name or level (余杭区, 区, 县, 市), the usual shortenings
//     both ways (城管 = 城市管理, 发改 = 发展和改革 …), quotes and spaces, and
//     a bracketed second name of the same kind; a leader's title (祝振伟副区长,
//     祝振伟同志). Names alike in these ways are one identity. Likenesses it
//     is not sure of — another level, a bracketed name of another kind, a
//     known reform rename (区环保局 → 生态环境分局), 局 beside 委 — are
//     proposed (proposals.go), never applied until the office accepts them.
//   - The office's vocabulary (this file): merges and renames of units and
//     leaders, pairs it has said are not one unit, synonyms, and starter
//     synonyms it has turned off. It is a plain text file in the data dir
//     (DATA/vocabulary.txt) that the page edits through GET/PUT
//     /api/vocabulary and that can be exported and imported as it is.
//   - The starter synonyms shipped with duban (starter.txt, embedded).
package vocab

import (
	"bufio"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Merge is one identity the office decided: Name is the name shown (after a
// rename, the new one), Names the other names it has gone by.
type Merge struct {
	Name  string   `json:"name"`
	Names []string `json:"names"`
}

// Synonym is a group of words a query treats as one: any of them finds the
// others. OneWay: only the first finds the others (治水 => 五水共治 finds
// 五水共治 for 治水, not 治水 for 五水共治).
type Synonym struct {
	Words  []string `json:"words"`
	OneWay bool     `json:"one_way,omitempty"`
}

// Vocabulary is what the office has said, as kept in its file.
type Vocabulary struct {
	Units    []Merge   `json:"units"`
	Leaders  []Merge   `json:"leaders"`
	Synonyms []Synonym `json:"synonyms"`
	// Apart are pairs of unit names the office has said are not one unit
	// (a proposal it rejected): never proposed again.
	Apart [][2]string `json:"apart"`
	// StarterOff are words whose starter synonym groups are not applied.
	StarterOff []string `json:"starter_off"`
	// Columns are the office's reading rules ([栏目]): what a column header
	// or key its documents write means (columns.go).
	Columns []ColumnRule `json:"columns"`
}

// Limits of a vocabulary file.
const (
	MaxFileBytes = 1 << 20
	MaxEntries   = 20000
	MaxNameRunes = 100
	MaxWordRunes = 50
)

// Section headers of the file, in the order Format writes them.
const (
	sectionUnits      = "单位"
	sectionLeaders    = "领导"
	sectionSynonyms   = "同义词"
	sectionApart      = "不合并"
	sectionStarterOff = "停用内置同义词"
	sectionColumns    = "栏目"
)

// fileHeader opens every file Format writes: how to edit it.
const fileHeader = `# 督办搜词表:本单位的用语。每行一条,“#”开头的行为注释。
# [单位] 与 [领导]:“新名称 = 旧名称 = 其他写法”,左边第一个是显示的名称,右边是它用过的名称
#   (机构改革更名、简称、错别字),例如:区生态环境分局 = 区环保局
# [同义词]:“5G = 第五代移动通信”互相可搜到;“治水 => 五水共治”只由左边搜到右边
# [不合并]:“区金融办 != 区发改局”,这两个名称不是同一单位,不再建议合并
# [停用内置同义词]:每行一个词,含这个词的内置同义词组不再使用
# [栏目]:“包保单位 = 牵头单位”,文件中这样写的列名或关键词读作右边的栏目;右边可写
#   牵头单位、配合单位、牵头领导、完成时限、工作任务、序号、所属部分、忽略
`

// Parse reads a vocabulary file. Mistakes are EINVALID errors naming the
// line.
func Parse(text string) (*Vocabulary, error) {
	if len(text) > MaxFileBytes {
		return nil, ingest.Errorf(ingest.ETOOLARGE, "词表文件超过 %d KB", MaxFileBytes>>10)
	}
	if !utf8.ValidString(text) {
		return nil, ingest.Errorf(ingest.EINVALID, "词表文件不是 UTF-8 文字")
	}
	v := &Vocabulary{}
	section := ""
	// the line of each unit merge and each pair kept apart, to name both
	// lines of a contradiction
	var unitLines, apartLines []int
	sc := bufio.NewScanner(strings.NewReader(strings.TrimPrefix(text, "\uFEFF")))
	sc.Buffer(make([]byte, 64<<10), MaxFileBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) error {
			return ingest.Errorf(ingest.EINVALID, "词表第 %d 行:%s", n, fmt.Sprintf(format, args...))
		}
		if strings.HasPrefix(line, "[") || strings.HasPrefix(line, "【") {
			section = strings.Trim(line, "[]【】 ")
			switch section {
			case sectionUnits, sectionLeaders, sectionSynonyms, sectionApart, sectionStarterOff, sectionColumns:
			default:
				return nil, bad("不认识的分节 %q(可用:[单位] [领导] [同义词] [不合并] [停用内置同义词] [栏目])", section)
			}
			continue
		}
		switch section {
		case "":
			return nil, bad("请先写分节名,如 [单位]")
		case sectionUnits, sectionLeaders:
			names := splitOn(line, "=", "=")
			if len(names) < 2 {
				return nil, bad("应写作“名称 = 其他写法”")
			}
			m := Merge{Name: names[0], Names: names[1:]}
			if section == sectionUnits {
				v.Units = append(v.Units, m)
				unitLines = append(unitLines, n)
			} else {
				v.Leaders = append(v.Leaders, m)
			}
		case sectionSynonyms:
			s := Synonym{}
			if a, b, ok := strings.Cut(line, "=>"); ok {
				s.OneWay = true
				s.Words = append([]string{strings.TrimSpace(a)}, splitOn(b, "=", "=", ",", ",", "、")...)
			} else {
				s.Words = splitOn(line, "=", "=")
			}
			if len(s.Words) < 2 || s.Words[0] == "" {
				return nil, bad("应写作“词 = 同义词”或“词 => 同义词”")
			}
			v.Synonyms = append(v.Synonyms, s)
		case sectionApart:
			pair := splitOn(line, "!=", "≠")
			if len(pair) != 2 {
				return nil, bad("应写作“名称 != 另一名称”")
			}
			v.Apart = append(v.Apart, [2]string{pair[0], pair[1]})
			apartLines = append(apartLines, n)
		case sectionStarterOff:
			v.StarterOff = append(v.StarterOff, line)
		case sectionColumns:
			parts := splitOn(line, "=", "\uFF1D")
			if len(parts) != 2 {
				return nil, bad("应写作“列名或关键词 = 栏目”,如“包保单位 = 牵头单位”")
			}
			if err := checkRole(parts[1]); err != nil {
				return nil, bad("%s", ingest.ErrorMessage(err))
			}
			v.Columns = append(v.Columns, ColumnRule{Name: parts[0], Role: parts[1]})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, ingest.Errorf(ingest.EINVALID, "无法读取词表:%v", err)
	}
	if a, m, ok := v.contradiction(); ok {
		p := v.Apart[a]
		return nil, ingest.Errorf(ingest.EINVALID, "词表第 %d 行:“%s != %s”与第 %d 行的合并“%s”矛盾(同一对名称不能既合并又不合并);请删去其中一行",
			apartLines[a], p[0], p[1], unitLines[m], strings.Join(append([]string{v.Units[m].Name}, v.Units[m].Names...), " = "))
	}
	return v, v.Check()
}

// contradiction finds a pair kept apart whose two names one unit merge
// joins: the index of the pair and of the merge.
func (v *Vocabulary) contradiction() (apart, merge int, ok bool) {
	group := map[string]int{}
	for i, m := range v.Units {
		for _, n := range append([]string{m.Name}, m.Names...) {
			if _, seen := group[n]; !seen {
				group[n] = i
			}
		}
	}
	for i, p := range v.Apart {
		g0, ok0 := group[p[0]]
		g1, ok1 := group[p[1]]
		if ok0 && ok1 && g0 == g1 {
			return i, g0, true
		}
	}
	return 0, 0, false
}

// splitOn splits s on any of seps, trimming each part and dropping empty
// ones.
func splitOn(s string, seps ...string) []string {
	for _, sep := range seps[1:] {
		s = strings.ReplaceAll(s, sep, seps[0])
	}
	var out []string
	for _, p := range strings.Split(s, seps[0]) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Check validates a vocabulary as a whole: names not empty nor too long, a
// name in at most one merge, no merge of a name with itself, no pair kept
// apart that a merge joins, within the limits.
func (v *Vocabulary) Check() error {
	bad := func(format string, args ...any) error {
		return ingest.Errorf(ingest.EINVALID, format, args...)
	}
	if n := len(v.Units) + len(v.Leaders) + len(v.Synonyms) + len(v.Apart) + len(v.StarterOff) + len(v.Columns); n > MaxEntries {
		return bad("词表条目过多(%d 条,最多 %d 条)", n, MaxEntries)
	}
	name := func(kind, s string, limit int) error {
		switch {
		case strings.TrimSpace(s) == "":
			return bad("%s中有空的名称", kind)
		case utf8.RuneCountInString(s) > limit:
			return bad("%s中的名称过长(最多 %d 个字):%s", kind, limit, s)
		case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '=' || r == '#' }):
			return bad("%s中的名称含有不能用的字符:%q", kind, s)
		}
		return nil
	}
	for _, set := range []struct {
		kind   string
		merges []Merge
	}{{"单位", v.Units}, {"领导", v.Leaders}} {
		owner := map[string]string{}
		for _, m := range set.merges {
			if len(m.Names) == 0 {
				return bad("%s“%s”没有写其他名称", set.kind, m.Name)
			}
			for _, n := range append([]string{m.Name}, m.Names...) {
				if err := name(set.kind, n, MaxNameRunes); err != nil {
					return err
				}
				if o, ok := owner[n]; ok {
					if o == m.Name {
						return bad("%s“%s”重复写了名称“%s”", set.kind, m.Name, n)
					}
					return bad("%s名称“%s”同时出现在“%s”和“%s”两条中", set.kind, n, o, m.Name)
				}
				owner[n] = m.Name
			}
		}
	}
	for _, s := range v.Synonyms {
		if len(s.Words) < 2 {
			return bad("同义词组至少要有两个词")
		}
		for _, w := range s.Words {
			if err := name("同义词", w, MaxWordRunes); err != nil {
				return err
			}
			if strings.ContainsFunc(w, unicode.IsSpace) {
				return bad("同义词“%s”中不能有空格", w)
			}
		}
	}
	for _, p := range v.Apart {
		for _, n := range p {
			if err := name("不合并", n, MaxNameRunes); err != nil {
				return err
			}
		}
		if p[0] == p[1] {
			return bad("不合并的两个名称相同:%s", p[0])
		}
	}
	if a, m, ok := v.contradiction(); ok {
		return bad("“%s”与“%s”既在不合并中,又在单位“%s”的合并中(同一对名称不能既合并又不合并)", v.Apart[a][0], v.Apart[a][1], v.Units[m].Name)
	}
	for _, w := range v.StarterOff {
		if err := name("停用内置同义词", w, MaxWordRunes); err != nil {
			return err
		}
	}
	taught := map[string]string{}
	for _, r := range v.Columns {
		if err := name("栏目", r.Name, MaxWordRunes); err != nil {
			return err
		}
		if err := checkRole(r.Role); err != nil {
			return bad("栏目“%s”:%s", r.Name, ingest.ErrorMessage(err))
		}
		if was, ok := taught[r.Name]; ok {
			return bad("栏目“%s”写了两次(%s、%s),只能有一个含义", r.Name, was, r.Role)
		}
		taught[r.Name] = r.Role
	}
	return nil
}

// Format writes the vocabulary as its file: a header saying how to edit it,
// then each section.
func (v *Vocabulary) Format() string {
	var b strings.Builder
	b.WriteString(fileHeader)
	merges := func(title string, ms []Merge) {
		fmt.Fprintf(&b, "\n[%s]\n", title)
		for _, m := range ms {
			b.WriteString(strings.Join(append([]string{m.Name}, m.Names...), " = "))
			b.WriteString("\n")
		}
	}
	merges(sectionUnits, v.Units)
	merges(sectionLeaders, v.Leaders)
	fmt.Fprintf(&b, "\n[%s]\n", sectionSynonyms)
	for _, s := range v.Synonyms {
		if s.OneWay {
			b.WriteString(s.Words[0] + " => " + strings.Join(s.Words[1:], " = "))
		} else {
			b.WriteString(strings.Join(s.Words, " = "))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n[%s]\n", sectionApart)
	for _, p := range v.Apart {
		b.WriteString(p[0] + " != " + p[1] + "\n")
	}
	fmt.Fprintf(&b, "\n[%s]\n", sectionStarterOff)
	for _, w := range v.StarterOff {
		b.WriteString(w + "\n")
	}
	fmt.Fprintf(&b, "\n[%s]\n", sectionColumns)
	for _, r := range v.Columns {
		b.WriteString(r.String() + "\n")
	}
	return b.String()
}

// Clean returns v with names trimmed, empty names and repeats dropped, and
// nil lists made empty, as the JSON API takes it.
func (v *Vocabulary) Clean() *Vocabulary {
	out := &Vocabulary{Units: []Merge{}, Leaders: []Merge{}, Synonyms: []Synonym{}, Apart: [][2]string{}, StarterOff: []string{}, Columns: []ColumnRule{}}
	clean := func(names []string) []string {
		var out []string
		for _, n := range names {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
		return out
	}
	for _, set := range []struct {
		in  []Merge
		out *[]Merge
	}{{v.Units, &out.Units}, {v.Leaders, &out.Leaders}} {
		for _, m := range set.in {
			name := strings.TrimSpace(m.Name)
			names := slices.DeleteFunc(clean(m.Names), func(n string) bool { return n == name })
			*set.out = append(*set.out, Merge{Name: name, Names: names})
		}
	}
	for _, s := range v.Synonyms {
		out.Synonyms = append(out.Synonyms, Synonym{Words: clean(s.Words), OneWay: s.OneWay})
	}
	for _, p := range v.Apart {
		out.Apart = append(out.Apart, [2]string{strings.TrimSpace(p[0]), strings.TrimSpace(p[1])})
	}
	out.StarterOff = clean(v.StarterOff)
	for _, r := range v.Columns {
		out.Columns = append(out.Columns, ColumnRule{Name: strings.TrimSpace(r.Name), Role: strings.TrimSpace(r.Role)})
	}
	return out
}
