//go:build unix

package worker

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
)

// limit sets this process's limits, first thing in a child:
//
//   - its address space (RLIMIT_AS) to what it holds now plus memory bytes:
//     past it an allocation fails and Go dies of a fatal out-of-memory;
//   - a soft heap limit of three quarters of memory, so the collector
//     works harder before the hard wall;
//   - SIGXCPU, which Go ignores, ends it (limitCPU sets when it comes).
//
// No limit is raised above the hard limit this process was given (a
// server run under prlimit or systemd's LimitAS). And the kernel's OOM
// killer is told to pick this process first.
func limit(memory, cpu int64) error {
	preferKilled()
	if memory > 0 {
		base, err := reserved()
		if err != nil {
			return err
		}
		if err := lower(syscall.RLIMIT_AS, base+uint64(memory), true); err != nil {
			return err
		}
		debug.SetMemoryLimit(memory / 4 * 3)
	}
	if cpu > 0 {
		xcpu := make(chan os.Signal, 1)
		signal.Notify(xcpu, syscall.SIGXCPU)
		go func() {
			<-xcpu
			os.Stderr.WriteString("parse-worker: CPU time limit exceeded\n")
			os.Exit(3)
		}()
	}
	return nil
}

// limitCPU sets the soft CPU-time limit cpu seconds past what this process
// has used so far: a file's parse may take cpu seconds of CPU whatever the
// files before it took. The hard limit is left as given.
func limitCPU(cpu int64) error {
	if cpu <= 0 {
		return nil
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return err
	}
	used := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return lower(syscall.RLIMIT_CPU, uint64(used.Seconds())+uint64(cpu), false)
}

// lower sets resource's soft limit to cur, no higher than its hard limit;
// with hard, the hard limit too (never to be raised again).
func lower(resource int, cur uint64, hard bool) error {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(resource, &old); err != nil {
		return err
	}
	lim := syscall.Rlimit{Cur: min(cur, old.Max), Max: old.Max}
	if hard {
		lim.Max = lim.Cur
	}
	return syscall.Setrlimit(resource, &lim)
}
