//go:build race

package api

// slowdown scales the time limits of tests that run parses in child
// processes: under the race detector the child, this test binary, parses
// several times slower.
const slowdown = 4
