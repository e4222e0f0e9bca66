package ingest

import (
	"slices"
	"strings"
	"testing"
)

func TestParseClause(t *testing.T) {
	tests := []struct {
		name, in                string
		ok                      bool
		leaders, units, co, all []string // all: a keyless list before the lead rule
		rule, carry             bool
		via, deadline           string
	}{
		{name: "keyed", in: "牵头单位:区科技局;责任单位:各街道", ok: true, units: []string{"区科技局"}, co: []string{"各街道"}, via: ViaKey},
		{name: "keyed full-width with leader and deadline", in: "牵头领导：祝振伟；牵头单位：区经信局、区发改局；完成时限：2019年6月底", ok: true,
			leaders: []string{"祝振伟"}, units: []string{"区经信局", "区发改局"}, via: ViaKey, deadline: "2019年6月底"},
		{name: "nested brackets", in: "牵头领导:祝振伟;牵头单位:未来科技城(海创园);完成时限:年底", ok: true,
			leaders: []string{"祝振伟"}, units: []string{"未来科技城(海创园)"}, via: ViaKey, deadline: "年底"},
		{name: "co-operating keys", in: "责任单位：区住建局；协同单位：区财政局", ok: true, units: []string{"区住建局"}, co: []string{"区财政局"}, via: ViaKey},
		{name: "keyed 等有关部门", in: "牵头单位:区发改局;配合单位:区财政局等有关部门", ok: true, units: []string{"区发改局"}, co: []string{"区财政局", "有关部门"}, via: ViaKey},
		{name: "a bare list after a closed part co-operates", in: "区综治办负责，区公安分局，各街道办事处配合", ok: true,
			units: []string{"区综治办"}, co: []string{"区公安分局", "各街道办事处"}, via: ViaKeyless},
		{name: "a bare first part leads", in: "县经济开发区管委会，县招商局配合", ok: true,
			units: []string{"县经济开发区管委会"}, co: []string{"县招商局"}, via: ViaKeyless},
		{name: "共青团省委", in: "省教育厅、共青团省委负责", ok: true, all: []string{"省教育厅", "共青团省委"}, via: ViaKeyless},
		{name: "X负责", in: "市场监管总局负责", ok: true, all: []string{"市场监管总局"}, via: ViaKeyless},
		{name: "where an office sits is no assignment", in: "设在县发改局", ok: false},
		{name: "nor where it is attached", in: "挂靠区人社局", ok: false},
		{name: "X、Y负责", in: "交通运输部、财政部负责", ok: true, all: []string{"交通运输部", "财政部"}, via: ViaKeyless},
		{name: "会同有关部门", in: "国家发展改革委会同有关部门负责", ok: true, units: []string{"国家发展改革委"}, co: []string{"有关部门"}, via: ViaKeyless},
		{name: "等有关部门按职责分工", in: "农业农村部、财政部等有关部门按职责分工负责", ok: true, all: []string{"农业农村部", "财政部", "有关部门"}, via: ViaKeyless},
		{name: "province governments", in: "人力资源社会保障部、科技部，各省级人民政府按职责分工负责", ok: true,
			all: []string{"人力资源社会保障部", "科技部", "各省级人民政府"}, via: ViaKeyless},
		{name: "lead rule stated", in: "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同", ok: true,
			all: []string{"税务总局", "财政部", "海关总署"}, rule: true, carry: true, via: ViaKeyless},
		{name: "lead rule after a full stop", in: "人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同", ok: true,
			all: []string{"人力资源社会保障部", "财政部"}, rule: true, carry: true, via: ViaKeyless},
		{name: "X牵头 Y配合", in: "市住建局牵头，市自然资源和规划局、各区人民政府配合", ok: true,
			units: []string{"市住建局"}, co: []string{"市自然资源和规划局", "各区人民政府"}, via: ViaKeyless},
		{name: "titled leader", in: "陈新华副县长牵头", ok: true, leaders: []string{"陈新华"}, via: ViaKeyless},
		{name: "bare unit", in: "市发改委", ok: true, all: []string{"市发改委"}, via: ViaKeyless},
		{name: "bare units", in: "市财政局、市税务局", ok: true, all: []string{"市财政局", "市税务局"}, via: ViaKeyless},
		{name: "lead marked in a keyed value", in: "责任单位：市发改委（牵头）、市财政局", ok: true, units: []string{"市发改委"}, co: []string{"市财政局"}, via: ViaKey},
		{name: "等按职责分工负责", in: "国家发展改革委牵头，工业和信息化部、财政部等按职责分工负责", ok: true,
			units: []string{"国家发展改革委"}, co: []string{"工业和信息化部", "财政部"}, via: ViaKeyless},
		{name: "和各 apart", in: "人力资源社会保障部牵头，教育部、财政部等有关部门和各省级人民政府按职责分工负责", ok: true,
			units: []string{"人力资源社会保障部"}, co: []string{"教育部", "财政部", "有关部门", "各省级人民政府"}, via: ViaKeyless},
		{name: "places in a unit's brackets", in: "市经信局牵头，各县（市、区）人民政府配合", ok: true,
			units: []string{"市经信局"}, co: []string{"各县(市、区)人民政府"}, via: ViaKeyless},
		{name: "traditional keyless, names as written", in: "省財政廳、省稅務局負責", ok: true, all: []string{"省財政廳", "省稅務局"}, via: ViaKeyless},
		{name: "traditional 會同", in: "省政務服務數據管理局會同有關部門負責", ok: true,
			units: []string{"省政務服務數據管理局"}, co: []string{"有關部門"}, via: ViaKeyless},
		{name: "levels sharing a body, 落实 after who is responsible", in: "省教育厅、省财政厅按职责分工负责，各市、县（区）人民政府落实", ok: true,
			units: []string{"省教育厅", "省财政厅"}, co: []string{"各市、县(区)人民政府"}, via: ViaKeyless},
		{name: "负责落实 alone", in: "区教育局负责落实", ok: true, all: []string{"区教育局"}, via: ViaKeyless},
		{name: "deadline in a keyless clause", in: "省科技厅负责，2023年底前完成", ok: true, all: []string{"省科技厅"}, via: ViaKeyless, deadline: "2023年底前完成"},
		{name: "a supervising office is no unit", in: "责任单位：市卫生健康委（牵头）、市财政局；督办单位：市政府督查室", ok: true,
			units: []string{"市卫生健康委"}, co: []string{"市财政局"}, via: ViaKey},
		{name: "a unit value closed by 负责", in: "责任领导：周敏；责任单位：市体育局负责", ok: true,
			leaders: []string{"周敏"}, units: []string{"市体育局"}, via: ViaKey},
		{name: "a clause after 责任分工", in: "责任分工：市商务局牵头，江城海关、市交通运输局按职责分工负责。", ok: true,
			units: []string{"市商务局"}, co: []string{"江城海关", "市交通运输局"}, via: ViaKey},
		{name: "a bare 主办 key is no assignment outside a cell", in: "主办：某市人民政府办公室"},
		{name: "a place in brackets is text", in: "示范区"},
		{name: "places are text", in: "地、州、盟"},
		{name: "an explanation is text", in: "含技工院校"},
		{name: "a sentence is text", in: "企业直接向国家发展改革委申报，不需省级发展改革部门转报"},
		{name: "a number is text", in: "超过100人的企业达到15%"},
		{name: "publication note", in: "此件公开发布"},
		{name: "a key that assigns nobody", in: "完成时限:年底"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := parseClause(tt.in)
			if ok != tt.ok {
				t.Fatalf("parseClause(%q) ok = %v, want %v (%+v)", tt.in, ok, tt.ok, c)
			}
			if !ok {
				return
			}
			if !slices.Equal(c.leaders, tt.leaders) || !slices.Equal(c.units, tt.units) || !slices.Equal(c.coUnits, tt.co) ||
				!slices.Equal(c.names, tt.all) || c.rule != tt.rule || c.carry != tt.carry || c.via != tt.via || c.deadline != tt.deadline {
				t.Errorf("parseClause(%q) = leaders %q units %q co %q names %q rule %v carry %v via %q deadline %q", tt.in,
					c.leaders, c.units, c.coUnits, c.names, c.rule, c.carry, c.via, c.deadline)
			}
		})
	}
}

