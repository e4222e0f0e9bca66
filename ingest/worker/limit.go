//go:build unix

package worker

import (
	"runtime/debug"
	"syscall"
)

// limit sets this process's limits, first thing in a child:
//
//   - its address space (RLIMIT_AS) to what it holds now plus memory bytes:
//     past it an allocation fails and Go dies of a fatal out-of-memory;
//   - a soft heap limit of three quarters of memory, so the collector
//     works harder before the hard wall;
//   - its CPU time (RLIMIT_CPU) to cpu seconds: SIGKILL a second after the
//     soft limit (whose SIGXCPU Go ignores).
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
		if err := lower(syscall.RLIMIT_AS, base+uint64(memory), 0); err != nil {
			return err
		}
		debug.SetMemoryLimit(memory / 4 * 3)
	}
	if cpu > 0 {
		if err := lower(syscall.RLIMIT_CPU, uint64(cpu), 1); err != nil {
			return err
		}
	}
	return nil
}

// lower sets resource's soft limit to cur and its hard limit to cur+slack,
// each no higher than the hard limit already set.
func lower(resource int, cur, slack uint64) error {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(resource, &old); err != nil {
		return err
	}
	hard := min(cur+slack, old.Max)
	return syscall.Setrlimit(resource, &syscall.Rlimit{Cur: min(cur, hard), Max: hard})
}
