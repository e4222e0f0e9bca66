//go:build unix && !linux

package worker

import (
	"os"
	"syscall"
)

// childAttr puts a child in its own process group, so a kill takes what it
// started with it.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// reserved is what Go's runtime is taken to reserve at start where the
// kernel does not say (limit_linux.go).
func reserved() (uint64, error) { return 2 << 30, nil }

// preferKilled does nothing where there is no OOM score (limit_linux.go).
func preferKilled() {}

// self is the binary a child runs when Config.Exe is empty: this program.
func self() (string, error) { return os.Executable() }

// killTree kills the child's process group.
func killTree(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }
