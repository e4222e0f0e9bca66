package worker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/ingest/worker/workertest"
	"github.com/duban/duban/seeds"
)

// TestMain lets this test binary serve as the parse worker (the Parsers of
// these tests run it as their child).
func TestMain(m *testing.M) {
	workertest.ServeIfChild()
	os.Exit(m.Run())
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestChildAnswersAsInProcess: what a child makes of a file — a notice, a
// progress report, a file the readers refuse — is what the same parse makes
// in process, field for field and error for error (code and Chinese
// message), so containment changes no answer of an ordinary file.
func TestChildAnswersAsInProcess(t *testing.T) {
	child := worker.New(worker.Config{})
	defer child.Close()
	docCode := ingest.EINVALID
	if _, err := exec.LookPath("soffice"); err == nil {
		docCode = ""
	}
	inProc := worker.New(worker.Config{InProcess: true})
	cases := []struct {
		name     string
		file     string
		data     []byte
		kind     worker.Kind
		wantCode string // "" for a result
		progress bool
	}{
		{name: "the seed", file: seeds.NoticeName, data: seeds.Notice(), kind: worker.Any},
		{name: "the seed as a notice", file: seeds.NoticeName, data: seeds.Notice(), kind: worker.Notice},
		{name: "a progress report", file: "seed_h1.txt", data: readFixture(t, "progress/seed_h1.txt"), kind: worker.Any, progress: true},
		{name: "the seed in bulk", file: seeds.NoticeName, data: seeds.Notice(), kind: worker.Bulk},
		{name: "a progress report in bulk", file: "seed_h1.txt", data: readFixture(t, "progress/seed_h1.txt"), kind: worker.Bulk, progress: true},
		{name: "a progress report read as a notice", file: "seed_h1.txt", data: readFixture(t, "progress/seed_h1.txt"), kind: worker.Notice},
		{name: "no tasks", file: "family_none.txt", data: readFixture(t, "family_none.txt"), kind: worker.Any, wantCode: ingest.EINVALID},
		{name: "blank", file: "blank.txt", data: []byte(" \n\n "), kind: worker.Any, wantCode: ingest.EINVALID},
		{name: "binary", file: "x.bin", data: []byte("\x00\x01\x02garbage"), kind: worker.Any, wantCode: ingest.EINVALID},
		{name: "a damaged PDF", file: "x.pdf", data: []byte("%PDF-1.4\nnot really\n"), kind: worker.Any, wantCode: ingest.EINVALID},
		// converted by LibreOffice inside the child, under its limits;
		// without LibreOffice both say to install it
		{name: "a legacy Word file", file: "seed.doc", data: readFixture(t, "../source/testdata/seed.doc"), kind: worker.Any, wantCode: docCode},
		{name: "a legacy Excel file", file: "seed.xls", data: readFixture(t, "../source/testdata/seed.xls"), kind: worker.Any, wantCode: docCode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, gotErr := child.Parse(context.Background(), tc.file, tc.data, tc.kind)
			want, wantErr := inProc.Parse(context.Background(), tc.file, tc.data, tc.kind)
			if code := ingest.ErrorCode(gotErr); code != tc.wantCode || code != ingest.ErrorCode(wantErr) {
				t.Fatalf("child's code %q (%v), in process %q (%v), want %q", code, gotErr, ingest.ErrorCode(wantErr), wantErr, tc.wantCode)
			}
			if gotErr != nil {
				if ingest.ErrorMessage(gotErr) != ingest.ErrorMessage(wantErr) {
					t.Fatalf("child says %q, in process %q", ingest.ErrorMessage(gotErr), ingest.ErrorMessage(wantErr))
				}
				return
			}
			if (got.Progress != nil) != tc.progress {
				t.Fatalf("read as a progress report: %v, want %v", got.Progress != nil, tc.progress)
			}
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(want)
			if !bytes.Equal(g, w) {
				t.Fatalf("the child's result differs from the one in process:\n%.500s\n%.500s", g, w)
			}
			if got.Doc != nil && len(got.Doc.Tasks) == 0 {
				t.Fatal("a notice without tasks")
			}
			// the lines a preview shows, but not in bulk (nothing shows them)
			if got.Doc != nil && (len(got.Lines) == len(got.Doc.Tasks)) != (tc.kind != worker.Bulk) {
				t.Fatalf("%d lines for %d tasks read as %s", len(got.Lines), len(got.Doc.Tasks), tc.kind)
			}
		})
	}
}

