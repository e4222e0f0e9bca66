package main

import (
	"os"
	"testing"

	"github.com/duban/duban/ingest/worker/workertest"
)

// TestMain lets this test binary serve as the parse worker: the commands
// run by the tests parse every file in a child, as duban does, and the
// child is this binary (os.Executable).
func TestMain(m *testing.M) {
	workertest.ServeIfChild()
	os.Exit(m.Run())
}
