// Package worker parses files in a contained child process.
//
// A reader that misses one budget can make Go die of a fatal out-of-memory
// (which no recover catches) or spin for hours; in the server's own process
// that takes the server, its other uploads and its searches down with it.
// So every file duban is given is parsed by a child: the same binary run as
// `duban parse-worker` (Command), which sets its own limits first — address
// space (RLIMIT_AS), CPU time (RLIMIT_CPU) and a soft heap limit — then
// reads the file from stdin and writes the parsed result, or the error with
// its code and message, on stdout as JSON. The parent (Parser) gives it a
// wall-clock deadline and kills its process group when the deadline passes,
// when the caller's context ends (the HTTP client went away) or when the
// Parser is closed (the server stops). A crash, a kill or a limit costs one
// child and answers with ETOOCOMPLEX; an ordinary bad file comes back with
// the code and message the reader gave it, as if parsed in process.
//
// This is what Apache Tika's forked parser and browsers' renderer processes
// do. The readers keep their own budgets too (ingest/limits.go), so a bad
// file usually fails fast with a precise message; the child is the net under
// them.
package worker

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/duban/duban/ingest"
)

// Command is the hidden subcommand of duban that runs a child (Main).
const Command = "parse-worker"

// ChildEnv is set (to "1") in a child's environment: a binary that finds it
// runs Main instead of itself (duban's main, a test binary's TestMain), and a
// Parser inside a child refuses to start another one.
const ChildEnv = "DUBAN_PARSE_WORKER"

// Defaults of Config.
const (
	// DefaultTimeout is how long a parse may take, wall clock. The seed
	// parses in about 30 ms; the largest notice the limits allow in a few
	// seconds.
	DefaultTimeout = 30 * time.Second
	// DefaultMemory is what a child may allocate: its address-space
	// limit is this on top of what Go's runtime reserved at its start
	// (about 1.5 GiB of virtual memory, almost none of it touched). The
	// seed parses in about 20 MB.
	DefaultMemory = 1536 << 20
)

// ETOOCOMPLEX is the code of a file whose parse crashed, ran out of the
// child's memory or CPU, or over its time: the file is refused, nothing
// else is affected.
const ETOOCOMPLEX = ingest.ETOOCOMPLEX

// Kind says what a file may be.
type Kind string

const (
	// Any is a notice or a progress report (an upload, duban ingest).
	Any Kind = "any"
	// Notice is a notice only (a reparse of a kept original, the seed).
	Notice Kind = "notice"
)

// Result is a parsed file: a notice (Doc) or a progress report (Progress).
type Result struct {
	Doc      *ingest.Document       `json:"doc,omitempty"`
	Progress *ingest.ProgressReport `json:"progress,omitempty"`
}

// Config says how children are run. The zero Config is a contained parser
// with the defaults.
type Config struct {
	// Exe is the binary run as the child (it must run Main when it finds
	// ChildEnv set); empty means this program (os.Executable), which is
	// duban itself for the server and the CLI.
	Exe string
	// Timeout is a parse's wall-clock deadline; 0 means DefaultTimeout.
	Timeout time.Duration
	// Memory is what a child may allocate, in bytes: its address-space
	// limit (RLIMIT_AS) is this on top of what it holds when it starts.
	// 0 means DefaultMemory.
	Memory int64
	// CPU is the child's CPU-time limit; 0 means twice Timeout (the
	// garbage collector runs beside the parse on other cores). It is a
	// backstop: the deadline kills a spinning child first.
	CPU time.Duration
	// Children bounds the children running at once; Parse waits for a
	// turn. 0 means the number of cores, at least 2 and at most 4.
	Children int
	// InProcess parses in this process, without any containment: for
	// tests and benchmarks that measure the parse itself, never for the
	// server or the CLI.
	InProcess bool
	// Logger hears of children that crashed or were stopped, with what
	// the child wrote on stderr; nil means slog.Default.
	Logger *slog.Logger
}

// maxAnswerBytes bounds what a child may write: the largest document the
// limits allow (ingest.CheckDocumentLimits) as JSON, with room to spare.
const maxAnswerBytes = 512 << 20

