package source

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// convertPrefix names the directories LibreOffice conversions work in, in
// the system's temporary dir: duban-convert-PID-RANDOM.
const convertPrefix = "duban-convert-"

// unnamedStale is how old a conversion dir without a process id in its
// name (made by an earlier duban) must be to be taken as left behind: far
// beyond any conversion's MaxConvertTime.
const unnamedStale = 24 * time.Hour

// RemoveStaleConversions removes the conversion directories that a duban
// killed while converting left in the system's temporary dir, and returns
// them. Only what is provably a left-over is removed: a directory owned by
// this user whose name carries the id of a process that no longer runs
// (or, named by an earlier duban without one, untouched for a day). A
// conversion another duban is running is never touched.
func RemoveStaleConversions() []string {
	tmp := os.TempDir()
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), convertPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if st, ok := info.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		pidText, _, named := strings.Cut(rest, "-")
		pid, perr := strconv.Atoi(pidText)
		switch {
		case named && perr == nil && pid > 0:
			if pid == os.Getpid() || running(pid) {
				continue
			}
		case time.Since(info.ModTime()) < unnamedStale:
			continue
		}
		p := filepath.Join(tmp, e.Name())
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// RemoveConversionsOf removes the conversion directories of the process
// pid, once it no longer runs (a parse child its parent killed while
// LibreOffice converted: its client gone, its deadline passed), and
// returns them; those of a process still running are kept.
func RemoveConversionsOf(pid int) []string {
	if pid <= 0 || pid == os.Getpid() || running(pid) {
		return nil
	}
	tmp := os.TempDir()
	matches, _ := filepath.Glob(filepath.Join(tmp, convertPrefix+strconv.Itoa(pid)+"-*"))
	var removed []string
	for _, p := range matches {
		info, err := os.Lstat(p)
		if err != nil || !info.IsDir() {
			continue
		}
		if st, ok := info.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// running reports whether a process with this id exists (one of another
// user counts: it cannot be signalled, but it runs).
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