func TestLeadRuleSplitsKeylessLists(t *testing.T) {
	c, _ := parseClause("海关总署、商务部等有关部门负责")
	c.resolve(true)
	if !slices.Equal(c.units, []string{"海关总署"}) || !slices.Equal(c.coUnits, []string{"商务部", "有关部门"}) || c.via != ViaLeadRule {
		t.Errorf("with the rule: units %q co %q via %q", c.units, c.coUnits, c.via)
	}
	c, _ = parseClause("海关总署、商务部负责")
	c.resolve(false)
	if !slices.Equal(c.units, []string{"海关总署", "商务部"}) || len(c.coUnits) != 0 || c.via != ViaKeyless {
		t.Errorf("without a rule: units %q co %q via %q", c.units, c.coUnits, c.via)
	}
	c, _ = parseClause("海关总署负责")
	c.resolve(true)
	if !slices.Equal(c.units, []string{"海关总署"}) || c.via != ViaKeyless {
		t.Errorf("one unit: units %q via %q", c.units, c.via)
	}
}

func TestTrailingClause(t *testing.T) {
	tests := []struct {
		name, in, body string
		units          []string
	}{
		{"keyless after the sentence", "优先支持其发展。（商务部负责）", "优先支持其发展。", []string{"商务部"}},
		{"full stop after the bracket", "推进垃圾分类（区城管局负责）。", "推进垃圾分类。", []string{"区城管局"}},
		{"square brackets", "全年新增规上工业企业50家以上。【牵头单位:县经信局、县统计局】", "全年新增规上工业企业50家以上。", []string{"县经信局", "县统计局"}},
		{"nested", "建设人才高地。(牵头领导:祝振伟;牵头单位:未来科技城(海创园);完成时限:2019年12月)", "建设人才高地。", []string{"未来科技城(海创园)"}},
		{"keys after the sentence", "推进美丽城镇建设。牵头单位：县建设局；责任单位：各乡镇", "推进美丽城镇建设。", []string{"县建设局"}},
		{"a bracket that is text", "支持各类职业院校（含技工院校）", "支持各类职业院校（含技工院校）", nil},
		{"no bracket", "推进垃圾分类。", "推进垃圾分类。", nil},
		{"unbalanced", "推进垃圾分类。区城管局负责）", "推进垃圾分类。区城管局负责）", nil},
		{"a last sentence with 由", "启动一期工程。由区住建局负责，区财政局配合。", "启动一期工程。", []string{"区住建局"}},
		{"由 with 会同", "建设电商服务站40个。由区商务局会同区市场监管局负责。", "建设电商服务站40个。", []string{"区商务局"}},
		{"a 由 sentence that is text", "统筹资金。由区财政局负责资金保障。", "统筹资金。由区财政局负责资金保障。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, c := trailingClause(tt.in)
			if body != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			var units []string
			if c != nil {
				c.resolve(false)
				units = c.units
			}
			if !slices.Equal(units, tt.units) {
				t.Errorf("units = %q, want %q", units, tt.units)
			}
		})
	}
}

