// Command duban (督办搜) ingests government task-breakdown notices and serves
// faceted Chinese search over who leads what.
//
//	duban serve [--addr 127.0.0.1:8080] [--data ./data] [--host NAME]
//	duban ingest FILE…
//	duban search QUERY [--leader] [--unit] [--year] [--json]
//	duban export [--json]
//	duban check | duban repair
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand(os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "duban:", err)
		os.Exit(1)
	}
}
