package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
	"github.com/duban/duban/seeds"
)

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// MustRunMain starts the real program on dir and stops it at cleanup.
func MustRunMain(tb testing.TB, dir string) *Main {
	tb.Helper()
	m := &Main{Addr: "127.0.0.1:0", DataDir: dir, Logger: quietLogger()}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp.StatusCode
}

type searchAnswer struct {
	Total int `json:"total"`
	Hits  []struct {
		ID    string   `json:"id"`
		Seq   int      `json:"seq"`
		Year  int      `json:"year"`
		Units []string `json:"units"`
	} `json:"hits"`
}

// Units are the first hit's units, or "".
func (a searchAnswer) Units() string {
	if len(a.Hits) == 0 {
		return ""
	}
	return strings.Join(a.Hits[0].Units, "、")
}

func TestServeEndToEnd(t *testing.T) {
	dir := t.TempDir()
	m := MustRunMain(t, dir)
	var res searchAnswer
	if code := getJSON(t, m.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &res); code != 200 {
		t.Fatalf("status %d", code)
	}
	if res.Total != 1 || res.Hits[0].Seq != 49 || res.Hits[0].Units[0] != "区城管局" {
		t.Fatalf("q=垃圾分类: %+v", res)
	}

	// Upload a second notice, then delete it.
	notice := strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "2019.txt")
	fw.Write([]byte(notice))
	mw.Close()
	resp, err := http.Post(m.URL()+"/api/documents", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		ID        string `json:"id"`
		TasksMade int    `json:"tasks_made"`
	}
	json.NewDecoder(resp.Body).Decode(&up)
	resp.Body.Close()
	if resp.StatusCode != 201 || up.TasksMade != 83 {
		t.Fatalf("upload: %d %+v", resp.StatusCode, up)
	}
	getJSON(t, m.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &res)
	if res.Total != 2 {
		t.Errorf("after upload: %+v", res)
	}
	req, _ := http.NewRequest(http.MethodDelete, m.URL()+"/api/documents/"+up.ID, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	resp.Body.Close()

	// A second process on the same data dir fails fast with a clear error.
	start := time.Now()
	other := &Main{Addr: "127.0.0.1:0", DataDir: dir, Logger: quietLogger()}
	err = other.Run(context.Background())
	if ingest.ErrorCode(err) != ingest.ECONFLICT || time.Since(start) > 2*time.Second {
		t.Errorf("second server on the same dir: %v after %v", err, time.Since(start))
	}

	// Restart keeps the data (and does not ingest the seed again on top).
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m2 := MustRunMain(t, dir)
	var docs []map[string]any
	getJSON(t, m2.URL()+"/api/documents", &docs)
	getJSON(t, m2.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &res)
	if len(docs) != 1 || res.Total != 1 || res.Hits[0].Seq != 49 {
		t.Errorf("after restart: %d docs, %+v", len(docs), res)
	}
}

func TestServeRefusesPublicAddressWithoutToken(t *testing.T) {
	m := &Main{Addr: "0.0.0.0:0", DataDir: t.TempDir(), Logger: quietLogger()}
	err := m.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "DUBAN_TOKEN") {
		m.Close()
		t.Fatalf("err = %v", err)
	}
	if _, statErr := os.Stat(filepath.Join(m.DataDir, "index.bleve")); statErr == nil {
		t.Error("refused start still created an index")
	}
	// A name is never trusted to be a loopback address: localhost is
	// listened on as 127.0.0.1, any other name is not loopback.
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "localhost:1": false, "[::1]:80": true, ":8080": false,
		"10.0.0.1:80": false, "localhost.evil.example:80": false, "127.0.0.1.nip.io:80": false} {
		if got, _ := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v", addr, got)
		}
	}
	for addr, want := range map[string]string{"localhost:8080": "127.0.0.1:8080", "LOCALHOST:1": "127.0.0.1:1", "127.0.0.1:80": "127.0.0.1:80", ":8080": ":8080"} {
		if got, _ := listenAddr(addr); got != want {
			t.Errorf("listenAddr(%q) = %q, want %q", addr, got, want)
		}
	}
	m = &Main{Addr: "localhost:0", DataDir: t.TempDir(), Logger: quietLogger()}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if !strings.HasPrefix(m.URL(), "http://127.0.0.1:") {
		t.Errorf("localhost listens on %s, not the loopback address", m.URL())
	}
}