func TestHeadingClause(t *testing.T) {
	tests := []struct {
		in      string
		leaders []string
		units   []string
	}{
		{"一、于会游市长主抓重点工作", []string{"于会游"}, nil},
		{"二、常务副市长王建国领衔重点工作", []string{"王建国"}, nil},
		{"三、李红梅同志领办重点工作", []string{"李红梅"}, nil},
		{"(一)张三副市长牵头", []string{"张三"}, nil},
		{"陈新华副县长负责的工作", []string{"陈新华"}, nil},
		{"区教育局牵头：", nil, []string{"区教育局"}},
		{"区发改局牵头的工作（5项）", nil, []string{"区发改局"}},
		{"四、祝振伟、王艳勤副区长联系的工作", []string{"祝振伟", "王艳勤"}, nil},
		{"四、副县长赵海、副县长陈静共同牵头的工作（1项）", []string{"赵海", "陈静"}, nil},
		{"一、李振华同志（联系县发改局、县财政局、县统计局）", []string{"李振华"}, nil},
		{"二、王秀兰副县长（分管单位：县教育局、县卫健局）", []string{"王秀兰"}, nil},
		{"一、加快创新发展", nil, nil},
		{"海关总署要继续做好牵头工作，进一步优化区域布局，发挥东部地区创新引领作用，促进中西部地区承接加工贸易产业转移", nil, nil},
	}
	for _, tt := range tests {
		c, ok := headingClause(tt.in)
		if !ok {
			if tt.leaders != nil || tt.units != nil {
				t.Errorf("headingClause(%q) found nobody", tt.in)
			}
			continue
		}
		if !slices.Equal(c.leaders, tt.leaders) || !slices.Equal(c.units, tt.units) || c.via != ViaHeading {
			t.Errorf("headingClause(%q) = leaders %q units %q via %q", tt.in, c.leaders, c.units, c.via)
		}
	}
}