// stderrHead is how much of a child's stderr is kept for the log: the
// start, where Go says why it died (fatal error: runtime: out of memory).
const stderrHead = 1 << 10

// Parser runs children. Close stops the running ones and refuses new ones.
// A Parser is safe for concurrent use.
//
// A child is started ahead of need (a spare): it runs its start (exec, Go's
// runtime, the packages' initialisation: most of what a child costs) while
// nothing waits for it, then blocks reading its first line until a file
// comes. Each child parses one file and exits, so no file meets what
// another left behind.
type Parser struct {
	cfg   Config
	turns chan struct{}
	// stop ends with Close: every parse's context ends with it.
	stop    context.Context
	stopNow context.CancelFunc

	mu        sync.Mutex
	closed    bool
	spare     *proc // started, waiting for a file
	refilling bool
	// running counts the parses and the spares being started, for Close
	// to wait on.
	running sync.WaitGroup
}

// New returns a Parser with cfg (defaults filled in).
func New(cfg Config) *Parser {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Memory <= 0 {
		cfg.Memory = DefaultMemory
	}
	if cfg.CPU <= 0 {
		cfg.CPU = 2 * cfg.Timeout
	}
	if cfg.Children <= 0 {
		cfg.Children = min(max(runtime.NumCPU(), 2), 4)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	stop, stopNow := context.WithCancel(context.Background())
	return &Parser{cfg: cfg, turns: make(chan struct{}, cfg.Children), stop: stop, stopNow: stopNow}
}

// Config returns the parser's configuration, defaults filled in.
func (p *Parser) Config() Config { return p.cfg }

// Close kills the running children (their Parse calls answer EBUSY) and the
// spare, and refuses new parses; it returns once they are gone. The server
// calls it before it waits for its requests, so a shutdown never waits on
// a parse.
func (p *Parser) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.closed = true
	sp := p.spare
	p.spare = nil
	p.mu.Unlock()
	p.stopNow()
	if sp != nil {
		sp.kill()
	}
	p.running.Wait()
}

// Parse parses data (a file named name, of kind) in a child and returns
// what it made. A file the readers refuse comes back with their error (its
// code and message); a child that crashed, ran out of memory or CPU, or
// over the deadline gives ETOOCOMPLEX; a parse stopped because ctx ended
// gives an EBUSY error that errors.Is ctx's error, and one stopped by Close
// EBUSY.
//
// A nil Parser parses in this process, uncontained, as InProcess does: the
// default of packages whose tests do not exercise containment; duban's
// server and commands always run children.
func (p *Parser) Parse(ctx context.Context, name string, data []byte, kind Kind) (*Result, error) {
	if p == nil || p.cfg.InProcess {
		return parse(name, data, kind)
	}
	if IsChild() {
		return nil, errors.New("a parse worker cannot start another one")
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, stopping()
	}
	p.running.Add(1)
	p.mu.Unlock()
	defer p.running.Done()
	select {
	case p.turns <- struct{}{}:
	case <-ctx.Done():
		return nil, canceled(ctx)
	case <-p.stop.Done():
		return nil, stopping()
	}
	defer func() { <-p.turns }()
	return p.run(ctx, name, data, kind)
}

// take returns the spare, or a child started now when there is none (or
// it died waiting), and has a new spare started.
func (p *Parser) take() (*proc, error) {
	p.mu.Lock()
	sp := p.spare
	p.spare = nil
	p.refill()
	p.mu.Unlock()
	if sp != nil {
		if !sp.exited() {
			return sp, nil
		}
		sp.kill()
	}
	return p.start()
}

// refill starts a spare in the background unless there is one, one is
// being started, or the Parser is closed. The caller holds p.mu.
func (p *Parser) refill() {
	if p.closed || p.spare != nil || p.refilling {
		return
	}
	p.refilling = true
	p.running.Add(1)
	go func() {
		defer p.running.Done()
		pr, err := p.start()
		p.mu.Lock()
		p.refilling = false
		if err == nil && !p.closed {
			p.spare, pr = pr, nil
		}
		p.mu.Unlock()
		if err != nil {
			p.cfg.Logger.Warn("cannot start a parse worker ahead of need", slog.Any("err", err))
		}
		if pr != nil {
			pr.kill()
		}
	}()
}

