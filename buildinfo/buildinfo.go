// Package buildinfo says which duban is running: the version, commit and
// build date stamped at build time with -ldflags -X, or, for go run and
// plain go build, what the Go toolchain recorded (the module version and
// the VCS settings), or "devel".
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Devel is the version of a build nobody stamped.
const Devel = "devel"

// Info is one build of duban.
type Info struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	// Date is when it was built (RFC 3339), or for an unstamped build the
	// time of its commit; empty when neither is known.
	Date string `json:"date"`
	Go   string `json:"go"`
}

// Resolve returns the build's info: the stamped values where set, else
// what debug.ReadBuildInfo holds.
func Resolve(version, commit, date string) Info {
	return resolve(version, commit, date, debug.ReadBuildInfo)
}

func resolve(version, commit, date string, read func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: strings.TrimSpace(version), Commit: strings.TrimSpace(commit), Date: strings.TrimSpace(date), Go: runtime.Version()}
	if bi, ok := read(); ok {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version // go install …@v1.2.3
		}
		var revision, when string
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if info.Commit == "" && revision != "" {
			info.Commit = revision
			if modified {
				info.Commit += "-dirty"
			}
		}
		if info.Date == "" {
			info.Date = when
		}
		if bi.GoVersion != "" {
			info.Go = bi.GoVersion
		}
	}
	if info.Version == "" {
		info.Version = Devel
	}
	if info.Commit == "" {
		info.Commit = "unknown"
	}
	return info
}

// Short names the build in one word, for the data dir's format marker and
// the backups' manifests: the version, and the commit's first 12
// characters when known.
func (i Info) Short() string {
	if i.Commit == "" || i.Commit == "unknown" {
		return i.Version
	}
	c := i.Commit
	if len(c) > 12 && !strings.HasSuffix(c, "-dirty") {
		c = c[:12]
	}
	return i.Version + "+" + c
}