// TestServeChecksToken: a DUBAN_TOKEN of white space, with white space in
// it, or shorter than api.MinTokenLength stops the server from starting.
func TestServeChecksToken(t *testing.T) {
	for _, token := range []string{"   ", "\t\n", "short", "0123456789abcdef\n", "0123456789 abcdef"} {
		m := &Main{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Logger: quietLogger(), Token: token}
		if err := m.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "DUBAN_TOKEN") {
			m.Close()
			t.Errorf("token %q: %v", token, err)
		}
	}
	m := &Main{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Logger: quietLogger(), Token: "0123456789abcdef"}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.Close()
}

// TestServeAnswersOnlyItsOwnHostAndOrigin: the running server refuses a
// Host that is not its own (DNS rebinding) and a write from another
// origin; its own page's requests go through.
func TestServeAnswersOnlyItsOwnHostAndOrigin(t *testing.T) {
	m := MustRunMain(t, t.TempDir())
	u, _ := url.Parse(m.URL())
	get := func(host string) int {
		req, _ := http.NewRequest("GET", m.URL()+"/api/search?q=x", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for host, want := range map[string]int{u.Host: 200, "localhost:" + u.Port(): 200, "evil.example:" + u.Port(): 403} {
		if got := get(host); got != want {
			t.Errorf("Host %s: %d, want %d", host, got, want)
		}
	}
	req, _ := http.NewRequest("DELETE", m.URL()+"/api/documents/nope", nil)
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("cross-origin delete: %d", resp.StatusCode)
	}
	req, _ = http.NewRequest("DELETE", m.URL()+"/api/documents/nope", nil)
	req.Header.Set("Origin", m.URL())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("same-origin delete of an unknown document: %d, want 404", resp.StatusCode)
	}
}

