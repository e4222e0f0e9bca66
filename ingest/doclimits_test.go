package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestCheckDocumentLimits(t *testing.T) {
	task := func(text string, names int) Task {
		units := make([]string, names)
		for i := range units {
			units[i] = fmt.Sprintf("单位%d", i)
		}
		return Task{Seq: 1, Text: text, Units: units}
	}
	tests := []struct {
		name  string
		tasks []Task
		code  string
	}{
		{"ordinary", []Task{task("推进垃圾分类。", 2)}, ""},
		{"task of 10,000 characters", []Task{task(strings.Repeat("推", MaxTaskRunes), 1)}, ""},
		{"task of 10,001 characters", []Task{task(strings.Repeat("推", MaxTaskRunes+1), 1)}, ETOOLARGE},
		{"task with 201 units", []Task{task("推进。", MaxTaskNames+1)}, ETOOLARGE},
		{"3,001 tasks", make([]Task, MaxTasks+1), ETOOLARGE},
		{"300,001 characters in all", slices.Repeat([]Task{task(strings.Repeat("推", MaxTaskRunes), 1)}, MaxDocumentRunes/MaxTaskRunes+1), ETOOLARGE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(CheckDocumentLimits(&Document{Tasks: tt.tasks})); got != tt.code {
				t.Errorf("code = %q, want %q", got, tt.code)
			}
		})
	}
}

// A text table of more tasks than MaxTasks reads (the readers' caps allow
// its lines) and is refused once parsed, as too large.
func TestTooManyTasksRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 |\n")
	for i := 1; i <= MaxTasks+2000; i++ {
		fmt.Fprintf(&b, "%d | 推进%d。 | 王艳勤 | 区城管局 |\n", i, i)
	}
	_, err := Parse("limit", strings.NewReader(b.String()))
	if ErrorCode(err) != ETOOLARGE || !strings.Contains(ErrorMessage(err), "任务过多") {
		t.Errorf("err = %v (%s), want %s saying 任务过多", err, ErrorCode(err), ETOOLARGE)
	}
}
