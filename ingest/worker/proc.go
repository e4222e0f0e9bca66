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
	"strconv"
	"sync/atomic"
	"time"

	"github.com/duban/duban/ingest"
)

// The parent's side: children started, handed a file each, answered,
// kept or killed.
//
// The protocol, one file at a time: the parent writes a header line (JSON:
// the file's name and size, what it may be, the limits) and the file's
// bytes on the child's stdin; the child answers one line of JSON on stdout
// (the result, or the readers' error) and waits for the next header. A
// child that reads end of file on stdin exits.

// header is the line a child reads before each file.
type header struct {
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Options are the office's reading rules the notice is read with.
	Options ingest.Options `json:"options"`
	Size    int            `json:"size"`
	Memory  int64          `json:"memory"`
	CPU     int64          `json:"cpu_seconds"`
}

// answer is the line a child writes for a file: the result, or the error.
type answer struct {
	Result
	Error *wireError `json:"error,omitempty"`
}

type wireError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// proc is a started child.
type proc struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	answers chan []byte // the lines it writes; closed when its stdout ends
	over    atomic.Bool // it wrote a line over maxAnswerBytes
	errs    *headBuffer
	done    chan struct{} // closed once it has been waited for
	err     error         // how it exited, once done
	uses    int
}

// run parses one file in a child: an idle one, or one started now.
func (p *Parser) run(ctx context.Context, name string, data []byte, kind Kind, opt ingest.Options) (*Result, error) {
	pr, err := p.take()
	if err != nil {
		return nil, err
	}
	hdr, _ := json.Marshal(header{Name: name, Kind: kind, Options: opt, Size: len(data), Memory: p.cfg.Memory, CPU: int64(p.cfg.CPU.Seconds() + 0.5)})
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
	wrote := make(chan error, 1)
	go func() {
		// a child that died early makes these fail; its exit says why
		_, err := pr.in.Write(append(hdr, '\n'))
		if err == nil {
			_, err = pr.in.Write(data)
		}
		wrote <- err
	}()
	var line []byte
	answered := false
	select {
	case line, answered = <-pr.answers:
	case <-pr.done:
	case <-runCtx.Done():
	}
	if answered && <-wrote == nil && runCtx.Err() == nil {
		return p.answered(pr, name, line)
	}
	// no answer: the child died, over its limits, or is stopped now
	pr.kill()
	<-pr.done
	// what a conversion it ran left (LibreOffice's copy of the file, its
	// profile) goes with it, not at the server's next start
	ingest.RemoveConversionsOf(pr.cmd.Process.Pid)
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
	case pr.over.Load():
		log("parse worker's answer over its limit")
		return nil, tooComplex("结果过大")
	}
	log("parse worker failed")
	return nil, tooComplex(p.limits())
}

// answered reads a child's answer and keeps the child for the next file.
func (p *Parser) answered(pr *proc, name string, line []byte) (*Result, error) {
	var a answer
	if err := json.Unmarshal(line, &a); err != nil {
		pr.kill()
		p.cfg.Logger.Warn("parse worker's answer unreadable", slog.String("file", name), slog.Any("err", err))
		return nil, fmt.Errorf("the parse worker's answer is unreadable: %w", err)
	}
	p.release(pr)
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

// take returns an idle child, or one started now when there is none (and
// has another started for the next file).
func (p *Parser) take() (*proc, error) {
	p.mu.Lock()
	for len(p.idle) > 0 {
		pr := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if !pr.exited() {
			p.mu.Unlock()
			return pr, nil
		}
		pr.kill()
	}
	p.refill()
	p.mu.Unlock()
	return p.start()
}

// release keeps a child that answered for the next file, unless it has
// parsed its MaxUses files, Children wait already, or the Parser is closed;
// a child not kept is told to exit (its stdin closed).
func (p *Parser) release(pr *proc) {
	pr.uses++
	p.mu.Lock()
	if !p.closed && pr.uses < p.cfg.MaxUses && len(p.idle) < p.cfg.Children {
		p.idle = append(p.idle, pr)
		p.mu.Unlock()
		return
	}
	p.mu.Unlock()
	pr.in.Close()
	go func() {
		select {
		case <-pr.done:
		case <-time.After(5 * time.Second):
			pr.kill()
		}
	}()
}

// refill starts a child in the background, for the next file, unless one
// is being started or the Parser is closed. The caller holds p.mu.
func (p *Parser) refill() {
	if p.closed || p.refilling || len(p.idle) > 0 {
		return
	}
	p.refilling = true
	p.running.Add(1)
	go func() {
		defer p.running.Done()
		pr, err := p.start()
		p.mu.Lock()
		p.refilling = false
		if err == nil && !p.closed && len(p.idle) < p.cfg.Children {
			p.idle, pr = append(p.idle, pr), nil
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

// start starts a child, which waits for its first file.
func (p *Parser) start() (*proc, error) {
	exe := p.cfg.Exe
	if exe == "" {
		var err error
		if exe, err = self(); err != nil {
			return nil, fmt.Errorf("cannot find the parse worker's binary: %w", err)
		}
	}
	cmd := exec.Command(exe, Command)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	// its own session, so a kill takes whatever it started with it; and
	// killed should this process die first
	cmd.SysProcAttr = childAttr()
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("cannot start the parse worker %s: %w", exe, err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("cannot start the parse worker %s: %w", exe, err)
	}
	pr := &proc{cmd: cmd, in: in, answers: make(chan []byte), errs: &headBuffer{max: stderrHead}, done: make(chan struct{})}
	cmd.Stderr = pr.errs
	// a grandchild holding stderr open does not hold Wait
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cannot start the parse worker %s: %w", exe, err)
	}
	p.started.Add(1)
	go pr.read(out)
	go func() {
		pr.err = cmd.Wait()
		close(pr.done)
	}()
	return pr, nil
}

// read hands the child's answer lines over until its stdout ends or a line
// is over maxAnswerBytes.
func (pr *proc) read(out io.Reader) {
	defer close(pr.answers)
	r := bufio.NewReaderSize(out, 64<<10)
	for {
		var line []byte
		for {
			frag, err := r.ReadSlice('\n')
			if len(line)+len(frag) > maxAnswerBytes {
				pr.over.Store(true)
				pr.kill()
				return
			}
			line = append(line, frag...)
			if err == nil {
				break
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				return
			}
		}
		select {
		case pr.answers <- line:
		case <-pr.done:
			return
		}
	}
}

// kill kills the child and whatever it started (killTree).
func (pr *proc) kill() { killTree(pr.cmd.Process.Pid) }

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
