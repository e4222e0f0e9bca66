package worker

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/duban/duban/ingest"
)

// The child's side (proc.go has the protocol).

// returnAbove is the heap a child keeps between files; above it, what a
// file took is returned to the system after its answer.
const returnAbove = 64 << 20

// IsChild reports whether this process was started as a child.
func IsChild() bool { return os.Getenv(ChildEnv) == "1" }

// Main is a child: for each header line on stdin it reads the file that
// follows, parses it and writes the answer line on stdout, until stdin
// ends. Its limits are set when the first header names them, before any
// file is read; the CPU limit is counted again from each file's start. It
// returns the exit status: 0 when stdin ended between files.
func Main(stdin io.Reader, stdout io.Writer) int {
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	limited := false
	for {
		line, err := in.ReadSlice('\n')
		if errors.Is(err, io.EOF) && len(line) == 0 {
			return 0
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "parse-worker: no header:", err)
			return 2
		}
		var h header
		if err := json.Unmarshal(line, &h); err != nil || h.Size < 0 || h.Size > ingest.MaxFileBytes {
			fmt.Fprintln(os.Stderr, "parse-worker: bad header:", err)
			return 2
		}
		if !limited {
			if err := limit(h.Memory, h.CPU); err != nil {
				fmt.Fprintln(os.Stderr, "parse-worker: cannot set limits:", err)
				return 2
			}
			limited = true
		}
		if err := limitCPU(h.CPU); err != nil {
			fmt.Fprintln(os.Stderr, "parse-worker: cannot set the CPU limit:", err)
			return 2
		}
		data := make([]byte, h.Size)
		if _, err := io.ReadFull(in, data); err != nil {
			fmt.Fprintln(os.Stderr, "parse-worker: cannot read the file:", err)
			return 2
		}
		var a answer
		r, err := parse(h.Name, data, h.Kind, h.Options)
		switch {
		case err != nil:
			a.Error = &wireError{Code: ingest.ErrorCode(err), Message: ingest.ErrorMessage(err)}
			if a.Error.Code == ingest.EINTERNAL {
				a.Error.Message = err.Error() // for the parent's log
			}
		default:
			a.Result = *r
		}
		// one line: the encoder escapes every newline inside the JSON
		if err := json.NewEncoder(out).Encode(a); err != nil {
			fmt.Fprintln(os.Stderr, "parse-worker: cannot write the answer:", err)
			return 2
		}
		if err := out.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, "parse-worker: cannot write the answer:", err)
			return 2
		}
		// answered: a large file's memory goes back to the system while
		// the child waits for the next one (a small one's is reused)
		a, r, data = answer{}, nil, nil
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapSys-ms.HeapReleased > returnAbove {
			debug.FreeOSMemory()
		}
	}
}

// parse reads and parses a file as the child does, in this process.
func parse(name string, data []byte, kind Kind, opt ingest.Options) (*Result, error) {
	src, err := ingest.Read(name, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if kind == Any || kind == Bulk {
		// a progress report (进展情况, 是否序时推进 …) is the second
		// kind of document: its rows go to the tasks they report on
		if pr, ok := ingest.ParseProgress(src); ok {
			if !pr.Assigns() {
				return &Result{Progress: pr}, nil
			}
			// its rows also say who does them: it may be the notice
			// itself, its progress filled in. Both readings go back; the
			// caller, who knows the tasks duban holds, decides.
			doc, err := ingest.ParseSourceWith(src, opt)
			if err != nil {
				return &Result{Progress: pr}, nil
			}
			r := &Result{Progress: pr, Doc: doc}
			if kind == Any {
				r.Lines = ingest.TaskLines(src, doc)
			}
			return r, nil
		}
	}
	doc, err := ingest.ParseSourceWith(src, opt)
	if err != nil {
		return nil, err
	}
	if kind == Bulk {
		return &Result{Doc: doc}, nil
	}
	return &Result{Doc: doc, Lines: ingest.TaskLines(src, doc)}, nil
}
