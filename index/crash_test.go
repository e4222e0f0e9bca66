package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/duban/duban/ingest"
)

// The tests here start this test binary again as a child process (the
// helper below) to hold a data dir or to be killed in the middle of a write.

const childEnv = "DUBAN_INDEX_CHILD"

// versions returns two versions of the seed: A whole, B with 40 tasks and
// every text marked, so a mix of the two is visible.
func versions(t testing.TB) (a, b *ingest.Document) {
	a = MustParseSeed(t)
	b = MustParseSeed(t)
	b.Checksum = "version-b"
	b.Tasks = b.Tasks[:40]
	for i := range b.Tasks {
		b.Tasks[i].Text += "(B版)"
	}
	return a, b
}

// TestMain runs the child process's part when the test binary is started by
// startChild; otherwise the tests.
func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		runChild(v)
		return
	}
	os.Exit(m.Run())
}

// runChild holds a store open ("hold:DIR") or re-ingests the seed's two
// versions in a loop until killed ("churn:DIR").
func runChild(v string) {
	mode, dir, _ := strings.Cut(v, ":")
	if mode == "unwritable" {
		os.Exit(runUnwritableChild(dir))
	}
	s, err := Open(dir, Options{})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	switch mode {
	case "hold":
		fmt.Println("ready")
		time.Sleep(time.Minute)
	case "churn":
		a, b := versions(nil)
		fmt.Println("ready")
		for i := 0; ; i++ {
			d := a
			if i%2 == 0 {
				d = b
			}
			if _, err := s.Replace(d); err != nil {
				fmt.Println("replace failed:", err)
				os.Exit(4)
			}
		}
	}
	os.Exit(0)
}

func startChild(t *testing.T, mode, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+mode+":"+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if line := sc.Text(); line == "ready" || strings.Contains(line, "failed") {
				ready <- line
				return
			}
		}
		ready <- "child ended"
	}()
	select {
	case line := <-ready:
		if line != "ready" {
			t.Fatalf("child: %s", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("child did not start")
	}
	return cmd
}

// TestLockHeldByAnotherProcess: a second process on the same data dir fails
// at once, naming the process that holds it.
func TestLockHeldByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	child := startChild(t, "hold", dir)
	start := time.Now()
	_, err := Open(dir, Options{})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("open took %v", took)
	}
	if ingest.ErrorCode(err) != ingest.ECONFLICT || !strings.Contains(err.Error(), fmt.Sprint(child.Process.Pid)) {
		t.Errorf("err = %v, want a conflict naming PID %d", err, child.Process.Pid)
	}
}

// TestCrashDuringReplace kills a process with SIGKILL while it re-ingests a
// document over and over, reopens the data dir and finds that document
// whole in one version or the other, and the other document untouched.
func TestCrashDuringReplace(t *testing.T) {
	dir := t.TempDir()
	a, _ := versions(t)
	other := nextYear(t)
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceMany([]*ingest.Document{a, other}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for round := range 4 {
		child := startChild(t, "churn", dir)
		time.Sleep(time.Duration(150+round*170) * time.Millisecond)
		child.Process.Signal(syscall.SIGKILL)
		child.Wait()

		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		r, err := s.Search(context.Background(), Request{Docs: []string{a.ID}, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		marked := 0
		for _, h := range r.Hits {
			if strings.HasSuffix(h.Text, "(B版)") {
				marked++
			}
		}
		info, _ := s.Document(a.ID)
		switch {
		case r.Total == 83 && marked == 0 && info.TaskCount == 83:
		case r.Total == 40 && marked == 40 && info.TaskCount == 40:
		default:
			t.Errorf("round %d: a mix: %d tasks, %d of version B, document says %d", round, r.Total, marked, info.TaskCount)
		}
		if r, _ := s.Search(context.Background(), Request{Docs: []string{other.ID}, Size: 1}); r.Total != uint64(len(other.Tasks)) {
			t.Errorf("round %d: the other document has %d tasks, want %d", round, r.Total, len(other.Tasks))
		}
		t.Logf("round %d: found version with %d tasks", round, r.Total)
		s.Close()
	}
}
