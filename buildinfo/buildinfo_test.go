package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := func(settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Version: "(devel)"}, Settings: settings}, true
		}
	}
	tests := []struct {
		name                  string
		version, commit, date string
		read                  func() (*debug.BuildInfo, bool)
		want                  Info
		short                 string
	}{
		{"stamped", "1.4.0", "0123456789abcdef0123", "2026-03-01T08:00:00Z", vcs(debug.BuildSetting{Key: "vcs.revision", Value: "ffff"}),
			Info{"1.4.0", "0123456789abcdef0123", "2026-03-01T08:00:00Z", "go1.99"}, "1.4.0+0123456789ab"},
		{"go build in a clone", "", "", "", vcs(debug.BuildSetting{Key: "vcs.revision", Value: "abc123"}, debug.BuildSetting{Key: "vcs.time", Value: "2026-02-01T00:00:00Z"}, debug.BuildSetting{Key: "vcs.modified", Value: "true"}),
			Info{Devel, "abc123-dirty", "2026-02-01T00:00:00Z", "go1.99"}, "devel+abc123-dirty"},
		{"go run without VCS", "", "", "", vcs(),
			Info{Devel, "unknown", "", "go1.99"}, Devel},
		{"go install at a version", "", "", "", func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Version: "v1.2.3"}}, true
		}, Info{"v1.2.3", "unknown", "", "go1.99"}, "v1.2.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(tt.version, tt.commit, tt.date, tt.read)
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if got.Short() != tt.short {
				t.Errorf("Short() = %q, want %q", got.Short(), tt.short)
			}
		})
	}
	if got := Resolve("", "", ""); got.Version == "" || got.Commit == "" || got.Go == "" {
		t.Errorf("Resolve of this test binary: %+v", got)
	}
}