// TestProgressThatAssignsReadsBothWays: a progress report whose rows also
// name their units (牵头单位 beside 1-6月进展情况) comes back read both ways,
// for the caller to decide by the tasks it holds; one whose rows name
// nobody comes back as a report only; a notice only as a notice.
func TestProgressThatAssignsReadsBothWays(t *testing.T) {
	p := worker.New(worker.Config{InProcess: true})
	both, err := p.Parse(context.Background(), "seed_h1.txt", readFixture(t, "progress/seed_h1.txt"), worker.Any)
	if err != nil || both.Progress == nil || both.Doc == nil || len(both.Doc.Tasks) != len(both.Progress.Rows) || len(both.Lines) != len(both.Doc.Tasks) {
		t.Fatalf("a report naming its units: %+v %v", both, err)
	}
	bulk, err := p.Parse(context.Background(), "seed_h1.txt", readFixture(t, "progress/seed_h1.txt"), worker.Bulk)
	if err != nil || bulk.Progress == nil || bulk.Doc == nil || len(bulk.Lines) != 0 {
		t.Fatalf("in bulk: %+v %v", bulk, err)
	}
	only, err := p.Parse(context.Background(), "进展.txt", []byte("重点工作1-6月推进情况\n序号 | 重点工作任务 | 进展情况 | 是否序时推进 |\n1 | 深化垃圾治理。 | 已完成。 | 是 |\n"), worker.Any)
	if err != nil || only.Progress == nil || only.Doc != nil {
		t.Fatalf("a report naming nobody: %+v %v", only, err)
	}
}

// TestBombsAreContained: files of a few hundred bytes to 70 KB that blow
// the memory (a billion-entry cross-reference table; a large cell spanning
// 990 × 200 in HTML, or 200 grid columns × 990 rows in DOCX; one merged
// over 198,000 cells in XLSX) or the time (a form drawing itself a
// thousand times at every level) of the readers are answered with an error for the caller (a code other
// than internal), within the deadline, and the parent goes on parsing.
// Whether a reader's own budget or the child's limits stop them is not
// asserted: either is containment.
func TestBombsAreContained(t *testing.T) {
	const timeout = 3 * time.Second
	p := worker.New(worker.Config{Timeout: timeout})
	defer p.Close()
	for _, b := range workertest.Bombs() {
		t.Run(b.Name, func(t *testing.T) {
			start := time.Now()
			r, err := p.Parse(context.Background(), b.Name, b.Data, worker.Any)
			took := time.Since(start)
			if err == nil {
				t.Fatalf("parsed (%d tasks?)", len(r.Doc.Tasks))
			}
			if code := ingest.ErrorCode(err); code == ingest.EINTERNAL || code == ingest.EBUSY {
				t.Fatalf("code %q: %v", code, err)
			}
			if took > timeout+5*time.Second {
				t.Fatalf("answered after %v, the deadline is %v", took, timeout)
			}
			t.Logf("%d bytes: %s after %v", len(b.Data), ingest.ErrorCode(err), took.Round(time.Millisecond))
			if _, err := p.Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any); err != nil {
				t.Fatalf("the seed after the bomb: %v", err)
			}
		})
	}
}

// TestMemoryLimitStopsAChild: the child's address-space limit is real. An
// ordinary 24 MB text that the readers refuse precisely under the default
// limits (too many lines) cannot even be read into a child allowed 1 MB
// more than Go's runtime reserves at its start: that child dies, and the
// answer is ETOOCOMPLEX naming the limits.
func TestMemoryLimitStopsAChild(t *testing.T) {
	big := bytes.Repeat([]byte("推进重点工作任务落实,区发改局牵头。\n"), 24<<20/52)
	_, err := worker.New(worker.Config{}).Parse(context.Background(), "big.txt", big, worker.Any)
	if code := ingest.ErrorCode(err); code == "" || code == worker.ETOOCOMPLEX || code == ingest.EINTERNAL {
		t.Fatalf("under the default limits: %q %v", code, err)
	}
	_, err = worker.New(worker.Config{Memory: 1 << 20}).Parse(context.Background(), "big.txt", big, worker.Any)
	if code := ingest.ErrorCode(err); code != worker.ETOOCOMPLEX {
		t.Fatalf("with 1 MB: %q %v", code, err)
	}
	if msg := ingest.ErrorMessage(err); !strings.Contains(msg, "文件过于复杂或已损坏") || !strings.Contains(msg, "1 MB") {
		t.Fatalf("message %q", msg)
	}
}

// TestDeadlineStopsAChild: a parse over its wall-clock deadline is killed
// and answered ETOOCOMPLEX saying so; the seed takes tens of milliseconds.
func TestDeadlineStopsAChild(t *testing.T) {
	_, err := worker.New(worker.Config{Timeout: time.Millisecond}).Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any)
	if ingest.ErrorCode(err) != worker.ETOOCOMPLEX || !strings.Contains(ingest.ErrorMessage(err), "超过 0.001 秒") {
		t.Fatalf("%q %v", ingest.ErrorCode(err), err)
	}
}