// canceledError is a parse stopped because its caller's context ended:
// errors.Is finds the context's error, ingest.ErrorCode EBUSY (not a fault
// of ours, nor of the file).
type canceledError struct {
	ctxErr error
	app    *ingest.Error
}

func canceled(ctx context.Context) error {
	return &canceledError{ctxErr: ctx.Err(), app: ingest.Errorf(ingest.EBUSY, "文件读取已取消(连接已断开或命令已停止)")}
}

func (e *canceledError) Error() string   { return e.app.Message }
func (e *canceledError) Unwrap() []error { return []error{e.ctxErr, e.app} }

func stopping() error {
	return ingest.Errorf(ingest.EBUSY, "服务器正在停止,文件未能读取,请稍后重试")
}

// header is the first line a child reads: what the file is and the
// child's limits.
type header struct {
	Name   string `json:"name"`
	Kind   Kind   `json:"kind"`
	Memory int64  `json:"memory"`
	CPU    int64  `json:"cpu_seconds"`
}

// answer is what a child writes: the result, or the error.
type answer struct {
	Result
	Error *wireError `json:"error,omitempty"`
}

type wireError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// run runs one child for one file.
func (p *Parser) run(ctx context.Context, name string, data []byte, kind Kind) (*Result, error) {
	pr, err := p.take()
	if err != nil {
		return nil, err
	}
	hdr, _ := json.Marshal(header{Name: name, Kind: kind, Memory: p.cfg.Memory, CPU: int64(p.cfg.CPU.Seconds() + 0.5)})
	timeout := p.cfg.Timeout
	if bytes.HasPrefix(data, oleMagic) {
		// a legacy Office file is converted by LibreOffice first, which
		// has its own time limit
		timeout += ingest.MaxConvertTime
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	defer context.AfterFunc(p.stop, cancel)()
	start := time.Now()
	go func() {
		// a child that died early makes these fail; its exit says why
		pr.in.Write(append(hdr, '\n'))
		pr.in.Write(data)
		pr.in.Close()
	}()
	select {
	case <-pr.done:
	case <-runCtx.Done():
		pr.kill()
	}
	<-pr.done
	waitErr, elapsed := pr.err, time.Since(start)
	log := func(msg string) {
		p.cfg.Logger.Warn(msg, slog.String("file", name), slog.Int("bytes", len(data)), slog.Duration("after", elapsed),
			slog.Any("exit", waitErr), slog.String("stderr", pr.errs.String()))
	}
	switch {
	case p.stop.Err() != nil:
		log("parse stopped: the server is stopping")
		return nil, stopping()
	case ctx.Err() != nil:
		// the caller went away: nobody waits for the answer
		return nil, canceled(ctx)
	case runCtx.Err() != nil:
		log("parse stopped at its deadline")
		return nil, tooComplex("超过 " + seconds(timeout) + " 秒")
	case pr.out.over:
		log("parse worker's answer over its limit")
		return nil, tooComplex("结果过大")
	case waitErr != nil:
		log("parse worker failed")
		return nil, tooComplex(p.limits())
	}
	var a answer
	if err := json.Unmarshal(pr.out.Bytes(), &a); err != nil {
		log("parse worker's answer unreadable")
		return nil, fmt.Errorf("the parse worker's answer is unreadable: %w", err)
	}
	if a.Error != nil {
		if a.Error.Code == ingest.EINTERNAL {
			return nil, errors.New(a.Error.Message)
		}
		return nil, &ingest.Error{Code: a.Error.Code, Message: a.Error.Message}
	}
	if a.Doc == nil && a.Progress == nil {
		return nil, errors.New("the parse worker answered nothing")
	}
	return &a.Result, nil
}

// proc is a started child.
type proc struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *limitedBuffer
	errs *headBuffer
	done chan struct{} // closed once the child has been waited for
	err  error         // how it exited, once done
}

