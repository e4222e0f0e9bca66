package ingest

import (
	"slices"
	"strings"
	"testing"
)

func TestNameShapes(t *testing.T) {
	units := []string{"区城管局", "国家发展改革委", "国务院扶贫办", "人民银行", "海关总署", "住房城乡建设部", "未来科技城(海创园)",
		"良渚新城", "余杭经济技术开发区(钱江经济开发区)", "各省级人民政府", "有关部门", "有关部门和单位", "各有关部门和单位", "各镇街",
		"区委政法委(区防化办)", "区“五水共治”办", "国网余杭供电公司", "区融媒体中心", "临平新城管委会", "市自然资源和规划局"}
	for _, u := range units {
		if !isUnitName(u) {
			t.Errorf("isUnitName(%q) = false", u)
		}
		if isPersonName(u) {
			t.Errorf("isPersonName(%q) = true", u)
		}
	}
	for _, s := range []string{"地", "含技工院校", "此件公开发布", "推进垃圾分类。", "超过100人的企业达到15%", "按职责分工"} {
		if isUnitName(s) {
			t.Errorf("isUnitName(%q) = true", s)
		}
	}
	leaders := map[string]string{"祝振伟": "祝振伟", "祝振伟副区长": "祝振伟", "常务副区长祝振伟": "祝振伟", "祝振伟同志": "祝振伟",
		"于会游市长": "于会游", "欧阳娜娜": "欧阳娜娜",
		// the longest a title and a name can be (maxTitledName)
		"区政府常委、常务副秘书长欧阳娜娜同志": "欧阳娜娜"}
	for in, want := range leaders {
		if got, _, ok := leaderName(in); !ok || got != want {
			t.Errorf("leaderName(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if got := cleanLeaders([]string{"常务副区长", "祝振伟（常务副区长）", "王艳勤同志", "副区长", "沈昱"}); len(got) != 3 || got[0] != "祝振伟" || got[1] != "王艳勤" {
		t.Errorf("cleanLeaders = %q", got)
	}
	// the title written as a key before the name
	if got := cleanLeaders([]string{"副县长：卢德胜", "常务副区长: 祝振伟", "区发改局：王芳"}); !slices.Equal(got, []string{"卢德胜", "祝振伟", "区发改局：王芳"}) {
		t.Errorf("cleanLeaders = %q", got)
	}
	for _, s := range []string{"区城管局", "推进垃圾分类工作", "A"} {
		if _, _, ok := leaderName(s); ok {
			t.Errorf("leaderName(%q) took it for a person", s)
		}
	}
}

func TestSplitNamesLevels(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"各市、县（区）人民政府", []string{"各市、县(区)人民政府"}},
		{"各街道、镇", []string{"各街道、镇"}},
		{"省医保局、省财政厅、各市、县（区）人民政府", []string{"省医保局", "省财政厅", "各市、县(区)人民政府"}},
		{"各市、各县", []string{"各市", "各县"}},
		{"良渚新城、良渚街道", []string{"良渚新城", "良渚街道"}},
		{"区住建局、各镇街", []string{"区住建局", "各镇街"}},
		{"市政务服务局、市 12345 热线中心", []string{"市政务服务局", "市 12345 热线中心"}},
		{"1.区科技局 2.区发改局", []string{"区科技局", "区发改局"}},
	}
	for _, tt := range tests {
		if got := splitNames(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, n := range []string{"各市、县(区)人民政府", "各街道、镇", "市 12345 热线中心"} {
		if !isUnitName(n) {
			t.Errorf("isUnitName(%q) = false", n)
		}
	}
	if isUnitName("区发改局、区财政局") {
		t.Error("two units read as one name")
	}
}

// A body named by its kind alone (海关, 法院) is a unit: an inline clause
// naming one among its co-units is read, not dropped with its item.
func TestStandaloneUnits(t *testing.T) {
	for _, s := range []string{"海关", "法院", "检察院", "人行"} {
		if !isUnitName(s) {
			t.Errorf("%s is not a unit's name", s)
		}
	}
	for _, s := range []string{"关", "推进", "电力"} {
		if isUnitName(s) {
			t.Errorf("%s is a unit's name", s)
		}
	}
	doc, err := Parse("hg.txt", strings.NewReader("某省人民政府关于推进外贸发展的若干意见\n\n一、主要任务\n"+
		"1.稳定外贸规模。支持企业开拓市场（省商务厅牵头，海关、省财政厅配合）。\n"+
		"2.优化营商环境。压缩通关时间（省商务厅牵头，省发展改革委配合）。\n"+
		"3.培育新业态。发展跨境电商（省商务厅牵头，省邮政管理局配合）。\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) != 3 || !slices.Equal(doc.Tasks[0].Units, []string{"省商务厅"}) || !slices.Equal(doc.Tasks[0].CoUnits, []string{"海关", "省财政厅"}) {
		t.Errorf("tasks %+v", doc.Tasks)
	}
}

// The party and congress posts of township, street and zone leaders
// (镇党委委员, 党工委委员, 乡人大主席, 街道党工委副书记) are titles, written
// before the government title with 、 or apart from the name by a space:
// no leader's name, and no body (镇人大) is a person.
func TestLocalPartyTitles(t *testing.T) {
	tests := []struct {
		cell string
		want []string
	}{
		{"镇党委委员、副镇长 贺雪梅", []string{"贺雪梅"}},
		{"乡人大主席 邬国庆", []string{"邬国庆"}},
		{"乡党委委员、副乡长 贝晓燕  乡人大主席 邬国庆", []string{"贝晓燕", "邬国庆"}},
		{"党工委委员、管委会副主任林涛，管委会副主任郑凯", []string{"林涛", "郑凯"}},
		{"街道党工委副书记、办事处主任\n程立群", []string{"程立群"}},
		{"镇人大主席团主席 葛永年", []string{"葛永年"}},
		{"镇党委副书记、镇长 聂文军", []string{"聂文军"}},
		{"县委常委、常务副县长杨胜利", []string{"杨胜利"}},
		{"开发区党工委书记 钱峰", []string{"钱峰"}},
		{"镇纪委书记 方圆", []string{"方圆"}},
		{"镇人大副主席 邢卫", []string{"邢卫"}},
		{"党委委员、武装部长 范文斌", []string{"范文斌"}},
		{"镇党委委员、组织委员 吴敏", []string{"吴敏"}},
	}
	for _, tt := range tests {
		if got := cleanLeaders(splitLeaders(tt.cell)); !slices.Equal(got, tt.want) {
			t.Errorf("leaders of %q = %q, want %q", tt.cell, got, tt.want)
		}
	}
	for _, body := range []string{"镇人大主席", "党工委委员", "乡党委委员", "街道人大工委主任"} {
		if isPersonName(body) {
			t.Errorf("%s is a person's name", body)
		}
	}
}
