// Package worker parses files in a contained child process.
//
// A reader that misses one budget can make Go die of a fatal out-of-memory
// (which no recover catches) or spin for hours; in the server's own process
// that takes the server, its other uploads and its searches down with it.
// So every file duban is given is parsed by a child: the same binary run as
// `duban parse-worker` (Command), which sets its own limits first — address
// space (RLIMIT_AS), CPU time (RLIMIT_CPU) and a soft heap limit — then
// reads files from stdin, one at a time, and writes for each the parsed
// result, or the error with its code and message, on stdout as a line of
// JSON. The parent (Parser) gives each file a wall-clock deadline and kills
// the child with everything it started (its session) when the deadline
// passes, when the caller's context ends (the HTTP client went away) or
// when the Parser is closed (the server stops). A crash, a kill or a limit
// costs one child and answers with ETOOCOMPLEX; an ordinary bad file comes
// back with the code and message the reader gave it, as if parsed in
// process.
//
// This is what Apache Tika's forked parser and browsers' renderer processes
// do. The readers keep their own budgets too (ingest/limits.go), so a bad
// file usually fails fast with a precise message; the child is the net under
// them.
package worker

import (
	"context"
	"errors"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
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
	// parses in about 20 ms.
	DefaultTimeout = 30 * time.Second
	// DefaultMemory is what a child may allocate: its address-space
	// limit is this on top of what Go's runtime reserved at its start
	// (about 1.5 GiB of virtual memory, almost none of it touched). The
	// seed parses in about 20 MB.
	DefaultMemory = 1536 << 20
	// DefaultMaxUses is how many files a child parses before a fresh one
	// takes its place.
	DefaultMaxUses = 100
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
	// Bulk is Any read for a bulk import (duban ingest): nothing previews
	// it, so the line each task begins on (Result.Lines) is not worked out.
	Bulk Kind = "bulk"
)

// Result is a parsed file: a notice (Doc) or a progress report (Progress),
// or both when a progress report's rows also say who does them (分管领导,
// 责任单位 beside 进展情况): the notice itself with its progress filled in,
// or a report on a notice duban holds. The caller decides by the tasks it
// holds (progress.Desk.Matched): rows that match none make it a notice.
type Result struct {
	Doc      *ingest.Document       `json:"doc,omitempty"`
	Progress *ingest.ProgressReport `json:"progress,omitempty"`
	// Lines are, for each of Doc's tasks, the line it begins on
	// (ingest.TaskLines): where a preview shows the unused lines.
	Lines []int `json:"lines,omitempty"`
}

// Config says how children are run. The zero Config is a contained parser
// with the defaults.
type Config struct {
	// Exe is the binary run as the child (it must run Main when it finds
	// ChildEnv set); empty means this very binary (/proc/self/exe on
	// Linux), which is duban itself for the server and the CLI (and a test
	// binary whose TestMain runs workertest.ServeIfChild).
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
	// MaxUses is how many files one child parses before it is retired;
	// 0 means DefaultMaxUses, 1 a fresh child for every file.
	MaxUses int
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
// A child's start (exec, Go's runtime, every package's initialisation) is
// most of what it costs, so children are started ahead of need and kept:
// one waits, started, for the first file; after a file it answered, a
// child goes back to the idle ones (at most Children, each used for at
// most MaxUses files) and parses the next. A child that crashed, was
// killed or answered what it should not is never used again. Its limits
// hold per file: its address space is what the runtime reserved plus
// Memory (the heap a file leaves is collected and its address space
// reused by the next), its CPU time is counted from each file's start.
type Parser struct {
	cfg   Config
	turns chan struct{}
	// stop ends with Close: every parse's context ends with it.
	stop    context.Context
	stopNow context.CancelFunc

	mu        sync.Mutex
	closed    bool
	idle      []*proc // started, waiting for a file
	refilling bool
	// running counts the parses and the children being started, for
	// Close to wait on.
	running sync.WaitGroup
	started atomic.Int64
}

// Started returns how many children the Parser has started.
func (p *Parser) Started() int64 { return p.started.Load() }

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
	if cfg.MaxUses <= 0 {
		cfg.MaxUses = DefaultMaxUses
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	stop, stopNow := context.WithCancel(context.Background())
	return &Parser{cfg: cfg, turns: make(chan struct{}, cfg.Children), stop: stop, stopNow: stopNow}
}

// Config returns the parser's configuration, defaults filled in.
func (p *Parser) Config() Config { return p.cfg }

// Close kills the running children (their Parse calls answer EBUSY) and
// the idle ones, and refuses new parses; it returns once they are gone.
// The server calls it before it waits for its requests, so a shutdown
// never waits on a parse.
func (p *Parser) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	p.stopNow()
	for _, pr := range idle {
		pr.kill()
	}
	for _, pr := range idle {
		<-pr.done
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
	return p.ParseWith(ctx, name, data, kind, ingest.Options{})
}

// ParseWith is Parse reading a notice with the office's reading rules
// (ingest.ParseSourceWith).
func (p *Parser) ParseWith(ctx context.Context, name string, data []byte, kind Kind, opt ingest.Options) (*Result, error) {
	if p == nil || p.cfg.InProcess {
		return parse(name, data, kind, opt)
	}
	if len(data) > ingest.MaxFileBytes {
		return nil, ingest.Errorf(ingest.ETOOLARGE, "文件超过 %d MB 的上限", ingest.MaxFileBytes>>20)
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
	return p.run(ctx, name, data, kind, opt)
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
