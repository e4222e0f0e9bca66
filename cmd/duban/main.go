// Command duban (督办搜) ingests government task-breakdown notices and serves
// faceted Chinese search over who leads what.
//
//	duban serve [--addr 127.0.0.1:8080] [--data ./data] [--host NAME]
//	duban ingest FILE…
//	duban search QUERY [--leader] [--unit] [--year] [--json]
//	duban export [--json]
//	duban check | duban repair
//	duban backup [--out FILE] | duban restore FILE --data DIR
//	duban version [--json]
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/duban/duban/ingest/worker"
)

// The build's version, commit and date, stamped by the linker:
//
//	go build -ldflags "-X main.version=1.0.0 -X main.commit=$(git rev-parse HEAD) -X main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" ./cmd/duban
//
// They are written only by the linker and read once, by newRootCommand;
// unstamped, buildinfo.Resolve falls back to what the toolchain recorded.
var version, commit, date string

func main() {
	if worker.IsChild() {
		// a parse worker: nothing of duban's own but the parse
		os.Exit(worker.Main(os.Stdin, os.Stdout))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand(os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "duban:", err)
		os.Exit(1)
	}
}
