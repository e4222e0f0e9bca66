package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// Each import, replacement, restore, delete and progress report writes a
// log line naming the file, the document, the version, the task counts
// and who.
func TestChangesAreLogged(t *testing.T) {
	s, _ := MustOpenServer(t, "", true)
	var logs bytes.Buffer
	s.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	h := s.Handler()
	id := seedID(t)
	line := func(msg string) map[string]any {
		t.Helper()
		for _, l := range strings.Split(logs.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == msg {
				return m
			}
		}
		t.Fatalf("no %q line in the log:\n%s", msg, logs.String())
		return nil
	}
	if r := uploadTo(t, h, "", "少了的版本.txt", fewerTasks()); r.status != 200 {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	m := line("document replaced")
	if m["file"] != "少了的版本.txt" || m["doc"] != id || m["version"] != 2.0 || m["tasks"] != 63.0 || m["removed"] != 20.0 || m["who"] != "local" {
		t.Errorf("replace logged as %v", m)
	}
	if r := uploadTo(t, h, "dry_run=true", "2019.txt", nextYearSeed()); r.status != 200 {
		t.Fatalf("dry run: %d", r.status)
	}
	if strings.Contains(logs.String(), "document added") {
		t.Errorf("a dry run was logged as an import")
	}
	if r := uploadTo(t, h, "", "2019.txt", nextYearSeed()); r.status != 201 {
		t.Fatalf("add: %d", r.status)
	}
	if m := line("document added"); m["file"] != "2019.txt" || m["version"] != 1.0 || m["tasks"] == 0.0 {
		t.Errorf("add logged as %v", m)
	}
	if r := do(t, h, "POST", "/api/documents/"+id+"/restore?version=1", nil, nil); r.status != 200 {
		t.Fatalf("restore: %d %s", r.status, r.body)
	}
	if m := line("document restored"); m["doc"] != id || m["version"] != 3.0 || m["from"] != 1.0 || m["tasks"] != 83.0 {
		t.Errorf("restore logged as %v", m)
	}
	if r := do(t, h, "DELETE", "/api/documents/"+id, nil, nil); r.status != 200 {
		t.Fatalf("delete: %d", r.status)
	}
	if m := line("document deleted"); m["doc"] != id || m["tasks"] != 83.0 || m["who"] != "local" {
		t.Errorf("delete logged as %v", m)
	}
	if r := do(t, h, "POST", "/api/documents/"+id+"/restore", nil, nil); r.status != 200 {
		t.Fatalf("restore from the trash: %d %s", r.status, r.body)
	}
	if r := uploadTo(t, h, "", "h1.txt", readFixture(t, "../ingest/testdata/progress/seed_h1.txt")); r.status != 201 {
		t.Fatalf("progress: %d %s", r.status, r.body)
	}
	if m := line("progress report taken"); m["file"] != "h1.txt" || m["period"] != "2018-H1" || m["matched"] != 3.0 || m["version"] != 1.0 {
		t.Errorf("progress logged as %v", m)
	}
}
