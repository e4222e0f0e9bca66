package api

import (
	"github.com/gin-gonic/gin"

	"github.com/duban/duban/ingest"
)

// gate bounds the uploads being parsed and indexed at once (running) and
// those waiting for their turn (tickets beyond running). An upload that
// finds every ticket taken is answered 503 with Retry-After at once, before
// its body is read, so a burst of large uploads neither piles up in memory
// nor stalls the searches beside it.
type gate struct {
	tickets chan struct{} // held from arrival to the end: running + waiting
	running chan struct{} // held while parsing and indexing
}

func newGate(running, waiting int) *gate {
	if running <= 0 {
		running = DefaultMaxParses
	}
	if waiting < 0 {
		waiting = 0
	} else if waiting == 0 {
		waiting = DefaultMaxQueued
	}
	return &gate{tickets: make(chan struct{}, running+waiting), running: make(chan struct{}, running)}
}

// admitUpload lets an upload through the gate, waits for its turn, or
// refuses it as busy; a client that leaves while waiting gives its place up.
func (s *Server) admitUpload(c *gin.Context) {
	g := s.gate
	select {
	case g.tickets <- struct{}{}:
	default:
		s.fail(c, ingest.Errorf(ingest.EBUSY, "服务器正在处理其他上传,请稍后再试"))
		return
	}
	defer func() { <-g.tickets }()
	select {
	case g.running <- struct{}{}:
	case <-c.Request.Context().Done():
		c.Abort()
		return
	}
	defer func() { <-g.running }()
	c.Next()
}