// start starts a child, which waits for its file.
func (p *Parser) start() (*proc, error) {
	exe := p.cfg.Exe
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("cannot find the parse worker's binary: %w", err)
		}
	}
	cmd := exec.Command(exe, Command)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	// its own process group, so a kill takes whatever it started with
	// it; and killed should this process die first
	cmd.SysProcAttr = childAttr()
	// a grandchild holding the output open does not hold Wait
	cmd.WaitDelay = 2 * time.Second
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("cannot start the parse worker %s: %w", exe, err)
	}
	pr := &proc{cmd: cmd, in: in, out: &limitedBuffer{max: maxAnswerBytes}, errs: &headBuffer{max: stderrHead}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = pr.out, pr.errs
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the parse worker %s: %w", exe, err)
	}
	go func() {
		pr.err = cmd.Wait()
		close(pr.done)
	}()
	return pr, nil
}

// kill kills the child and its process group.
func (pr *proc) kill() { syscall.Kill(-pr.cmd.Process.Pid, syscall.SIGKILL) }

// exited reports whether the child has exited.
func (pr *proc) exited() bool {
	select {
	case <-pr.done:
		return true
	default:
		return false
	}
}

// limits says what a child may use, for the office.
func (p *Parser) limits() string {
	return fmt.Sprintf("%s 秒、%d MB 内存", seconds(p.cfg.Timeout), p.cfg.Memory>>20)
}

// seconds writes d in seconds, as a person would: 30, 0.5.
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Round(time.Millisecond).Seconds(), 'f', -1, 64)
}

// tooComplex is the answer to a file whose parse the child did not survive.
func tooComplex(why string) error {
	return ingest.Errorf(ETOOCOMPLEX, "文件过于复杂或已损坏,无法在限定的时间和内存内读取(%s)。请确认文件能正常打开,或另存为 DOCX、XLSX 或 PDF 后重新上传", why)
}

// oleMagic starts a legacy Office file (.doc, .xls, .wps, .et).
var oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")

// limitedBuffer keeps at most max bytes and notes when more came.
type limitedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.over || b.Len()+len(p) > b.max {
		b.over = true
		return 0, errors.New("answer over its limit")
	}
	return b.Buffer.Write(p)
}

// headBuffer keeps the first max bytes written.
type headBuffer struct {
	buf []byte
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if n := h.max - len(h.buf); n > 0 {
		h.buf = append(h.buf, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) String() string { return string(h.buf) }

// parse reads and parses a file as the child does, in this process.
func parse(name string, data []byte, kind Kind) (*Result, error) {
	src, err := ingest.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if kind == Any {
		// a progress report (进展情况, 是否序时推进 …) is the second
		// kind of document: its rows go to the tasks they report on
		if pr, ok := ingest.ParseProgress(src); ok {
			return &Result{Progress: pr}, nil
		}
	}
	doc, err := ingest.ParseSource(src)
	if err != nil {
		return nil, err
	}
	return &Result{Doc: doc}, nil
}

// IsChild reports whether this process was started as a child.
func IsChild() bool { return os.Getenv(ChildEnv) == "1" }

// Main is a child: it sets its limits, reads the header line and the file
// from stdin, parses it and writes the answer on stdout. It returns the exit
// status: 0 when an answer (a result or the readers' error) was written.
func Main(stdin io.Reader, stdout io.Writer) int {
	in := bufio.NewReaderSize(stdin, 64<<10)
	line, err := in.ReadSlice('\n')
	if err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: no header:", err)
		return 2
	}
	var h header
	if err := json.Unmarshal(line, &h); err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: bad header:", err)
		return 2
	}
	if err := limit(h.Memory, h.CPU); err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: cannot set limits:", err)
		return 2
	}
	data, err := io.ReadAll(io.LimitReader(in, ingest.MaxFileBytes+1))
	if err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: cannot read the file:", err)
		return 2
	}
	var a answer
	r, err := parse(h.Name, data, h.Kind)
	switch {
	case err != nil:
		a.Error = &wireError{Code: ingest.ErrorCode(err), Message: ingest.ErrorMessage(err)}
		if a.Error.Code == ingest.EINTERNAL {
			a.Error.Message = err.Error() // for the parent's log
		}
	default:
		a.Result = *r
	}
	w := bufio.NewWriterSize(stdout, 64<<10)
	if err := json.NewEncoder(w).Encode(a); err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: cannot write the answer:", err)
		return 2
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "parse-worker: cannot write the answer:", err)
		return 2
	}
	return 0
}
