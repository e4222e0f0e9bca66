package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// corpus generates a deterministic synthetic corpus of notices: sentences
// recombined from the seed notice's clauses, leaders and units drawn from
// realistic pools, several districts and years.
type corpus struct {
	clauses []string
	leaders []string
	units   []string
	rng     *rand.Rand
}

var (
	districts = []string{"余杭区", "临平区", "萧山区", "西湖区", "拱墅区", "上城区", "滨江区", "富阳区", "临安区", "钱塘区", "桐庐县", "淳安县", "建德市"}
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given     = []rune("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉萍红娟建国文辉力斌宇鹏飞俊峰振东海林志宏瞻昱勤姝进如根夏卫")
	unitStems = []string{"发改局", "经信局", "科技局", "财政局", "人力社保局", "住建局", "交通运输局", "农业农村局", "商务局", "文广旅体局", "卫健委", "市场监管局", "城管局", "民政局", "司法局", "教育局", "生态环境局", "水利局", "应急管理局", "数据资源局", "统计局", "审计局", "林业局", "退役军人事务局", "医保局", "信访局", "公安分局", "规划资源分局", "投资促进局", "综合行政执法局"}
)

func newCorpus(seed uint64) *corpus {
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		panic(err)
	}
	c := &corpus{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	seen := map[string]bool{}
	for _, t := range doc.Tasks {
		for _, cl := range strings.FieldsFunc(t.Text, func(r rune) bool { return r == ',' || r == '。' || r == ';' }) {
			if cl = strings.TrimSpace(cl); len([]rune(cl)) >= 4 && !seen[cl] {
				seen[cl] = true
				c.clauses = append(c.clauses, cl)
			}
		}
		c.leaders = append(c.leaders, t.Leaders...)
	}
	slices.Sort(c.leaders)
	c.leaders = slices.Compact(c.leaders)
	for len(c.leaders) < 400 {
		name := string(surnames[c.rng.IntN(len(surnames))]) + string(given[c.rng.IntN(len(given))])
		if c.rng.IntN(2) == 0 {
			name += string(given[c.rng.IntN(len(given))])
		}
		if !slices.Contains(c.leaders, name) {
			c.leaders = append(c.leaders, name)
		}
	}
	for _, stem := range unitStems {
		c.units = append(c.units, "区"+stem)
	}
	c.units = append(c.units, "区住建局(规划分局)", "未来科技城(海创园)", "余杭经济技术开发区(钱江经济开发区)", "区委宣传部", "区委组织部(人才办)", "各镇街", "相关平台")
	return c
}

// documents returns n tasks as notices of about 200 tasks each, one per
// district and year, rendered in the seed's own layout.
func (c *corpus) documents(n int) [][]byte {
	var docs [][]byte
	for i := 0; n > 0; i++ {
		size := min(n, 150+c.rng.IntN(100))
		n -= size
		district := districts[i%len(districts)]
		year := 2018 + (i/len(districts))%8
		round := i / (len(districts) * 8)
		docs = append(docs, c.notice(district, year, round, size))
	}
	return docs
}

func (c *corpus) pick(pool []string, lo, hi int) []string {
	k := lo + c.rng.IntN(hi-lo+1)
	var out []string
	for len(out) < k {
		v := pool[c.rng.IntN(len(pool))]
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func (c *corpus) notice(district string, year, round, size int) []byte {
	var b bytes.Buffer
	title := fmt.Sprintf("%d年《政府工作报告》工作任务分解表", year)
	if round > 0 {
		title = fmt.Sprintf("%d年《政府工作报告》工作任务分解表(第%d批)", year, round+1)
	}
	fmt.Fprintf(&b, "杭州市%s人民政府办公室\n%d年3月%d日\n附件\n%s\n", district, year, 1+c.rng.IntN(28), title)
	b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 |\n")
	for seq := 1; seq <= size; seq++ {
		text := strings.Join(c.pick(c.clauses, 2, 4), ",") + "。"
		units := c.pick(c.units, 1, 3)
		fmt.Fprintf(&b, "%d | %s | %s | %s |\n", seq, text, strings.Join(c.pick(c.leaders, 1, 3), " "), strings.Join(units, " "))
	}
	return b.Bytes()
}

// queries returns a mixed query set: words and phrases cut from clauses,
// two-word queries, and leader and unit filters.
func (c *corpus) queries(n int) []query {
	var qs []query
	for len(qs) < n {
		cl := []rune(c.clauses[c.rng.IntN(len(c.clauses))])
		size := 2 + c.rng.IntN(3)
		start := c.rng.IntN(max(1, len(cl)-size))
		word := string(cl[start:min(len(cl), start+size)])
		switch c.rng.IntN(6) {
		case 0:
			qs = append(qs, query{Leader: c.leaders[c.rng.IntN(len(c.leaders))]})
		case 1:
			qs = append(qs, query{Q: word, Unit: "区城管局"})
		case 2:
			other := []rune(c.clauses[c.rng.IntN(len(c.clauses))])
			qs = append(qs, query{Q: word + " " + string(other[:min(2, len(other))])})
		default:
			qs = append(qs, query{Q: word})
		}
	}
	return qs
}

type query struct {
	Q, Leader, Unit string
}

// writeCorpus writes the corpus of -n tasks as notice files into -out, so
// the real `duban ingest` can be measured on what the bench indexes.
func writeCorpus(args []string) error {
	fs := flag.NewFlagSet("corpus", flag.ExitOnError)
	n := fs.Int("n", 100000, "tasks")
	seed := fs.Uint64("seed", 1, "corpus seed")
	out := fs.String("out", "", "directory to write the notices into")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("corpus: -out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for i, notice := range newCorpus(*seed).documents(*n) {
		if err := os.WriteFile(filepath.Join(*out, fmt.Sprintf("notice-%05d.txt", i)), notice, 0o644); err != nil {
			return err
		}
	}
	return nil
}