func TestLeadingClause(t *testing.T) {
	tests := []struct {
		name, in, rest string
		units, co      []string
	}{
		{"keyed bracket", "【牵头单位:区发改局】推进项目建设。", "推进项目建设。", []string{"区发改局"}, nil},
		{"bracket of units", "【区商务局、区财政局】开展促销活动。", "开展促销活动。", []string{"区商务局", "区财政局"}, nil},
		{"units and a colon", "市大数据局、市通信管理办：建成城市大脑二期。", "建成城市大脑二期。", []string{"市大数据局", "市通信管理办"}, nil},
		{"lead and co-operating before a colon", "市经信局牵头，市科技局配合：实施“智改数转”行动。", "实施“智改数转”行动。", []string{"市经信局"}, []string{"市科技局"}},
		{"digits spaced in a name", "市 12345 热线中心：推进热线联动。", "推进热线联动。", []string{"市 12345 热线中心"}, nil},
		{"a label is text", "主要目标：到2023年底，数字经济核心产业增加值达到480亿元。", "主要目标：到2023年底，数字经济核心产业增加值达到480亿元。", nil, nil},
		{"an addressee line is text", "各区县（市）人民政府，市政府各部门：", "各区县（市）人民政府，市政府各部门：", nil, nil},
		{"a bracket of text", "（含技工院校）支持职业院校。", "（含技工院校）支持职业院校。", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, c := leadingClause(tt.in)
			if rest != tt.rest {
				t.Errorf("rest = %q, want %q", rest, tt.rest)
			}
			var units, co []string
			if c != nil {
				c.resolve(false)
				units, co = c.units, c.coUnits
			}
			if !slices.Equal(units, tt.units) || !slices.Equal(co, tt.co) {
				t.Errorf("units %q co %q, want %q %q", units, co, tt.units, tt.co)
			}
		})
	}
}

