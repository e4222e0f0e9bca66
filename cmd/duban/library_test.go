package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/seeds"
)

// TestDocumentLifecycleCommands walks a document's life from the command
// line on a store this version writes: a dry run that changes nothing, an
// import, its versions, a restore, delete to the trash and back, reparse,
// and emptying the trash.
func TestDocumentLifecycleCommands(t *testing.T) {
	data := t.TempDir()
	files := t.TempDir()
	seed := filepath.Join(files, seeds.NoticeName)
	os.WriteFile(seed, seeds.Notice(), 0o644)
	lines := strings.Split(string(seeds.Notice()), "\n")
	fewer := filepath.Join(files, "少了的版本.txt")
	os.WriteFile(fewer, []byte(strings.Join(lines[:70], "\n")+"\n"), 0o644)

	mustRun := func(args ...string) string {
		t.Helper()
		out, errb, err := runCLI(t, append([]string{"--data", data}, args...)...)
		if err != nil {
			t.Fatalf("duban %s: %v\n%s%s", strings.Join(args, " "), err, out, errb)
		}
		return out
	}
	out := mustRun("ingest", seed)
	id := strings.Fields(out)[1]
	if !strings.HasPrefix(out, "新增\t") || !strings.Contains(out, "第 1 版") {
		t.Fatalf("ingest: %q", out)
	}
	out = mustRun("ingest", "--dry-run", fewer)
	if !strings.HasPrefix(out, "预览:已替换") || !strings.Contains(out, "删除 21 项") || !strings.Contains(out, "注意:此次导入将删除现有的 21 项任务") {
		t.Errorf("dry run: %q", out)
	}
	if out := mustRun("versions", id); strings.Count(out, "第 ") != 2 || !strings.Contains(out, "当前为第 1 版") {
		t.Errorf("a dry run made a version: %q", out)
	}
	mustRun("ingest", fewer)
	out = mustRun("versions", id)
	if !strings.Contains(out, "当前为第 2 版") || !strings.Contains(out, "* 第 2 版") || !strings.Contains(out, "少了的版本.txt\t任务 62 条") {
		t.Errorf("versions: %q", out)
	}
	if out := mustRun("restore", id, "--version", "1"); !strings.Contains(out, "第 1 版成为当前版本(第 3 版)\t任务 83 条") {
		t.Errorf("restore: %q", out)
	}
	if out := mustRun("search", "垃圾分类"); !strings.Contains(out, "共 1 条任务") {
		t.Errorf("search after the restore: %q", out)
	}
	mustRun("delete", id)
	if out := mustRun("documents"); strings.Contains(out, id) {
		t.Errorf("a deleted document is listed: %q", out)
	}
	if out := mustRun("trash"); !strings.HasPrefix(out, id) {
		t.Errorf("trash: %q", out)
	}
	mustRun("restore", id)
	if out := mustRun("reparse"); !strings.HasPrefix(out, "无变化\t"+id) {
		t.Errorf("reparse: %q", out)
	}
	mustRun("delete", id)
	if out := mustRun("trash", "--empty"); !strings.Contains(out, "已彻底删除 1 份文件") {
		t.Errorf("empty: %q", out)
	}
	if _, _, err := runCLI(t, "--data", data, "versions", id); err == nil {
		t.Error("versions of an erased document")
	}
	// the same notice in another file, from the command line
	mustRun("ingest", seed)
	headless := filepath.Join(files, "任务表.txt")
	os.WriteFile(headless, []byte(strings.Join(lines[6:], "\n")), 0o644)
	if _, errb, err := runCLI(t, "--data", data, "ingest", headless); err == nil || !strings.Contains(errb, "同一份通知") {
		t.Errorf("same notice without a choice: %v %q", err, errb)
	}
	if out := mustRun("ingest", "--replace", id, headless); !strings.HasPrefix(out, "已替换\t"+id) || !strings.Contains(out, "说明:发文机关取自被替换的文件") {
		t.Errorf("--replace: %q", out)
	}
}

