//go:build race

package index

// allocScale widens allocation bounds under the race detector, which
// allocates for its own bookkeeping.
const allocScale = 4
