package ingest

import (
	"slices"
	"strings"
	"testing"
)

func TestCheckAsThePreviewShowsIt(t *testing.T) {
	task := func(seq int, text string, leaders, units, co []string) Task {
		return Task{Seq: seq, Text: text, Leaders: leaders, Units: units, CoUnits: co}
	}
	doc := &Document{Tasks: []Task{
		task(1, "推进垃圾分类。", []string{"祝振伟"}, []string{"区城管局"}, []string{"各镇街"}),
		task(2, "建设未来社区〔联系区领导：祝振伟〕", nil, []string{"区住建局"}, nil),
		task(3, "完善养老服务。牵头单位:区民政局", nil, nil, nil),
		task(4, "【区商务局】开展招商", []string{"推进数字经济发展"}, []string{"镇(街道)"}, []string{"全面完成"}),
		task(5, "加强食品安全监管。", []string{"劉正"}, []string{"省財政廳"}, []string{"有關部門"}),
	}}
	got := map[string]Warning{}
	for _, w := range Check(doc) {
		key := w.Code + "/" + w.Field
		if _, dup := got[key]; dup {
			t.Errorf("%s twice", key)
		}
		got[key] = w
		if w.Message == "" || strings.ContainsAny(w.Message, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s: message %q (Chinese, naming no JSON field)", key, w.Message)
		}
	}
	want := map[string][]int{
		WarnNoUnit + "/units":          {3},
		WarnAssignmentInText + "/text": {2, 3, 4},
		WarnOddLeader + "/leaders":     {4},
		WarnOddUnit + "/co_units":      {4},
	}
	for key, seqs := range want {
		if w, ok := got[key]; !ok || !slices.Equal(w.Seqs, seqs) {
			t.Errorf("%s: got %+v, want seqs %v", key, w, seqs)
		}
	}
	// 镇(街道) stands for every town; traditional names have their shape
	if w, ok := got[WarnOddUnit+"/units"]; ok {
		t.Errorf("units: %+v", w)
	}
	if len(got) != len(want) {
		t.Errorf("got %d warnings, want %d: %v", len(got), len(want), got)
	}
	if !strings.Contains(got[WarnOddLeader+"/leaders"].Message, "推进数字经济发展") || !strings.Contains(got[WarnNoUnit+"/units"].Message, "序号 3") {
		t.Errorf("messages do not name the values and seqs: %v", got)
	}
	if ws := Check(&Document{Tasks: []Task{task(1, "推进垃圾分类。", nil, []string{"区城管局"}, nil)}}); ws == nil || len(ws) != 0 {
		t.Errorf("a clean document: %v", ws)
	}
}