func TestDropTextLabel(t *testing.T) {
	for in, want := range map[string]string{
		"建设内容：新建县实验小学东校区。": "新建县实验小学东校区。",
		"主要内容:完成改造。":       "完成改造。",
		"牵头单位：县教育局":        "牵头单位：县教育局",
		"建设内容：":            "建设内容：",
		"备注：另行通知。":         "备注：另行通知。",
	} {
		if got := dropTextLabel(in); got != want {
			t.Errorf("dropTextLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

// A unit cell may name its roles itself: 牵头：X / 配合：A、B on two lines.
func TestUnitCellWithRoleKeys(t *testing.T) {
	units, co := unitCell("牵头：县水利局\n配合：县财政局、县自然资源局", false)
	if !slices.Equal(units, []string{"县水利局"}) || !slices.Equal(co, []string{"县财政局", "县自然资源局"}) {
		t.Errorf("unitCell = %q, %q", units, co)
	}
}

func TestTrailingCoLeaders(t *testing.T) {
	tests := []struct {
		in, body string
		leaders  []string
	}{
		{"建设“平安校园”。（齐振宇副县长共同领办）", "建设“平安校园”。", []string{"齐振宇"}},
		{"创建食品安全示范县。（县市场监管局牵头）（由邓文斌副县长协管）", "创建食品安全示范县。（县市场监管局牵头）", []string{"邓文斌"}},
		{"建设健身中心（王强、李敏副区长协助）。", "建设健身中心。", []string{"王强", "李敏"}},
		{"整治交通隐患（县委常委、常务副县长杨胜利共同负责）", "整治交通隐患", []string{"杨胜利"}},
		{"整治交通隐患。（副县长齐振宇共同领办）", "整治交通隐患。", []string{"齐振宇"}},
		{"整治交通隐患。（齐振宇同志协助）", "整治交通隐患。", []string{"齐振宇"}},
		{"整治交通隐患。（与齐振宇副县长共同领办）", "整治交通隐患。", []string{"齐振宇"}},
		// not a leader's bracket: units, a person without a title, no verb
		{"开展排查整治。（县公安局协助）", "", nil},
		{"开展排查整治。（张三协助）", "", nil},
		{"开展排查整治。（齐振宇副县长）", "", nil},
	}
	for _, tt := range tests {
		body, leaders, ok := trailingCoLeaders(tt.in)
		if ok != (tt.leaders != nil) || ok && (body != tt.body || !slices.Equal(leaders, tt.leaders)) {
			t.Errorf("trailingCoLeaders(%q) = %q, %q, %v; want %q, %q", tt.in, body, leaders, ok, tt.body, tt.leaders)
		}
	}
}

func TestCoLeaderAfterHeadingLeader(t *testing.T) {
	doc, err := Parse("t.txt", strings.NewReader(strings.Join([]string{
		"一、邓文斌副县长领办事项",
		"1.建设“平安校园”。（齐振宇副县长共同领办）",
		"牵头单位：县教育局",
		"2.新建门诊综合楼。（县卫生健康局牵头，县发改局配合）（齐振宇副县长协助）",
		"3.开展隐患排查。（县应急管理局负责）",
		"4.【牵头单位：县公安局】【配合单位：县教育局】整治校园周边秩序。（齐振宇副县长共同领办）",
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"邓文斌", "齐振宇"}, {"邓文斌", "齐振宇"}, {"邓文斌"}, {"邓文斌", "齐振宇"}}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %+v", len(doc.Tasks), doc.Tasks)
	}
	for i, w := range want {
		if got := doc.Tasks[i]; !slices.Equal(got.Leaders, w) || strings.ContainsAny(got.Text, "（【") || len(got.Units) != 1 {
			t.Errorf("task %d: %q leaders %q units %q; want leaders %q", i+1, got.Text, got.Leaders, got.Units, w)
		}
	}
}

func TestCoLeaderInTableTextCell(t *testing.T) {
	doc, err := Parse("t.txt", strings.NewReader("序号 | 工作任务 | 牵头领导 | 牵头单位\n1 | 深化校园安全治理。（齐振宇副县长共同领办） | 邓文斌 | 县教育局\n2 | 建设应急指挥中心（一期）。 | 邓文斌 | 县应急管理局\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 2 || doc.Tasks[0].Text != "深化校园安全治理。" || !slices.Equal(doc.Tasks[0].Leaders, []string{"邓文斌", "齐振宇"}) ||
		doc.Tasks[1].Text != "建设应急指挥中心（一期）。" || !slices.Equal(doc.Tasks[1].Leaders, []string{"邓文斌"}) {
		t.Errorf("tasks: %+v", doc.Tasks)
	}
}

// A leader's key or cell may add co-leaders in a bracket after the names.
func TestLeaderValueWithCoLeaders(t *testing.T) {
	for in, want := range map[string][]string{
		"孟庆和副市长（苏婉清副市长协助）": {"孟庆和", "苏婉清"},
		"邓文斌（齐振宇协助）":       {"邓文斌", "齐振宇"},
		"祝振伟(常务副区长)":       {"祝振伟"},
		"王强、李敏":            {"王强", "李敏"},
	} {
		if got := leaderValue(in); !slices.Equal(got, want) {
			t.Errorf("leaderValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// A leader's heading may add co-leaders in a bracket: they lead every item
// under it after the heading's leader, above a table as above items.
func TestHeadingWithCoLeader(t *testing.T) {
	c, ok := headingClause("一、邓文斌副县长领办事项（齐振宇副县长协助）")
	if !ok || !slices.Equal(c.leaders, []string{"邓文斌"}) || !slices.Equal(c.coLeaders, []string{"齐振宇"}) {
		t.Fatalf("headingClause: %+v %v", c, ok)
	}
	if !leaderHeading("邓文斌副县长分管工作（齐振宇副县长协助）") {
		t.Error("a leader's heading with a co-leader's bracket is still a leader's heading")
	}
	doc, err := Parse("t.txt", strings.NewReader("一、邓文斌副县长分管工作（齐振宇副县长协助）\n序号 | 工作任务 | 牵头单位\n1 | 深化校园安全治理。 | 县教育局\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 1 || !slices.Equal(doc.Tasks[0].Leaders, []string{"邓文斌", "齐振宇"}) {
		t.Errorf("table under the heading: %+v", doc.Tasks)
	}
}

// Bracketed keys after an item's last sentence are its assignment, as keys
// with colons are.
func TestBracketKeysAfterLastSentence(t *testing.T) {
	body, c := trailingClause("推进城南污水处理厂扩建。【牵头单位】区住建局【配合单位】区财政局、区生态环境分局")
	if c == nil || body != "推进城南污水处理厂扩建。" || !slices.Equal(c.units, []string{"区住建局"}) || !slices.Equal(c.coUnits, []string{"区财政局", "区生态环境分局"}) {
		t.Errorf("body %q clause %+v", body, c)
	}
	if body, c := trailingClause("推进“一网通办”。【典型经验】各地探索形成一批做法"); c != nil {
		t.Errorf("a bracket that names no key: body %q clause %+v", body, c)
	}
}

// An item's last sentence that names the lead, the co-units and the leader
// who oversees (由A牵头，B配合，X副区长督导。), and a line of bare role keys
// apart by full-width spaces (牵头：A　配合：B　责任领导：C).
func TestLeadSentenceAndBareRoleKeys(t *testing.T) {
	tests := []struct {
		in, body                string
		leaders, units, coUnits []string
	}{
		{"新增规模以上工业企业20家。由区工信局、区科技局共同牵头，刘海燕副区长督导。", "新增规模以上工业企业20家。",
			[]string{"刘海燕"}, []string{"区工信局", "区科技局"}, nil},
		{"完成林地绿化5000亩。由区林业局牵头，区水务局、区农业农村局配合，陈志远副区长督导。", "完成林地绿化5000亩。",
			[]string{"陈志远"}, []string{"区林业局"}, []string{"区水务局", "区农业农村局"}},
		{"新增城镇就业8000人。由区人社局牵头，区财政局配合，周文静、刘海燕副区长负责督导。", "新增城镇就业8000人。",
			[]string{"周文静", "刘海燕"}, []string{"区人社局"}, []string{"区财政局"}},
	}
	for _, tt := range tests {
		body, c := trailingClause(tt.in)
		if c == nil || body != tt.body || !slices.Equal(c.leaders, tt.leaders) || !slices.Equal(c.units, tt.units) || !slices.Equal(c.coUnits, tt.coUnits) {
			t.Errorf("trailingClause(%q) = %q, %+v", tt.in, body, c)
		}
	}
	c, ok := parseClause("牵头：县农业农村局\u3000配合：县交通运输局、县文旅局\u3000责任领导：郑晓梅")
	if !ok || !slices.Equal(c.units, []string{"县农业农村局"}) || !slices.Equal(c.coUnits, []string{"县交通运输局", "县文旅局"}) || !slices.Equal(c.leaders, []string{"郑晓梅"}) {
		t.Errorf("bare role keys: %+v %v", c, ok)
	}
	// a liaison bracket names no one who carries out an item
	if c, ok := parseClause("联系县发改局、县财政局"); ok {
		t.Errorf("liaison bracket read as an assignment: %+v", c)
	}
}

// A bar parts the keys of one line as a space or ； does: no bar is left
// on a value.
func TestKeysPartedByBars(t *testing.T) {
	for _, line := range []string{
		"责任领导：区委常委、副区长田野｜牵头单位：区民政局｜协同单位：区市场监管局、各街道办事处",
		"责任领导:副区长田野 | 牵头单位:区民政局 | 协同单位:区市场监管局、各街道办事处",
		"责任领导：副区长田野丨牵头单位：区民政局丨协同单位：区市场监管局、各街道办事处",
	} {
		c, ok := parseKeyed(line)
		if !ok {
			t.Fatalf("%s: not read", line)
		}
		c.resolve(false)
		if !slices.Equal(cleanLeaders(c.leaders), []string{"田野"}) || !slices.Equal(c.units, []string{"区民政局"}) ||
			!slices.Equal(c.coUnits, []string{"区市场监管局", "各街道办事处"}) {
			t.Errorf("%s: leaders %q units %q co %q", line, c.leaders, c.units, c.coUnits)
		}
	}
}

// A bracket's last part may say how the work goes on rather than when
// (年内持续推进, 长期坚持, 常态化推进, 分阶段实施): it is the deadline, and
// the names before it are the assignment.
func TestBracketEndsInHowItGoesOn(t *testing.T) {
	doc := parseText(t, "关于重点工作分工的意见\n涉及多个部门的，排在第一位的为牵头部门。\n"+
		"1.推动消费扩容。培育夜间经济。（市商务局、市财政局按职责分工负责，年内持续推进）\n"+
		"2.稳定房地产市场。推进保交楼工作。（市住房和城乡建设局负责，长期坚持）\n"+
		"3.推进平安建设。常态化开展扫黑除恶。（市公安局、市委政法委按职责分工负责，常态化推进）\n"+
		"4.改造老旧管网。完成改造30公里。（市城管局、市财政局负责，分阶段实施）\n")
	want := []struct {
		units, co []string
		due       string
	}{
		{[]string{"市商务局"}, []string{"市财政局"}, "年内持续推进"},
		{[]string{"市住房和城乡建设局"}, nil, "长期坚持"},
		{[]string{"市公安局"}, []string{"市委政法委"}, "常态化推进"},
		{[]string{"市城管局"}, []string{"市财政局"}, "分阶段实施"},
	}
	if len(doc.Tasks) != len(want) {
		t.Fatalf("%d tasks: %q", len(doc.Tasks), taskTexts(doc.Tasks))
	}
	for i, w := range want {
		got := doc.Tasks[i]
		if !slices.Equal(got.Units, w.units) || len(got.CoUnits) != len(w.co) || len(w.co) > 0 && !slices.Equal(got.CoUnits, w.co) || got.Deadline != w.due {
			t.Errorf("task %d: units %q co %q deadline %q", i+1, got.Units, got.CoUnits, got.Deadline)
		}
	}
}

// A bracket that only states the lead rule, with the words around it
// (各项任务中 … 其他为配合单位), names nobody: it is no task's assignment;
// after a key's list the same words leave the list whole.
func TestRuleSentenceNamesNobody(t *testing.T) {
	for _, s := range []string{
		"各项任务中，排在第一位的单位为牵头单位，其他为配合单位",
		"每项任务的责任单位中，列第一位的为牵头单位，其余为配合单位",
		"本表中，排在第一位的部门为牵头部门，其余的为协办部门，下同",
	} {
		if c, ok := parseKeyless(s); ok {
			t.Errorf("%s: read as an assignment: units %q co %q", s, c.units, c.coUnits)
		}
	}
	c, ok := parseKeyed("责任单位：县住建局、县公安局、县市场监管局，排在第一位的为牵头单位，其余为配合单位")
	if !ok {
		t.Fatal("key line not read")
	}
	c.resolve(false)
	if !slices.Equal(c.units, []string{"县住建局"}) || !slices.Equal(c.coUnits, []string{"县公安局", "县市场监管局"}) {
		t.Errorf("key line: units %q co %q", c.units, c.coUnits)
	}
}
