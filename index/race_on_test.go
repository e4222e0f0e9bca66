//go:build race

package index

// allocScale widens allocation bounds under the race detector, which
// allocates for its own bookkeeping.
const allocScale = 4

// raceEnabled is whether the race detector is on: tests that check
// single-goroutine arithmetic over large bodies take a part of them.
const raceEnabled = true
