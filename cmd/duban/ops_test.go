package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/duban/duban/backup"
	"github.com/duban/duban/buildinfo"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
	"github.com/duban/duban/seeds"
)

// noticeOfYear is the seed notice retitled for another year: another
// document.
func noticeOfYear(year int) []byte {
	return []byte(strings.Replace(string(seeds.Notice()), "2018年《政府工作报告》工作任务分解表?\n序号",
		fmt.Sprintf("%d年《政府工作报告》工作任务分解表?\n序号", year), 1))
}

// postFile uploads a file to a running server and fails the test unless it
// is kept.
func postFile(t *testing.T, base, name string, data []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, err := http.Post(base+"/api/documents", mw.FormDataContentType(), &body)
	if err != nil {
		t.Error(err)
		return
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 201 {
		t.Errorf("upload %s: %d %s", name, resp.StatusCode, raw)
	}
}

func getRaw(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, raw)
	}
	return raw
}

// storeState is everything a reader sees of a running server's data, by
// part: each document (its info, every task as served, its versions, the
// bytes of every kept original), the progress reports, the vocabulary, the
// trash.
func storeState(t *testing.T, base string) map[string]string {
	t.Helper()
	state := map[string]string{}
	var docs []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(getRaw(t, base+"/api/documents"), &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		var b strings.Builder
		one := getRaw(t, base+"/api/documents/"+d.ID)
		b.Write(one)
		tasks := getRaw(t, base+"/api/search?size=100&sort=order&doc="+url.QueryEscape(d.ID))
		var res struct {
			Total int              `json:"total"`
			Hits  []map[string]any `json:"hits"`
		}
		json.Unmarshal(tasks, &res)
		fmt.Fprintf(&b, "\ntotal %d\n", res.Total)
		for _, h := range res.Hits {
			delete(h, "score")
			raw, _ := json.Marshal(h)
			b.Write(raw)
			b.WriteByte('\n')
		}
		versions := getRaw(t, base+"/api/documents/"+d.ID+"/versions")
		b.Write(versions)
		var hist struct {
			Versions []struct {
				Version  int  `json:"version"`
				Original bool `json:"original"`
			} `json:"versions"`
		}
		json.Unmarshal(versions, &hist)
		if len(hist.Versions) == 0 {
			t.Fatalf("%s has no versions: %s", d.ID, versions)
		}
		for _, v := range hist.Versions {
			if v.Original {
				sum := sha256.Sum256(getRaw(t, fmt.Sprintf("%s/api/documents/%s/original?version=%d", base, d.ID, v.Version)))
				fmt.Fprintf(&b, "\noriginal %d %s", v.Version, hex.EncodeToString(sum[:]))
			}
		}
		state["doc "+d.ID] = b.String()
	}
	state["progress"] = string(getRaw(t, base+"/api/progress"))
	state["vocabulary"] = string(getRaw(t, base+"/api/vocabulary?format=text"))
	state["trash"] = string(getRaw(t, base+"/api/trash"))
	return state
}

