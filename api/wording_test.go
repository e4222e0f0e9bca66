package api

import (
	"strings"
	"testing"
)

// A title's own 《》 inside the 《》 that name it become 〈〉: never
// 《…《…》…》.
func TestSameNoticeWarningDoesNotNestBookTitles(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	r := uploadTo(t, h, "dry_run=true", "任务表.txt", headless())
	pv := decode[UploadResult](t, r)
	found := false
	for _, pw := range pv.Warnings {
		w := pw.Message
		if strings.Contains(w, "同一份通知") {
			found = true
			if !strings.Contains(w, "《2018年〈政府工作报告〉工作任务分解表》") || strings.Count(w, "《") != 1 {
				t.Errorf("warning %q", w)
			}
		}
	}
	if r.status != 200 || !found {
		t.Errorf("no same-notice warning: %d %s", r.status, r.body)
	}
}