// TestChildServesManyFiles: a child that answered parses the next file
// too, up to MaxUses files; with MaxUses 1 every file gets a fresh child.
// Either way the answers are the same.
func TestChildServesManyFiles(t *testing.T) {
	want, err := worker.New(worker.Config{InProcess: true}).Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	for _, tc := range []struct {
		maxUses  int
		min, max int64
	}{{3, 2, 3}, {1, 6, 8}} {
		p := worker.New(worker.Config{MaxUses: tc.maxUses})
		for range 6 {
			got, err := p.Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any)
			if err != nil {
				t.Fatal(err)
			}
			if g, _ := json.Marshal(got); !bytes.Equal(g, wantJSON) {
				t.Fatalf("MaxUses %d: a reused child answers otherwise", tc.maxUses)
			}
		}
		p.Close()
		if n := p.Started(); n < tc.min || n > tc.max {
			t.Fatalf("MaxUses %d: %d children started for 6 files, want %d to %d", tc.maxUses, n, tc.min, tc.max)
		}
	}
}

// TestCPULimitStopsAChild: a child over its CPU time is ended (SIGXCPU,
// which Go would ignore, exits it) long before its wall-clock deadline;
// the CPU is counted per file, so a child that parsed the seed before is
// allowed the same. The form that draws itself spins for minutes in
// today's reader; should a reader's budget refuse it first, the answer
// is still a 4xx in time.
func TestCPULimitStopsAChild(t *testing.T) {
	p := worker.New(worker.Config{Timeout: time.Minute, CPU: time.Second, Children: 1})
	defer p.Close()
	if _, err := p.Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := p.Parse(context.Background(), "form.pdf", workertest.FormPDF(), worker.Any)
	if code := ingest.ErrorCode(err); code == "" || code == ingest.EINTERNAL || code == ingest.EBUSY {
		t.Fatalf("%q %v", code, err)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Fatalf("stopped after %v with 1 s of CPU allowed", took)
	}
}