// TestProgressFromTheCommandLine: a progress report through duban ingest is
// recognised, previewed with --dry-run, taken in, and the tasks it reports
// on are searched with their status.
func TestProgressFromTheCommandLine(t *testing.T) {
	data := t.TempDir()
	files := t.TempDir()
	seed := filepath.Join(files, seeds.NoticeName)
	os.WriteFile(seed, seeds.Notice(), 0o644)
	report := filepath.Join(files, "1-6月推进情况.txt")
	raw, err := os.ReadFile("../../ingest/testdata/progress/seed_h1.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(report, raw, 0o644)
	if _, errb, err := runCLI(t, "--data", data, "ingest", seed); err != nil {
		t.Fatalf("ingest: %v %s", err, errb)
	}
	out, errb, err := runCLI(t, "--data", data, "ingest", "--dry-run", report)
	if err != nil || !strings.HasPrefix(out, "预览:进度报告\t2018-H1") || !strings.Contains(out, "对应任务 3 项\t未能对应 1 行") || !strings.Contains(out, "序号 99") {
		t.Fatalf("dry run: %v %q %s", err, out, errb)
	}
	out, _, err = runCLI(t, "--data", data, "ingest", report)
	if err != nil || !strings.HasPrefix(out, "进度报告\t2018-H1") {
		t.Fatalf("ingest the report: %v %q", err, out)
	}
	out, _, err = runCLI(t, "--data", data, "search", "良渚新城", "--json")
	if err != nil || !strings.Contains(out, `"status": "滞后"`) && !strings.Contains(out, `"status":"滞后"`) {
		t.Errorf("search after the report: %v %.400s", err, out)
	}
}

// TestProgressColumnsNoticeFromTheCommandLine: a table of progress beside
// its assignments (分管领导, 牵头单位, 1-6月进展情况 …) whose rows are no task
// duban holds is the notice itself, its progress filled in: imported as a
// notice, not refused row by row as a report on no notice.
func TestProgressColumnsNoticeFromTheCommandLine(t *testing.T) {
	data := t.TempDir()
	file := "../../ingest/testdata/notices/n105-tabs-progress-columns-notice-2023.txt"
	out, errb, err := runCLI(t, "--data", data, "ingest", "--dry-run", file)
	if err != nil || !strings.HasPrefix(out, "预览:新增\t") || !strings.Contains(out, "任务 5 条") {
		t.Fatalf("dry run: %v %q %s", err, out, errb)
	}
	out, errb, err = runCLI(t, "--data", data, "ingest", file)
	if err != nil || !strings.HasPrefix(out, "新增\t") || !strings.Contains(out, "任务 5 条") {
		t.Fatalf("ingest: %v %q %s", err, out, errb)
	}
	out, _, err = runCLI(t, "--data", data, "search", "5G基站", "--json")
	if err != nil || !strings.Contains(out, "区工信局") {
		t.Errorf("search after the import: %v %.400s", err, out)
	}
}

// TestDamagedHistoryCommands: a flipped byte in an original and in a
// version file fails duban check naming each file; restore and reparse
// refuse the damaged source and say which.
func TestDamagedHistoryCommands(t *testing.T) {
	data := t.TempDir()
	files := t.TempDir()
	seed := filepath.Join(files, seeds.NoticeName)
	os.WriteFile(seed, seeds.Notice(), 0o644)
	lines := strings.Split(string(seeds.Notice()), "\n")
	fewer := filepath.Join(files, "少了的版本.txt")
	os.WriteFile(fewer, []byte(strings.Join(lines[:70], "\n")+"\n"), 0o644)
	for _, f := range []string{seed, fewer} {
		if _, _, err := runCLI(t, "ingest", f, "--data", data); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := runCLI(t, "check", "--data", data)
	if err != nil || !strings.Contains(out, "历史版本 2 个,原件 2 份") || !strings.Contains(out, "历史版本、原件、进度报告和词表完好") {
		t.Fatalf("check of a sound data dir: %q %v", out, err)
	}
	docs, _ := filepath.Glob(filepath.Join(data, "history", "docs", "*"))
	if len(docs) != 1 {
		t.Fatalf("history dirs: %v", docs)
	}
	id := filepath.Base(docs[0])
	body := filepath.Join("history", "docs", id, "000001.doc.json.gz")
	raw, _ := os.ReadFile(filepath.Join(data, body))
	raw[len(raw)-6] ^= 0x01 // the gzip trailer's CRC-32
	os.WriteFile(filepath.Join(data, body), raw, 0o644)
	sum := sha256.Sum256([]byte(strings.Join(lines[:70], "\n") + "\n"))
	original := filepath.Join("history", "originals", hex.EncodeToString(sum[:]))
	raw, err = os.ReadFile(filepath.Join(data, original))
	if err != nil {
		t.Fatal(err)
	}
	raw[10] ^= 0x01
	os.WriteFile(filepath.Join(data, original), raw, 0o644)

	out, _, err = runCLI(t, "check", "--data", data)
	if err == nil || !strings.Contains(out, "文件损坏:"+body) || !strings.Contains(out, "文件损坏:"+original) || !strings.Contains(err.Error(), "2 个损坏的文件") {
		t.Errorf("check of a damaged history: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "restore", id, "--version", "1", "--data", data); err == nil || !strings.Contains(err.Error(), body) {
		t.Errorf("restore of a damaged version: %v", err)
	}
	out, _, err = runCLI(t, "reparse", "--apply", "--data", data)
	if err == nil || !strings.Contains(out, "原件已损坏") || !strings.Contains(out, original) {
		t.Errorf("reparse of a damaged original: %q %v", out, err)
	}
	if out, _, _ := runCLI(t, "versions", id, "--data", data); strings.Count(out, " 版\t") != 2 {
		t.Errorf("a damaged source made a version: %q", out)
	}
	// a progress report cut short and a vocabulary that contradicts itself
	os.WriteFile(filepath.Join(data, "progress", "2018-H1-0123abcd.json"), []byte(`{"id":"2018-H1-0123abcd","entries":[`), 0o644)
	os.WriteFile(filepath.Join(data, "vocabulary.txt"), []byte("[单位]\n甲局 = 乙局\n[不合并]\n甲局 != 乙局\n"), 0o644)
	out, _, err = runCLI(t, "check", "--data", data)
	if err == nil || !strings.Contains(out, "文件损坏:progress/2018-H1-0123abcd.json") || !strings.Contains(out, "文件损坏:vocabulary.txt:词表第 4 行") ||
		!strings.Contains(err.Error(), "4 个损坏的文件") {
		t.Errorf("check of a damaged report and vocabulary: %q %v", out, err)
	}
}