// runCLI runs the duban command with args and returns its output and error.
func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := newRootCommand(&out, &errb)
	cmd.SetArgs(append(args, "--log-level", "error"))
	err := cmd.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	files := t.TempDir()
	good := filepath.Join(files, "notice.txt")
	os.WriteFile(good, seeds.Notice(), 0o644)
	bad := filepath.Join(files, "bad.txt")
	os.WriteFile(bad, []byte("no table here\n"), 0o644)

	out, _, err := runCLI(t, "ingest", good, "--data", dir)
	if err != nil || !strings.Contains(out, "任务 83 条") || !strings.Contains(out, "2018-") {
		t.Fatalf("ingest: %q %v", out, err)
	}
	_, stderr, err := runCLI(t, "ingest", bad, "--data", dir)
	if err == nil || !strings.Contains(stderr, "没有找到任务表") {
		t.Errorf("bad ingest: err %v, stderr %q", err, stderr)
	}
	_, _, err = runCLI(t, "ingest", filepath.Join(files, "missing.txt"), "--data", dir)
	if err == nil {
		t.Error("missing file: no error")
	}

	out, _, err = runCLI(t, "search", "垃圾分类", "--data", dir)
	if err != nil || !strings.Contains(out, "共 1 条") || !strings.Contains(out, "区城管局") {
		t.Errorf("search: %q %v", out, err)
	}
	out, _, err = runCLI(t, "search", "--leader", "王艳勤", "--json", "--data", dir)
	var res searchAnswer
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Total != 6 {
		t.Errorf("search --json: %q %v", out, err)
	}
	_, _, err = runCLI(t, "search", "x", "--size", "1000", "--data", dir)
	if err == nil || !strings.Contains(err.Error(), "size") {
		t.Errorf("bad size: %v", err)
	}
	next := filepath.Join(files, "2019.txt")
	os.WriteFile(next, []byte(strings.Replace(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号", "2019年《政府工作报告》工作任务分解表?\n序号", 1), "达到80%", "达到90%", 1)), 0o644)
	out, _, err = runCLI(t, "ingest", next, good, "--data", dir)
	if err != nil || !strings.Contains(out, "新增") || !strings.Contains(out, "未变化") {
		t.Fatalf("ingest two: %q %v", out, err)
	}
	out, _, _ = runCLI(t, "documents", "--data", dir)
	ids := []string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		ids = append(ids, strings.Fields(line)[0])
	}
	if len(ids) != 2 || !strings.HasPrefix(ids[0], "2019-") {
		t.Fatalf("documents: %q", out)
	}
	out, _, err = runCLI(t, "compare", ids[1], ids[0], "--data", dir)
	if err != nil || !strings.Contains(out, "延续 82 项 · 变化 1 项") || !strings.Contains(out, "数字:80% → 90%") {
		t.Errorf("compare: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "compare", ids[1], "nope", "--data", dir); err == nil {
		t.Error("compare with an unknown id should fail")
	}
	out, _, err = runCLI(t, "search", "垃圾分类", "--year", "2018", "--data", dir)
	if err != nil || !strings.Contains(out, "共 1 条") {
		t.Errorf("search --year: %q %v", out, err)
	}

	out, _, err = runCLI(t, "export", "--unit", "区住建局", "--year", "2018", "--data", dir)
	if err != nil || !strings.HasPrefix(out, "\ufeff年度,序号") || strings.Count(out, "\n") != 12 {
		t.Errorf("export: %d lines, %v\n%s", strings.Count(out, "\n"), err, out)
	}

	// The unit as most input methods type it, with full-width brackets.
	out, _, err = runCLI(t, "search", "--unit", "区住建局（规划分局）", "--year", "2018", "--json", "--data", dir)
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Total == 0 || res.Units() != "区住建局(规划分局)" {
		t.Errorf("search --unit with full-width brackets: %q %v", out, err)
	}
	// --sort order lists a leader's tasks in the notices' order, however found.
	out, _, err = runCLI(t, "search", "祝振伟", "--sort", "order", "--size", "3", "--json", "--data", dir)
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res.Hits) != 3 || res.Hits[0].Year != 2019 || res.Hits[0].Seq != 1 || res.Hits[1].Seq != 2 {
		t.Errorf("search --sort order: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "search", "x", "--sort", "newest", "--data", dir); err == nil || !strings.Contains(err.Error(), "sort") {
		t.Errorf("bad --sort: %v", err)
	}
	if _, _, err := runCLI(t, "search", "x", "--due-before", "6月底", "--data", dir); err == nil || !strings.Contains(err.Error(), "due_before") {
		t.Errorf("bad --due-before: %v", err)
	}
	// Notices without 完成时限: nothing is due.
	out, _, err = runCLI(t, "search", "--due-before", "2019-06-30", "--data", dir)
	if err != nil || !strings.Contains(out, "共 0 条") {
		t.Errorf("search --due-before: %q %v", out, err)
	}
	// The comparison as a ledger file; a notice against itself is refused.
	cmpFile := filepath.Join(files, "对比.xlsx")
	if _, _, err := runCLI(t, "compare", ids[1], ids[0], "--out", cmpFile, "--data", dir); err != nil {
		t.Errorf("compare --out: %v", err)
	} else if f, err := excelize.OpenFile(cmpFile); err != nil {
		t.Errorf("compare --out wrote no workbook: %v", err)
	} else {
		rows, _ := f.GetRows(f.GetSheetList()[0])
		f.Close()
		if len(rows) != 4 || rows[3][0] != "变化" || rows[3][1] != "49" {
			t.Errorf("compare --out rows: %q", rows)
		}
	}
	if _, stderr, err := runCLI(t, "compare", ids[0], ids[0], "--data", dir); err == nil || !strings.Contains(err.Error()+stderr, "自己") {
		t.Errorf("compare a notice with itself: %v %q", err, stderr)
	}
}

// TestServeSaysPortInUse: a port another program holds is said in plain
// words, before the seed is ingested into an empty data dir.
func TestServeSaysPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := filepath.Join(t.TempDir(), "data")
	m := &Main{Addr: ln.Addr().String(), DataDir: dir, Logger: quietLogger()}
	err = m.Run(context.Background())
	if err == nil {
		m.Close()
		t.Fatal("served on a port in use")
	}
	if !strings.Contains(err.Error(), "端口已被占用") || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("port in use: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the data dir was made (the seed ingested) before the port was tried: %v", err)
	}
}

