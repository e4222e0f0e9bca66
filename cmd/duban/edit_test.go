package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/seeds"
)

// TestEditCommand: duban edit corrects a task with the server stopped; the
// versions name the edit and who; duban reparse --apply keeps it; a
// restore of the version before it undoes it; bad input is an error.
func TestEditCommand(t *testing.T) {
	data := t.TempDir()
	seed := filepath.Join(t.TempDir(), seeds.NoticeName)
	os.WriteFile(seed, seeds.Notice(), 0o644)
	run := func(args ...string) (string, string, error) {
		t.Helper()
		return runCLI(t, append([]string{"--data", data}, args...)...)
	}
	mustRun := func(args ...string) string {
		t.Helper()
		out, errb, err := run(args...)
		if err != nil {
			t.Fatalf("duban %s: %v\n%s%s", strings.Join(args, " "), err, out, errb)
		}
		return out
	}
	id := strings.Fields(mustRun("ingest", seed))[1]
	task := id + "-49"
	out := mustRun("edit", task, "--units", "区数据资源局、区住建局(规划分局)", "--co-units", "区财政局", "--co-units", "区发改局", "--deadline", "2018年6月底", "--who", "王五")
	if !strings.Contains(out, "已校正\t"+task+"\t牵头单位、配合单位、完成时限\t文件 "+id+" 第 2 版") ||
		!strings.Contains(out, "牵头单位:区城管局 → 区数据资源局、区住建局(规划分局)") || !strings.Contains(out, "配合单位:(空) → 区财政局、区发改局") {
		t.Errorf("edit: %q", out)
	}
	if out := mustRun("search", "--unit", "区数据资源局"); !strings.Contains(out, "共 1 条任务") || !strings.Contains(out, "垃圾") {
		t.Errorf("search the new unit: %q", out)
	}
	if out := mustRun("search", "垃圾分类", "--unit", "区城管局"); !strings.Contains(out, "共 0 条任务") && !strings.Contains(out, "没有") {
		t.Errorf("the old unit still finds it: %q", out)
	}
	out = mustRun("versions", id)
	if !strings.Contains(out, "* 第 2 版") || !strings.Contains(out, "人工校正") || !strings.Contains(out, "本机(王五)") ||
		!strings.Contains(out, "校正 第 49 项:牵头单位 区城管局 → 区数据资源局、区住建局(规划分局)") {
		t.Errorf("versions: %q", out)
	}
	out = mustRun("reparse", "--apply")
	if !strings.Contains(out, "无变化\t"+id) || !strings.Contains(out, "保留人工校正 1 条") {
		t.Errorf("reparse: %q", out)
	}
	if out := strings.Join(strings.Fields(mustRun("search", "--unit", "区数据资源局", "--json")), ""); !strings.Contains(out, `"corrected":["units","co_units","deadline"]`) {
		t.Errorf("after reparse: %.300q", out)
	}
	if out, _, err := run("edit", task, "--units", ""); err == nil || !strings.Contains(out+err.Error(), "牵头单位不能为空") {
		t.Errorf("empty units: %v %q", err, out)
	}
	if _, _, err := run("edit", task); err == nil || !strings.Contains(err.Error(), "请给出要修改的字段") {
		t.Errorf("nothing to change: %v", err)
	}
	if _, _, err := run("edit", id+"-999", "--text", "x"); err == nil || !strings.Contains(err.Error(), "没有编号") {
		t.Errorf("unknown task: %v", err)
	}
	if _, _, err := run("edit", task, "--text", "x", "--expect", "1"); err == nil || !strings.Contains(err.Error(), "更新的版本") {
		t.Errorf("stale expect: %v", err)
	}
	mustRun("restore", id, "--version", "1")
	if out := mustRun("search", "垃圾分类", "--unit", "区城管局"); !strings.Contains(out, "共 1 条任务") {
		t.Errorf("restore did not undo the edit: %q", out)
	}
	if out := mustRun("edit", id+"-83", "--delete"); !strings.Contains(out, "已删除\t"+id+"-83") {
		t.Errorf("delete: %q", out)
	}
	// a new file of the notice without its last tasks: the correction of
	// task 80 no longer finds its task, and ingest says so
	mustRun("edit", id+"-80", "--units", "区数据资源局")
	lines := strings.Split(string(seeds.Notice()), "\n")
	fewer := filepath.Join(t.TempDir(), "少了的版本.txt")
	os.WriteFile(fewer, []byte(strings.Join(lines[:len(lines)-21], "\n")+"\n"), 0o644)
	if out := mustRun("ingest", fewer); !strings.Contains(out, "人工校正的第 80 项任务(") || !strings.Contains(out, "不再保留") {
		t.Errorf("ingest with a stale correction: %q", out)
	}
}

// TestEditThroughTheRunningServer: with duban serve holding the data dir,
// duban edit goes through it and the server answers with the correction
// at once.
func TestEditThroughTheRunningServer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := MustRunMain(t, dir)
	var res searchAnswer
	getJSON(t, m.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &res)
	if res.Total != 1 {
		t.Fatalf("seed: %+v", res)
	}
	task := res.Hits[0].ID
	out, errb, err := runCLI(t, "--data", dir, "edit", task, "--units", "区数据资源局", "--who", "赵六")
	if err != nil || !strings.Contains(out, "经由运行中的服务 "+m.URL()) || !strings.Contains(out, "牵头单位:区城管局 → 区数据资源局") {
		t.Fatalf("edit: %v %q %q", err, out, errb)
	}
	getJSON(t, m.URL()+"/api/search?unit="+url.QueryEscape("区数据资源局"), &res)
	if res.Total != 1 || res.Hits[0].ID != task {
		t.Errorf("the server does not serve the correction: %+v", res)
	}
	if _, _, err := runCLI(t, "--data", dir, "edit", task, "--units", "区数据资源局"); err == nil || !strings.Contains(err.Error(), "没有要修改的内容") {
		t.Errorf("the server's refusal: %v", err)
	}
}