// TestBackupWhileServingAndRestore: duban backup goes through the running
// server while searches and an upload run; the archive restores into a new
// dir where every document, task, version, original, progress report and
// the vocabulary are identical (the upload that ran beside the backup is
// there whole, or not at all).
func TestBackupWhileServingAndRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	m := MustRunMain(t, dir)
	base := m.URL()
	lines := strings.Split(string(seeds.Notice()), "\n")
	postFile(t, base, "fewer.txt", []byte(strings.Join(lines[:70], "\n")+"\n")) // the seed's second version
	postFile(t, base, "2019.txt", noticeOfYear(2019))
	postFile(t, base, "h1.txt", must(os.ReadFile("../../ingest/testdata/progress/seed_h1.txt")))
	req, _ := http.NewRequest(http.MethodPut, base+"/api/vocabulary", strings.NewReader("[单位]\n区生态环境分局 = 区环保局\n"))
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("vocabulary: %v %v", resp, err)
	}
	// a third notice, deleted: in the trash
	postFile(t, base, "2017.txt", noticeOfYear(2017))
	for _, d := range m.Store.Documents() {
		if d.Year == 2017 {
			dreq, _ := http.NewRequest(http.MethodDelete, base+"/api/documents/"+d.ID, nil)
			if resp, err := http.DefaultClient.Do(dreq); err != nil || resp.StatusCode != 200 {
				t.Fatalf("delete: %v %v", resp, err)
			}
		}
	}

	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	searches := 0
	wg.Add(2)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			var res searchAnswer
			if code := getJSON(t, base+"/api/search?q="+url.QueryEscape("垃圾分类"), &res); code != 200 || res.Total < 2 {
				t.Errorf("search during the backup: %d %+v", code, res)
				return
			}
			searches++
		}
	}()
	go func() {
		defer wg.Done()
		postFile(t, base, "2020.txt", noticeOfYear(2020))
	}()
	out, _, err := runCLI(t, "backup", "--out", archive, "--data", dir)
	close(stop)
	wg.Wait()
	if err != nil || !strings.Contains(out, "经由运行中的服务 "+base) || !strings.Contains(out, "已校验") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if searches == 0 {
		t.Error("no search ran beside the backup")
	}
	want := storeState(t, base)

	restored := filepath.Join(t.TempDir(), "restored")
	if out, _, err := runCLI(t, "restore", archive, "--data", restored); err != nil || !strings.Contains(out, "校验无误") {
		t.Fatalf("restore: %q %v", out, err)
	}
	r := MustRunMain(t, restored)
	have := storeState(t, r.URL())
	var missing []string
	for k, v := range want {
		got, ok := have[k]
		switch {
		case !ok:
			missing = append(missing, k)
		case got != v:
			t.Errorf("%s differs after the restore:\n%s\nwant\n%s", k, got, v)
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			t.Errorf("restored %s that was never there", k)
		}
	}
	// Only the notice uploaded beside the backup may be missing (the
	// backup was taken before it); everything else was there before.
	var uploadedBeside string
	for _, d := range m.Store.Documents() {
		if d.Year == 2020 {
			uploadedBeside = "doc " + d.ID
		}
	}
	if len(missing) > 1 || len(missing) == 1 && missing[0] != uploadedBeside {
		t.Errorf("missing after the restore: %v", missing)
	}
	if len(want) < 6 || !strings.Contains(want["trash"], "2017") || !strings.Contains(want["vocabulary"], "区生态环境分局") ||
		!strings.Contains(want["progress"], "2018-H1") {
		t.Errorf("the state compared is not the whole store: %v", slices.Collect(mapsKeys(want)))
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestBackupAndRestoreCommands: without a server duban backup reads the
// data dir itself, read-only; duban restore refuses a damaged or foreign
// archive, a data dir a running duban holds, and a full one without
// --replace, which moves it aside.
func TestBackupAndRestoreCommands(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	m := MustRunMain(t, dir)
	base := m.URL()
	postFile(t, base, "2019.txt", noticeOfYear(2019))
	want := storeState(t, base)
	m.Close()
	if _, err := os.Stat(filepath.Join(dir, serveFileName)); !os.IsNotExist(err) {
		t.Errorf("serve.json left after Close: %v", err)
	}
	before := listDir(t, dir)

	archive := filepath.Join(root, "b.tar.gz")
	out, _, err := runCLI(t, "backup", "--out", archive, "--data", dir)
	if err != nil || !strings.Contains(out, "直接读取数据目录") {
		t.Fatalf("direct backup: %q %v", out, err)
	}
	if after := listDir(t, dir); after != before {
		t.Errorf("a direct backup changed the data dir:\n%s\nwas\n%s", after, before)
	}
	if _, _, err := runCLI(t, "backup", "--out", archive, "--data", dir); err == nil || !strings.Contains(err.Error(), "已存在") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if _, _, err := runCLI(t, "backup", "--out", filepath.Join(root, "x.tar.gz"), "--data", filepath.Join(root, "empty")); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("backup of no store: %v", err)
	}
	// a process that holds the data dir but is no server: said so
	held, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "backup", "--out", filepath.Join(root, "y.tar.gz"), "--data", dir); err == nil || !strings.Contains(err.Error(), "不是 duban serve") {
		t.Errorf("backup of a dir held by ingest: %v", err)
	}
	held.Close()

	restored := filepath.Join(root, "restored")
	if _, _, err := runCLI(t, "restore", archive, "--data", restored); err != nil {
		t.Fatal(err)
	}
	r := MustRunMain(t, restored)
	if have := storeState(t, r.URL()); !mapsEqual(have, want) {
		t.Errorf("restored state differs:\n%v\nwant\n%v", have, want)
	}
	r.Close()

	good := must(os.ReadFile(archive))
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)/2] ^= 0xff
	foreign := []byte("PK\x03\x04 a zip, not a duban backup")
	for name, data := range map[string][]byte{"damaged": damaged, "foreign": foreign, "cut short": good[:len(good)/3]} {
		file := filepath.Join(root, name+".tar.gz")
		os.WriteFile(file, data, 0o644)
		target := filepath.Join(root, "target-"+strings.ReplaceAll(name, " ", "-"))
		_, _, err := runCLI(t, "restore", file, "--data", target)
		if err == nil || !strings.Contains(err.Error(), "备份文件无法使用") {
			t.Errorf("%s archive: %v", name, err)
		}
		if _, err := os.Stat(target); !os.IsNotExist(err) {
			t.Errorf("a refused %s archive left %s", name, target)
		}
	}

	// a data dir a running duban holds is never restored over
	m2 := MustRunMain(t, dir)
	_, _, err = runCLI(t, "restore", archive, "--data", dir, "--replace")
	if err == nil || !strings.Contains(err.Error(), "正被另一个 duban 进程使用") || !strings.Contains(err.Error(), "停止") {
		t.Errorf("restore over a running server: %v", err)
	}
	if have := storeState(t, m2.URL()); !mapsEqual(have, want) {
		t.Error("the refused restore changed the running server's data")
	}
	m2.Close()
	// a full one only with --replace, which moves it aside
	if _, _, err := runCLI(t, "restore", archive, "--data", dir); err == nil || !strings.Contains(err.Error(), "不是空的") {
		t.Errorf("restore over a full dir: %v", err)
	}
	out, _, err = runCLI(t, "restore", archive, "--data", dir, "--replace")
	if err != nil || !strings.Contains(out, "原数据目录已移到") {
		t.Fatalf("restore --replace: %q %v", out, err)
	}
	aside, _ := filepath.Glob(dir + ".before-restore-*")
	if len(aside) != 1 || !index.Exists(aside[0]) {
		t.Errorf("the old data dir was not kept aside: %v", aside)
	}
	// restore DOC is still a document's restore
	if _, _, err := runCLI(t, "restore", "no-such-doc", "--data", dir, "--replace"); err == nil || !strings.Contains(err.Error(), "没有找到备份文件") {
		t.Errorf("--replace with a document id: %v", err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// listDir names every file of dir with its size and time.
func listDir(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			fmt.Fprintf(&b, "%s %d %v\n", strings.TrimPrefix(p, dir), info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}

// TestScheduledBackups: serve's scheduled backups are written whole,
// verified, named by time, pruned to --backup-keep, counted in /metrics;
// after a restart the metrics know the newest one from the backup dir.
func TestScheduledBackups(t *testing.T) {
	root := t.TempDir()
	clock := time.Date(2026, 3, 1, 2, 0, 0, 0, time.Local)
	m := &Main{Addr: "127.0.0.1:0", DataDir: filepath.Join(root, "data"), Logger: quietLogger(),
		BackupEvery: 24 * time.Hour, BackupKeep: 2, now: func() time.Time { return clock }}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.BackupDir != filepath.Join(root, "data-backups") {
		t.Errorf("default backup dir %s", m.BackupDir)
	}
	var paths []string
	for range 3 {
		p, err := m.BackupNow()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := backup.Verify(bytes.NewReader(must(os.ReadFile(p)))); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		paths = append(paths, p)
		clock = clock.Add(24 * time.Hour)
	}
	entries, _ := os.ReadDir(m.BackupDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"duban-20260302-020000.tar.gz", "duban-20260303-020000.tar.gz"}; !slices.Equal(names, want) {
		t.Errorf("backup dir holds %v, want %v", names, want)
	}
	metrics := string(getRaw(t, m.URL()+"/metrics"))
	size := must(os.Stat(paths[2])).Size()
	if v, _ := metricLine(metrics, `duban_backups_total{result="ok",trigger="schedule"}`); v != 3 {
		t.Errorf("scheduled backups counted %v", v)
	}
	if v, _ := metricLine(metrics, "duban_last_backup_bytes"); v != float64(size) {
		t.Errorf("last backup %v bytes, the file %d", v, size)
	}
	m.Close()
	// a restart reads the newest backup's time from its name
	m2 := &Main{Addr: "127.0.0.1:0", DataDir: m.DataDir, Logger: quietLogger(), BackupEvery: 24 * time.Hour, BackupKeep: 2}
	if err := m2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	newest := time.Date(2026, 3, 3, 2, 0, 0, 0, time.Local).Unix()
	metrics = string(getRaw(t, m2.URL()+"/metrics"))
	if v, _ := metricLine(metrics, "duban_last_backup_timestamp_seconds"); v != float64(newest) {
		t.Errorf("after a restart the last backup is not known:\n%s", grepLines(metrics, "duban_last_backup"))
	}
}

// metricLine is the value of the series written exactly as series in the
// text format.
func metricLine(text, series string) (float64, bool) {
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f, err == nil
		}
	}
	return 0, false
}

func grepLines(text, word string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestNextBackup(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	day, minute := 24*time.Hour, time.Minute
	tests := []struct {
		name string
		last time.Time
		want time.Time
	}{
		{"none yet: soon after the start", time.Time{}, now.Add(minute)},
		{"made an hour ago: a day after it", now.Add(-time.Hour), now.Add(23 * time.Hour)},
		{"overdue (the machine was off): soon after the start", now.Add(-3 * day), now.Add(minute)},
		{"due within the minute: no sooner than the delay", now.Add(-day + 10*time.Second), now.Add(minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextBackup(tt.last, now, day, minute); !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestVersionCommand: duban version says the build; stamped with -ldflags
// -X, the binary reports what it was stamped with, and the data dir's
// format marker records it.
func TestVersionCommand(t *testing.T) {
	out, _, err := runCLI(t, "version", "--json")
	var v struct {
		buildinfo.Info
		DataFormat int `json:"data_format"`
		Archive    int `json:"backup_format"`
	}
	if err != nil || json.Unmarshal([]byte(out), &v) != nil {
		t.Fatalf("version --json: %q %v", out, err)
	}
	if v.Version != buildinfo.Devel || v.Commit == "" || v.Go == "" || v.DataFormat != index.FormatVersion || v.Archive != backup.ArchiveFormat {
		t.Errorf("unstamped: %+v", v)
	}
	if out, _, err := runCLI(t, "version"); err != nil || !strings.Contains(out, "duban devel") || !strings.Contains(out, fmt.Sprintf("数据格式\t%d", index.FormatVersion)) {
		t.Errorf("version: %q %v", out, err)
	}

	bin := filepath.Join(t.TempDir(), "duban")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=9.8.7 -X main.commit=c0ffee0123456789abcd -X main.date=2026-05-06T07:08:09Z", "-o", bin, ".")
	if raw, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, raw)
	}
	raw, err := exec.Command(bin, "version", "--json").Output()
	if err != nil || json.Unmarshal(raw, &v) != nil {
		t.Fatalf("stamped version: %s %v", raw, err)
	}
	if v.Version != "9.8.7" || v.Commit != "c0ffee0123456789abcd" || v.Date != "2026-05-06T07:08:09Z" {
		t.Errorf("stamped: %+v", v)
	}
	dir, notice := t.TempDir(), filepath.Join(t.TempDir(), "n.txt")
	os.WriteFile(notice, seeds.Notice(), 0o644)
	if raw, err := exec.Command(bin, "ingest", notice, "--data", dir).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v %s", err, raw)
	}
	if f, _ := index.ReadFormat(dir); f.WrittenBy != "9.8.7+c0ffee012345" {
		t.Errorf("format marker %+v", f)
	}
}

// TestNewerStoreRefusedByCommands: a data dir a newer duban wrote is
// refused by serve and by every command, saying which duban wrote it, and
// left as it is.
func TestNewerStoreRefusedByCommands(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	notice := filepath.Join(files, "n.txt")
	os.WriteFile(notice, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", notice, "--data", dir); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(dir, "duban-format.json")
	newer := []byte(`{"format":99,"written_by":"9.0.0+abc"}`)
	os.WriteFile(marker, newer, 0o644)
	m := &Main{Addr: "127.0.0.1:0", DataDir: dir, Logger: quietLogger()}
	if err := m.Run(context.Background()); ingest.ErrorCode(err) != ingest.ECONFLICT || !strings.Contains(err.Error(), "较新版本的 duban(9.0.0+abc)") {
		m.Close()
		t.Errorf("serve: %v", err)
	}
	for _, args := range [][]string{{"search", "垃圾分类"}, {"ingest", notice}, {"documents"}, {"backup", "--out", filepath.Join(files, "b.tar.gz")}, {"check"}} {
		_, _, err := runCLI(t, append(args, "--data", dir)...)
		if err == nil || !strings.Contains(err.Error(), "较新版本") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if raw, _ := os.ReadFile(marker); !bytes.Equal(raw, newer) {
		t.Errorf("the marker was rewritten: %s", raw)
	}
}

// TestServeSettingsFromEnvironment: every serve setting can come from a
// DUBAN_* variable; a flag given wins; a bad value is an error naming the
// variable.
func TestServeSettingsFromEnvironment(t *testing.T) {
	env := map[string]string{
		"DUBAN_ADDR": "0.0.0.0:9999", "DUBAN_DATA": "/srv/duban/data", "DUBAN_HOST": "duban.example, duban",
		"DUBAN_BACKUP_DIR": "/srv/duban/backups", "DUBAN_BACKUP_EVERY": "12h", "DUBAN_BACKUP_KEEP": "30",
		"DUBAN_METRICS_PUBLIC": "true", "DUBAN_LOG_FORMAT": "json",
	}
	serve := findCommand(t, "serve")
	if err := serve.ParseFlags([]string{"--addr", "127.0.0.1:8081"}); err != nil {
		t.Fatal(err)
	}
	if err := applyEnv(serve, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	f := serve.Flags()
	hosts, _ := f.GetStringArray("host")
	every, _ := f.GetDuration("backup-every")
	keep, _ := f.GetInt("backup-keep")
	public, _ := f.GetBool("metrics-public")
	got := []string{flagString(f.GetString("addr")), flagString(f.GetString("data")), strings.Join(hosts, "|"),
		flagString(f.GetString("backup-dir")), every.String(), fmt.Sprint(keep), fmt.Sprint(public), flagString(f.GetString("log-format"))}
	want := []string{"127.0.0.1:8081", "/srv/duban/data", "duban.example|duban", "/srv/duban/backups", "12h0m0s", "30", "true", "json"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for name, bad := range map[string]string{"DUBAN_BACKUP_EVERY": "daily", "DUBAN_BACKUP_KEEP": "many", "DUBAN_METRICS_PUBLIC": "perhaps"} {
		serve := findCommand(t, "serve")
		serve.ParseFlags(nil)
		if err := applyEnv(serve, func(k string) string {
			if k == name {
				return bad
			}
			return ""
		}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v", name, bad, err)
		}
	}
	// the defaults without any
	serve = findCommand(t, "serve")
	serve.ParseFlags(nil)
	applyEnv(serve, func(string) string { return "" })
	every, _ = serve.Flags().GetDuration("backup-every")
	keep, _ = serve.Flags().GetInt("backup-keep")
	if every != DefaultBackupEvery || keep != DefaultBackupKeep {
		t.Errorf("defaults: every %v keep %d", every, keep)
	}
}

func flagString(s string, _ error) string { return s }

func findCommand(t *testing.T, name string) *cobra.Command {
	t.Helper()
	root := newRootCommand(io.Discard, io.Discard)
	cmd, _, err := root.Find([]string{name})
	if err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestScheduledBackupFailures: a backup dir on a full disk, then one that
// cannot be written, fails the backup: the server keeps answering, the
// failure is counted in duban_backups_total{result="failed"} and leaves no
// half-written file, and the next backup, once the disk allows it, is made.
// Pruning leaves alone what a scheduled backup did not write.
func TestScheduledBackupFailures(t *testing.T) {
	mnt := tmpfs.Mount(t, "16k")
	dir := filepath.Join(mnt, "backups")
	os.Mkdir(dir, 0o750)
	others := []string{"duban-before-upgrade.tar.gz", "notes.txt", "duban-0.tar.gz"}
	for _, n := range others {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	clock := time.Date(2026, 3, 1, 2, 0, 0, 0, time.Local)
	m := &Main{Addr: "127.0.0.1:0", DataDir: filepath.Join(t.TempDir(), "data"), Logger: quietLogger(),
		BackupDir: dir, BackupEvery: 24 * time.Hour, BackupKeep: 2, now: func() time.Time { return clock }}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	failed := func() float64 {
		v, _ := metricLine(string(getRaw(t, m.URL()+"/metrics")), `duban_backups_total{result="failed",trigger="schedule"}`)
		return v
	}
	serving := func() {
		t.Helper()
		var res searchAnswer
		if code := getJSON(t, m.URL()+"/api/search?q="+url.QueryEscape("垃圾分类"), &res); code != 200 || res.Total == 0 {
			t.Errorf("search after a failed backup: %d %+v", code, res)
		}
	}
	// the disk is full
	if _, err := m.BackupNow(); err == nil || !strings.Contains(err.Error(), "no space left") ||
		!strings.Contains(ingest.ErrorMessage(err), "磁盘空间不足") || !strings.Contains(ingest.ErrorMessage(err), dir) {
		t.Errorf("onto a full disk: %v (%q)", err, ingest.ErrorMessage(err))
	}
	serving()
	if v := failed(); v != 1 {
		t.Errorf("a backup onto a full disk counted %v failed", v)
	}
	// the dir cannot be written
	tmpfs.Remount(t, mnt, "ro")
	if _, err := m.BackupNow(); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("into a read-only dir: %v", err)
	}
	serving()
	if v := failed(); v != 2 {
		t.Errorf("a backup into a read-only dir counted %v failed", v)
	}
	if v, _ := metricLine(string(getRaw(t, m.URL()+"/metrics")), "duban_last_backup_timestamp_seconds"); v != 0 {
		t.Errorf("failed backups set the last backup's time: %v", v)
	}
	// the disk allows it again: the next backups are made and pruned
	tmpfs.Remount(t, mnt, "rw,size=64m")
	for range 3 {
		if _, err := m.BackupNow(); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(24 * time.Hour)
	}
	want := append([]string{"duban-20260302-020000.tar.gz", "duban-20260303-020000.tar.gz"}, others...)
	slices.Sort(want)
	if have := listNames(t, dir); !slices.Equal(have, want) {
		t.Errorf("backup dir holds %v, want %v", have, want)
	}
	metrics := string(getRaw(t, m.URL()+"/metrics"))
	if v, _ := metricLine(metrics, `duban_backups_total{result="ok",trigger="schedule"}`); v != 3 {
		t.Errorf("ok backups %v", v)
	}
	if v, _ := metricLine(metrics, `duban_backups_total{result="failed",trigger="schedule"}`); v != 2 {
		t.Errorf("failed backups %v", v)
	}
}

func listNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestBackupSchedulingSettings: --backup-every 0 turns the schedule off
// (no backup dir is made); an interval of a nanosecond still waits the
// start's delay between backups; keep below 1 and a negative interval are
// refused.
func TestBackupSchedulingSettings(t *testing.T) {
	m := &Main{Addr: "127.0.0.1:0", DataDir: filepath.Join(t.TempDir(), "data"), Logger: quietLogger()}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.Close()
	if _, err := os.Stat(DefaultBackupDir(m.DataDir)); !os.IsNotExist(err) || m.backupsDone != nil {
		t.Errorf("backups scheduled with --backup-every 0: %v", err)
	}
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if next := nextBackup(now.Add(-time.Second), now, time.Nanosecond, backupAfterStart); next.Sub(now) != backupAfterStart {
		t.Errorf("a tiny interval: next in %v", next.Sub(now))
	}
	dir := t.TempDir()
	for _, args := range [][]string{{"--backup-keep", "0"}, {"--backup-keep", "-3"}, {"--backup-every", "-1h"}} {
		_, _, err := runCLI(t, append([]string{"serve", "--data", filepath.Join(dir, "data")}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "--backup-") {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestServesWithoutItsBackupDir: a backup dir that cannot be made (a disk
// not mounted at boot) does not stop the server from serving; it says so.
func TestServesWithoutItsBackupDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	m := &Main{Addr: "127.0.0.1:0", DataDir: filepath.Join(dir, "data"), Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		BackupEvery: time.Hour, BackupKeep: 2, BackupDir: filepath.Join(file, "backups")}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("serve refused to start without its backup dir: %v", err)
	}
	defer m.Close()
	resp, err := http.Get("http://" + m.ln.Addr().String() + "/api/search?q=%E5%9E%83%E5%9C%BE%E5%88%86%E7%B1%BB")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("search: %d", resp.StatusCode)
	}
	if !strings.Contains(logs.String(), "cannot create the backup dir") {
		t.Errorf("nothing said about the backup dir:\n%s", logs.String())
	}
}

// TestEnvironmentOnTheCommandLine: a DUBAN_* variable that cannot be read
// is an error naming it (duban exits 1), before anything starts; a flag
// given on the command line wins over its variable; a misspelt log level
// or format is an error, not the default in silence.
func TestEnvironmentOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ name, value, want string }{
		{"DUBAN_BACKUP_EVERY", "daily", "DUBAN_BACKUP_EVERY"},
		{"DUBAN_BACKUP_EVERY", "-1h", "--backup-every"},
		{"DUBAN_BACKUP_KEEP", "many", "DUBAN_BACKUP_KEEP"},
		{"DUBAN_BACKUP_KEEP", "0", "--backup-keep"},
		{"DUBAN_METRICS_PUBLIC", "perhaps", "DUBAN_METRICS_PUBLIC"},
	} {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			t.Setenv(tt.name, tt.value)
			data := filepath.Join(dir, "data-"+tt.value)
			_, _, err := runCLI(t, "serve", "--data", data, "--addr", "127.0.0.1:0")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to name %s", err, tt.want)
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Errorf("the refused serve made %s", data)
			}
		})
	}
	t.Run("the command line wins", func(t *testing.T) {
		t.Setenv("DUBAN_LOG_FORMAT", "xml")
		if _, _, err := runCLI(t, "version"); err == nil || !strings.Contains(err.Error(), "DUBAN_LOG_FORMAT") {
			t.Errorf("DUBAN_LOG_FORMAT=xml: %v", err)
		}
		if _, _, err := runCLI(t, "version", "--log-format", "json"); err != nil {
			t.Errorf("a bad variable beside its flag: %v", err)
		}
		if _, _, err := runCLI(t, "version", "--log-format", "yaml"); err == nil || !strings.Contains(err.Error(), "--log-format") {
			t.Errorf("--log-format yaml: %v", err)
		}
		t.Setenv("DUBAN_LOG_FORMAT", "")
		t.Setenv("DUBAN_DATA", filepath.Join(dir, "from-env"))
		_, _, err := runCLI(t, "backup", "--out", filepath.Join(dir, "x.tar.gz"))
		if err == nil || !strings.Contains(err.Error(), "from-env") {
			t.Errorf("DUBAN_DATA: %v", err)
		}
		_, _, err = runCLI(t, "backup", "--out", filepath.Join(dir, "x.tar.gz"), "--data", filepath.Join(dir, "from-flag"))
		if err == nil || !strings.Contains(err.Error(), "from-flag") {
			t.Errorf("--data beside DUBAN_DATA: %v", err)
		}
	})
	t.Run("log level", func(t *testing.T) {
		cmd := findCommand(t, "version")
		cmd.ParseFlags(nil)
		err := applyEnv(cmd, func(k string) string { return map[string]string{"DUBAN_LOG_LEVEL": "loud"}[k] })
		if err == nil || !strings.Contains(err.Error(), "DUBAN_LOG_LEVEL") {
			t.Errorf("DUBAN_LOG_LEVEL=loud: %v", err)
		}
		cmd = findCommand(t, "serve")
		cmd.ParseFlags(nil)
		if err := applyEnv(cmd, func(k string) string { return map[string]string{"DUBAN_HOST": "a.example,, b.example,"}[k] }); err != nil {
			t.Fatal(err)
		}
		if hosts, _ := cmd.Flags().GetStringArray("host"); !slices.Equal(hosts, []string{"a.example", "b.example"}) {
			t.Errorf("DUBAN_HOST: %q", hosts)
		}
	})
}

// TestServeCleansLeftovers: what processes killed mid-work left is removed
// when serve starts — a backup's stage, serve.json's 0-byte temporary
// file, a vocabulary save, a conversion dir of a process that is gone —
// and nothing that is not provably such a left-over.
func TestServeCleansLeftovers(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	m := &Main{Addr: "127.0.0.1:0", DataDir: data, Logger: quietLogger()}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.Close()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	left := []string{
		filepath.Join(data, "duban-backup-123", "history", "originals", "x"),
		filepath.Join(data, "serve.json.tmp"),
		filepath.Join(data, "serve.json.tmp-77"),
		filepath.Join(data, "vocabulary.txt.tmp-99"),
		filepath.Join(tmp, fmt.Sprintf("duban-convert-%d-5", gone.Process.Pid), "notice.doc"),
	}
	kept := []string{
		filepath.Join(data, "notes.txt"),
		filepath.Join(tmp, fmt.Sprintf("duban-convert-%d-6", os.Getpid()), "notice.doc"),
	}
	for _, p := range append(slices.Clone(left), kept...) {
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, nil, 0o644)
	}
	m = &Main{Addr: "127.0.0.1:0", DataDir: data, Logger: quietLogger()}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	for _, p := range left {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("left behind: %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "duban-backup-123")); err == nil {
		t.Error("the backup's stage was left")
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("removed: %s", p)
		}
	}
	if rec, err := readServeRecord(data); err != nil || rec.PID != os.Getpid() {
		t.Errorf("serve.json: %+v %v", rec, err)
	}
}