// TestCheckAndRepairCommands: duban check says a sound store is sound; a
// damaged segment stops every command with a message naming check and
// repair; check lists the damage and exits non-zero; repair rebuilds the
// index, and check is content again.
func TestCheckAndRepairCommands(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(t.TempDir(), "notice.txt")
	os.WriteFile(good, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", good, "--data", dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "check", "--data", dir)
	if err != nil || !strings.Contains(out, "索引完好") || !strings.Contains(out, "完好的任务 83 项") {
		t.Fatalf("check a sound store: %q %v", out, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "index.bleve", "store", "*.zap"))
	if len(files) == 0 {
		t.Fatal("no segment files")
	}
	data, _ := os.ReadFile(files[len(files)-1])
	data[len(data)/2] ^= 0x5a
	os.WriteFile(files[len(files)-1], data, 0o644)

	if _, _, err := runCLI(t, "search", "垃圾分类", "--data", dir); err == nil || !strings.Contains(err.Error(), "duban repair") {
		t.Errorf("search a damaged store: %v", err)
	}
	m := &Main{Addr: "127.0.0.1:0", DataDir: dir, Logger: quietLogger()}
	if err := m.Run(context.Background()); ingest.ErrorCode(err) != ingest.ECORRUPT {
		m.Close()
		t.Errorf("serve a damaged store: %v", err)
	}
	out, _, err = runCLI(t, "check", "--data", dir)
	if err == nil || !strings.Contains(out, "段文件损坏") {
		t.Errorf("check a damaged store: %q %v", out, err)
	}
	out, _, err = runCLI(t, "repair", "--data", dir)
	if !strings.Contains(out, "已重建索引") {
		t.Fatalf("repair: %q %v", out, err)
	}
	if out, _, err = runCLI(t, "check", "--data", dir); err != nil || !strings.Contains(out, "索引完好") {
		t.Errorf("check after repair: %q %v", out, err)
	}
	if out, _, err = runCLI(t, "search", "垃圾分类", "--data", dir); err != nil || !strings.Contains(out, "共 1 条") {
		t.Errorf("search after repair: %q %v", out, err)
	}
}

// TestReadCommandsOnReadOnlyDir: the commands that only read work on a
// data dir that cannot be written (a read-only mount); ingest says why it
// cannot.
func TestReadCommandsOnReadOnlyDir(t *testing.T) {
	mnt := tmpfs.Mount(t, "16m")
	dir := filepath.Join(mnt, "data")
	good := filepath.Join(t.TempDir(), "notice.txt")
	os.WriteFile(good, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", good, "--data", dir); err != nil {
		t.Fatal(err)
	}
	tmpfs.Remount(t, mnt, "ro")
	for _, args := range [][]string{{"search", "垃圾分类"}, {"documents"}, {"export", "--format", "jsonl"}, {"check"}} {
		out, _, err := runCLI(t, append(args, "--data", dir)...)
		if err != nil || out == "" {
			t.Errorf("%v on a read-only dir: %q %v", args, out, err)
		}
	}
	if _, _, err := runCLI(t, "ingest", good, "--data", dir); err == nil {
		t.Error("ingest into a read-only dir succeeded")
	}
}

// TestReadCommandsNeverCreateTheDataDir: a mistyped --data is said, not
// made into a new store with the seed in it; an existing dir without an
// index is left as it is. serve and ingest still create theirs.
func TestReadCommandsNeverCreateTheDataDir(t *testing.T) {
	root := t.TempDir()
	missing := filepath.Join(root, "no", "such", "dir")
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"search", "x"}, {"documents"}, {"export", "--format", "jsonl"}, {"compare", "a", "b"},
		{"versions", "a"}, {"check"}, {"vocabulary"}, {"backup", "--out", filepath.Join(root, "b.tar.gz")},
	} {
		for _, dir := range []string{missing, empty} {
			out, _, err := runCLI(t, append(args, "--data", dir)...)
			want := "不存在"
			if dir == empty {
				want = "没有索引"
			}
			if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), want) {
				t.Errorf("%v --data %s: %q %v, want an error naming the dir and saying %s", args, dir, out, err, want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "no")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read command created %s", filepath.Join(root, "no"))
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a read command wrote into an empty dir: %v", entries)
	}
	good := filepath.Join(t.TempDir(), "notice.txt")
	os.WriteFile(good, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", good, "--data", missing); err != nil {
		t.Fatalf("ingest into a new dir: %v", err)
	}
	if out, _, err := runCLI(t, "search", "垃圾分类", "--data", missing); err != nil || !strings.Contains(out, "垃圾分类") {
		t.Errorf("search after ingest: %q %v", out, err)
	}
}

