package progress

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
)

// naiveMatchRow is matchRow as it was before the task index (issue 29):
// every task's pairs made again for every row. It stays here as the
// reference the index must agree with.
func naiveMatchRow(row ingest.ProgressRow, docs []*ingest.Document) ([]ingest.Task, string) {
	rg := grams(row.Text)
	if row.Seq > 0 {
		for _, d := range docs {
			for _, t := range d.Tasks {
				if t.Seq == row.Seq && similarity(rg, grams(t.Text), row.Units, t.UnitGroups) >= 0.4 {
					return []ingest.Task{t}, "seq"
				}
			}
		}
	}
	left := maps.Clone(rg)
	var out []ingest.Task
	taken := map[string]bool{}
	for len(left) >= 3 {
		var best ingest.Task
		bestScore := 0.0
		for _, d := range docs {
			for _, t := range d.Tasks {
				if taken[t.ID] {
					continue
				}
				if s := similarity(left, grams(t.Text), row.Units, t.UnitGroups); s > bestScore {
					best, bestScore = t, s
				}
			}
		}
		if bestScore < 0.5 {
			break
		}
		out, taken[best.ID] = append(out, best), true
		for g := range grams(best.Text) {
			delete(left, g)
		}
		if len(out) == 1 && float64(len(left)) < 0.3*float64(len(rg)) {
			break
		}
	}
	slices.SortFunc(out, func(a, b ingest.Task) int {
		if c := strings.Compare(a.DocID, b.DocID); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	return out, "text"
}

// matchKey writes a row's match as the IDs and how.
func matchKey(tasks []ingest.Task, by string) string {
	ids := make([]string, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ID
	}
	return by + ":" + strings.Join(ids, ",")
}

// words Chinese task texts are made of, in the notices' style.
var taskWords = strings.Fields(`推进 深化 加快 实施 完善 建设 提升 开展 落实 强化 创建 打造 改造 整治 治理 保护 发展 服务 管理 项目
	垃圾 污水 河湖 道路 公园 学校 医院 社区 乡村 旅游 产业 园区 企业 人才 科技 文化 体育 养老 交通 水利
	零直排区 资源化利用 五水共治 美丽乡村 老旧小区 数字经济 营商环境 安全生产 生态环境 城市更新 基础设施 公共服务
	全年 完成 投资 亿元 公里 个 所 家 户 平方米 年底前 力争 确保 不少于 累计 新增 提高 达到 覆盖`)

var unitNames = []string{"区城管局", "区林水局", "区发改局", "区教育局", "区卫健委", "区住建局", "区交通局", "区文旅局", "区经信局", "区民政局"}

// syntheticNotice is a notice of n tasks made of random words, and a
// report of rows rows: some tasks as written under their number, some
// shortened under another number, some two tasks in one row, some about
// nothing.
func syntheticNotice(r *rand.Rand, n, rows int) (*ingest.Document, *ingest.ProgressReport) {
	doc := &ingest.Document{Notice: ingest.Notice{ID: "doc"}}
	for i := range n {
		var b strings.Builder
		for range 8 + r.IntN(20) {
			b.WriteString(taskWords[r.IntN(len(taskWords))])
			if r.IntN(5) == 0 {
				b.WriteString(",")
			}
		}
		fmt.Fprintf(&b, "%d。", r.IntN(1000))
		u := unitNames[r.IntN(len(unitNames))]
		doc.Tasks = append(doc.Tasks, ingest.Task{ID: fmt.Sprintf("doc-%d", i+1), DocID: "doc", Seq: i + 1, Text: b.String(),
			Units: []string{u}, UnitGroups: []string{ingest.UnitGroup(u)}})
	}
	pr := &ingest.ProgressReport{}
	for i := range rows {
		t := doc.Tasks[r.IntN(n)]
		rs := []rune(t.Text)
		row := ingest.ProgressRow{Line: i + 1, Units: t.Units}
		switch r.IntN(4) {
		case 0: // as written, its number
			row.Seq, row.Text = t.Seq, t.Text
		case 1: // shortened, renumbered
			row.Seq, row.Text = r.IntN(n)+1, string(rs[:max(2, len(rs)*2/3)])
		case 2: // two tasks in one row
			row.Text = t.Text + doc.Tasks[r.IntN(n)].Text
		default: // about nothing in particular
			row.Text = taskWords[r.IntN(len(taskWords))] + taskWords[r.IntN(len(taskWords))] + "情况良好"
		}
		pr.Rows = append(pr.Rows, row)
	}
	return doc, pr
}

// TestIndexMatchesAsBefore: the task index gives the matches the naive
// scan gave, row for row, on the seed's reports and on a synthetic notice.
func TestIndexMatchesAsBefore(t *testing.T) {
	type notice struct {
		docs []*ingest.Document
		rows []ingest.ProgressRow
	}
	doc := seed(t)
	var cases []notice
	raw, _ := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	cases = append(cases, notice{[]*ingest.Document{doc}, readReport(t, string(raw)).Rows})
	// each task of the seed as a row, shortened and renumbered
	var rows []ingest.ProgressRow
	for _, task := range doc.Tasks {
		rs := []rune(task.Text)
		rows = append(rows, ingest.ProgressRow{Seq: task.Seq + 1, Text: string(rs[:len(rs)/2]), Units: task.Units})
	}
	cases = append(cases, notice{[]*ingest.Document{doc, doc}, rows})
	r := rand.New(rand.NewPCG(29, 1))
	d1, p1 := syntheticNotice(r, 400, 300)
	d2, _ := syntheticNotice(r, 150, 0)
	for i := range d2.Tasks {
		d2.ID, d2.Tasks[i].DocID, d2.Tasks[i].ID = "doc2", "doc2", fmt.Sprintf("doc2-%d", i+1)
	}
	cases = append(cases, notice{[]*ingest.Document{d1, d2}, p1.Rows})

	matched := 0
	for c, tt := range cases {
		ix := newTaskIndex(tt.docs)
		for _, row := range tt.rows {
			got := matchKey(ix.matchRow(row))
			want := matchKey(naiveMatchRow(row, tt.docs))
			if got != want {
				t.Errorf("case %d, row %q: index %s, naive %s", c, row.Text, got, want)
			}
			if !strings.HasSuffix(want, ":") {
				matched++
			}
		}
	}
	if matched < 200 {
		t.Errorf("only %d rows matched: the cases test little", matched)
	}
}

// BenchmarkMatch1000x5000: a 1,000-row report against a 5,000-task notice.
// The naive scan took 57 s of CPU here (2.8 s for 50 rows), the index
// 0.3 s with the notice's setup.
func BenchmarkMatch1000x5000(b *testing.B) {
	r := rand.New(rand.NewPCG(29, 2))
	doc, pr := syntheticNotice(r, 5000, 1000)
	docs := []*ingest.Document{doc}
	b.ResetTimer()
	for range b.N {
		Match(pr, docs)
	}
}