// TestCancelKillsTheChild: when the caller's context ends (the HTTP client
// went away), the child and what it started — in a process group of its
// own, as LibreOffice is — are killed, and Parse answers
// at once with an error that is the context's.
func TestCancelKillsTheChild(t *testing.T) {
	h := workertest.NewHanging(t)
	p := worker.New(worker.Config{Exe: h.Exe, Timeout: time.Minute})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.Parse(ctx, "x.txt", seeds.Notice(), worker.Any)
		done <- err
	}()
	child, grandchild := h.Started(t)
	if !workertest.Alive(child) || !workertest.Alive(grandchild) {
		t.Fatal("the stand-in is not running")
	}
	// as LibreOffice, started by the converter, is
	if g := workertest.Group(grandchild); g == 0 || g == workertest.Group(child) {
		t.Fatalf("the grandchild is in the child's process group (%d)", g)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || ingest.ErrorCode(err) != ingest.EBUSY {
			t.Fatalf("%q %v", ingest.ErrorCode(err), err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Parse still waits on a cancelled parse")
	}
	if !workertest.Gone(child, grandchild) {
		t.Fatalf("child %d or grandchild %d still runs", child, grandchild)
	}
}

// TestCloseKillsTheChildren: Close (the server stopping) kills a parse in
// progress, which answers EBUSY, and refuses new ones.
func TestCloseKillsTheChildren(t *testing.T) {
	h := workertest.NewHanging(t)
	p := worker.New(worker.Config{Exe: h.Exe, Timeout: time.Minute})
	done := make(chan error, 1)
	go func() {
		_, err := p.Parse(context.Background(), "x.txt", seeds.Notice(), worker.Any)
		done <- err
	}()
	child, grandchild := h.Started(t)
	closed := make(chan struct{})
	go func() { p.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waits on a parse")
	}
	if err := <-done; ingest.ErrorCode(err) != ingest.EBUSY {
		t.Fatalf("%q %v", ingest.ErrorCode(err), err)
	}
	if !workertest.Gone(child, grandchild) {
		t.Fatalf("child %d or grandchild %d still runs", child, grandchild)
	}
	if _, err := p.Parse(context.Background(), seeds.NoticeName, seeds.Notice(), worker.Any); ingest.ErrorCode(err) != ingest.EBUSY {
		t.Fatalf("a parse after Close: %v", err)
	}
}

// TestChildrenAreBounded: no more children run at once than Children; the
// next parse waits for a turn, and gives it up when its context ends.
func TestChildrenAreBounded(t *testing.T) {
	h := workertest.NewHanging(t)
	p := worker.New(worker.Config{Exe: h.Exe, Timeout: time.Minute, Children: 1})
	defer p.Close()
	go p.Parse(context.Background(), "x.txt", seeds.Notice(), worker.Any)
	h.Started(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := p.Parse(ctx, "y.txt", seeds.Notice(), worker.Any)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("the second parse: %v", err)
	}
}

// BenchmarkParseInProcess and BenchmarkParseInChild measure what a child
// costs per file on the seed: fork and exec of the binary, its start, the
// file in and the document out as JSON. The child is this test binary, or
// the binary named by DUBAN_BENCH_EXE (a built duban, as the server runs).
func BenchmarkParseInProcess(b *testing.B) {
	benchmarkParse(b, worker.New(worker.Config{InProcess: true}))
}

func BenchmarkParseInChild(b *testing.B) {
	benchmarkParse(b, worker.New(worker.Config{Exe: os.Getenv("DUBAN_BENCH_EXE")}))
}

// BenchmarkParseInFreshChild is BenchmarkParseInChild with a new child for
// every file (MaxUses 1): what a child's start costs.
func BenchmarkParseInFreshChild(b *testing.B) {
	benchmarkParse(b, worker.New(worker.Config{Exe: os.Getenv("DUBAN_BENCH_EXE"), MaxUses: 1}))
}

// BenchmarkParseInChildApart is BenchmarkParseInChild with uploads that
// come apart (100 ms between them, not timed), as an office's do: the time
// is what an upload waits with the spare child started and ready.
func BenchmarkParseInChildApart(b *testing.B) {
	benchmarkParse(b, worker.New(worker.Config{Exe: os.Getenv("DUBAN_BENCH_EXE")}), 100*time.Millisecond)
}

func benchmarkParse(b *testing.B, p *worker.Parser, apart ...time.Duration) {
	data := seeds.Notice()
	b.SetBytes(int64(len(data)))
	self0, children0 := cpuTime(syscall.RUSAGE_SELF), cpuTime(syscall.RUSAGE_CHILDREN)
	n := 0
	for b.Loop() {
		if len(apart) > 0 {
			b.StopTimer()
			time.Sleep(apart[0])
			b.StartTimer()
		}
		r, err := p.Parse(context.Background(), seeds.NoticeName, data, worker.Any)
		if err != nil || r.Doc == nil {
			b.Fatal(err)
		}
		n++
	}
	// CPU time, unlike wall time, does not depend on what else the
	// machine runs: the parent's (in process: the parse) and the
	// children's (start, parse, answer), counted once they are gone
	b.StopTimer()
	p.Close()
	b.ReportMetric(float64(cpuTime(syscall.RUSAGE_SELF)-self0)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(cpuTime(syscall.RUSAGE_CHILDREN)-children0)/float64(time.Millisecond)/float64(n), "child-cpu-ms/op")
}

// cpuTime is the user and system time of who (RUSAGE_SELF or
// RUSAGE_CHILDREN: the children waited for).
func cpuTime(who int) time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(who, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestKilledChildLeavesNoConversion: a child killed while LibreOffice
// converted (its client gone, its deadline passed) left its conversion dir
// (29 MB for a 29 MB .xls) in the temporary dir until the server's next
// start; a client cancelling uploads over and over filled the disk. The
// parent removes the dirs of the child it killed.
func TestKilledChildLeavesNoConversion(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	dir := t.TempDir()
	exe := filepath.Join(dir, "convert.sh")
	// the stand-in makes its conversion dir as the converter names it,
	// then hangs as LibreOffice would
	script := "#!/bin/sh\nread header || exit 1\nmkdir \"$TMPDIR/duban-convert-$$-123\"\necho x > \"$TMPDIR/duban-convert-$$-123/in.xls\"\n" +
		"echo $$ > " + filepath.Join(dir, "pid") + "\nsleep 300 &\nwait\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// another process's conversion, still running: kept
	other := filepath.Join(tmp, fmt.Sprintf("duban-convert-%d-456", os.Getpid()))
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	p := worker.New(worker.Config{Exe: exe, Timeout: time.Minute})
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.Parse(ctx, "x.xls", seeds.Notice(), worker.Any)
		done <- err
	}()
	var pid string
	for deadline := time.Now().Add(10 * time.Second); pid == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, _ := os.ReadFile(filepath.Join(dir, "pid"))
		pid = strings.TrimSpace(string(b))
	}
	conv := filepath.Join(tmp, "duban-convert-"+pid+"-123")
	if _, err := os.Stat(conv); pid == "" || err != nil {
		t.Fatalf("the stand-in did not start (%q): %v", pid, err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the cancellation", err)
	}
	if _, err := os.Stat(conv); !os.IsNotExist(err) {
		t.Errorf("the killed child's conversion dir %s is still there (%v)", conv, err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a running process's conversion dir was removed: %v", err)
	}
}