// duban ingest --kind says what every file is, as the API's kind= does: a
// table read both ways is taken as a report with --kind progress although
// none of its tasks is held, as the notice with --kind notice once they
// are; a file that does not read as the kind is refused and writes nothing.
func TestIngestKind(t *testing.T) {
	dir := t.TempDir()
	both := "../../ingest/testdata/notices/n105-tabs-progress-columns-notice-2023.txt"
	_, stderr, err := runCLI(t, "ingest", both, "--kind", "report", "--data", dir)
	if err == nil || !strings.Contains(err.Error()+stderr, "--kind") {
		t.Fatalf("--kind report: %v %q", err, stderr)
	}
	out, stderr, err := runCLI(t, "ingest", both, "--kind", "progress", "--dry-run", "--data", dir)
	if err != nil || !strings.Contains(out, "预览:进度报告") {
		t.Fatalf("--kind progress on a table read both ways: %q %q %v", out, stderr, err)
	}
	out, _, err = runCLI(t, "ingest", both, "--data", dir)
	if err != nil || !strings.Contains(out, "任务 5 条") {
		t.Fatalf("by evidence, no task held: the notice: %q %v", out, err)
	}
	// its tasks held, the same table is a report by evidence …
	out, _, err = runCLI(t, "ingest", both, "--dry-run", "--data", dir)
	if err != nil || !strings.Contains(out, "预览:进度报告") {
		t.Fatalf("by evidence, its tasks held: %q %v", out, err)
	}
	// … and the notice again when the office says so
	out, _, err = runCLI(t, "ingest", both, "--kind", "notice", "--dry-run", "--data", dir)
	if err != nil || strings.Contains(out, "预览:进度报告") || !strings.Contains(out, "任务 5 条") {
		t.Fatalf("--kind notice, its tasks held: %q %v", out, err)
	}
	notice := filepath.Join(t.TempDir(), "notice.txt")
	os.WriteFile(notice, seeds.Notice(), 0o644)
	before, _, _ := runCLI(t, "documents", "--data", dir)
	_, stderr, err = runCLI(t, "ingest", notice, "--kind", "progress", "--data", dir)
	if err == nil || !strings.Contains(stderr, "读不成进度报告") {
		t.Fatalf("a notice with --kind progress: %v %q", err, stderr)
	}
	if after, _, _ := runCLI(t, "documents", "--data", dir); after != before {
		t.Errorf("a refused kind wrote: %q → %q", before, after)
	}
}
