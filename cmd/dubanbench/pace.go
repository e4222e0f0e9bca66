package main

import (
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"syscall"
	"time"
)

// pace prints how an ingest goes tenth by tenth: the tasks of each tenth,
// its wall time and rate, the process's CPU seconds and the bytes it
// allocated per 10,000 tasks, the collections it ran, the heap live after
// the last and the RSS. On a shared machine the wall rate is noisy; the
// CPU, allocations and collections per task are what show whether the
// work per task grows with the store (the first tenth against the last).
type pace struct {
	w       io.Writer
	total   int
	tasks   int
	last    int        // tasks at the last line
	prev    paceSample // at the last report
	at      time.Time
	cpu     float64
	allocs  uint64 // bytes allocated, at the last line
	cycles  uint64 // collections, at the last line
	samples []metrics.Sample
}

// paceSample is the time and counters at a report.
type paceSample struct {
	at                   time.Time
	cpu                  float64
	allocs, cycles, live uint64
}

func newPace(w io.Writer, total int) *pace {
	p := &pace{w: w, total: total, samples: []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}}
	p.at, p.cpu = time.Now(), processCPU()
	p.allocs, p.cycles, _ = p.read()
	return p
}

func (p *pace) step() int { return max(1, p.total/10) }

// read returns the bytes allocated, the collections and the heap live
// after the last.
func (p *pace) read() (allocs, cycles, live uint64) {
	metrics.Read(p.samples)
	var v [3]uint64
	for i, sm := range p.samples {
		if sm.Value.Kind() == metrics.KindUint64 {
			v[i] = sm.Value.Uint64()
		}
	}
	return v[0], v[1], v[2]
}

// add counts n more tasks done. The files of a chunk are reported at
// once, so a line is printed at the first report of a later chunk (more
// than 100 ms after the one before) once a tenth more tasks were done, and
// covers whole chunks; the last line at the end.
func (p *pace) add(n int) {
	now := time.Now()
	if p.tasks-p.last >= p.step() && now.Sub(p.prev.at) > 100*time.Millisecond {
		p.line(p.prev)
	}
	p.tasks += n
	p.prev.at, p.prev.cpu = now, processCPU()
	p.prev.allocs, p.prev.cycles, p.prev.live = p.read()
	if p.tasks >= p.total {
		p.line(p.prev)
	}
}

// line prints the tasks since the last line, done at s.
func (p *pace) line(s paceSample) {
	at, cpu, allocs, cycles, live := s.at, s.cpu, s.allocs, s.cycles, s.live
	done := p.tasks - p.last
	wall := at.Sub(p.at).Seconds()
	fmt.Fprintf(p.w, "   %7d tasks: %6.1f s, %6.0f tasks/s; per 10k tasks %5.2f CPU s, %5.0f MB allocated; %3d collections, heap live %4.0f MB, RSS %4.0f MB\n",
		p.tasks, wall, float64(done)/wall, (cpu-p.cpu)*1e4/float64(done), float64(allocs-p.allocs)*1e4/float64(done)/(1<<20),
		cycles-p.cycles, float64(live)/(1<<20), rssMB())
	p.at, p.cpu, p.allocs, p.cycles, p.last = at, cpu, allocs, cycles, p.tasks
}

// processCPU is the user and system CPU seconds this process used.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// rssMB is the process's resident set now (VmRSS).
func rssMB() float64 {
	mb, _ := procStatusMB(os.Getpid(), "VmRSS:")
	return mb
}
