package worker

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// childAttr starts a child in a session of its own, so a kill can take
// everything it started with it — LibreOffice too, which the converter
// starts in a process group of its own (killTree) — and has the kernel
// kill it should its parent die first.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGKILL}
}

// killTree kills the child pid's process group and every process of its
// session (pid is the session's id): what it started in other process
// groups, even after the child itself is gone.
func killTree(pid int) {
	syscall.Kill(-pid, syscall.SIGKILL)
	procs, _ := os.ReadDir("/proc")
	for _, e := range procs {
		other, err := strconv.Atoi(e.Name())
		if err != nil || other == pid {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp session …: after the last ')'
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) > 3 && string(f[3]) == strconv.Itoa(pid) {
			syscall.Kill(other, syscall.SIGKILL)
		}
	}
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
