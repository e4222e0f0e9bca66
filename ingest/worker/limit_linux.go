package worker

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// childAttr puts a child in its own process group (a kill takes what it
// started with it) and has the kernel kill it should its parent die first.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// reserved is the address space this process holds now (VmSize): Go's
// runtime reserves about 1.5 GiB of it at start, most of it never
// touched, so a child's memory budget is counted on top.
func reserved() (uint64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmSize:")); ok {
			f := bytes.Fields(rest)
			if len(f) == 2 && string(f[1]) == "kB" {
				kb, err := strconv.ParseUint(string(f[0]), 10, 64)
				return kb << 10, err
			}
		}
	}
	return 0, os.ErrNotExist
}

// preferKilled makes this process the first the kernel's OOM killer picks
// (oom_score_adj 1000): a child shares the server's cgroup (systemd's
// MemoryMax), and when they are short of memory together, the child goes.
func preferKilled() {
	_ = os.WriteFile("/proc/self/oom_score_adj", []byte("1000"), 0)
}

// self is the binary a child runs when Config.Exe is empty: this very
// binary, even when the file it was started from has been replaced or
// removed since (an upgrade while the server runs), so parent and child
// always speak the same protocol.
func self() (string, error) { return "/proc/self/exe", nil }
