//go:build !race

package api

// slowdown scales the time limits of tests that run parses in child
// processes (race_on_test.go).
const slowdown = 1
