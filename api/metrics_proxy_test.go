package api

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Behind a reverse proxy on the same machine, /metrics comes from
// loopback for everyone the proxy forwards: a forwarded request is refused
// unless the metrics are public, as /api/backup refuses it.
func TestMetricsRefuseForwardedRequests(t *testing.T) {
	o := mustOpenOpsServer(t, nil)
	public := mustOpenOpsServer(t, func(s *Server) { s.MetricsPublic = true })
	for _, header := range []string{"X-Forwarded-For", "Forwarded", "X-Real-IP"} {
		req := fromLoopback(httptest.NewRequest("GET", "/metrics", nil))
		req.Header.Set(header, "for=203.0.113.9")
		if r := serve(o.h, req); r.status != 403 {
			t.Errorf("%s through a proxy: %d", header, r.status)
		}
		req = fromLoopback(httptest.NewRequest("GET", "/metrics", nil))
		req.Header.Set(header, "for=203.0.113.9")
		if r := serve(public.h, req); r.status != 200 {
			t.Errorf("%s, metrics public: %d", header, r.status)
		}
	}
	if r := serve(o.h, fromLoopback(httptest.NewRequest("GET", "/metrics", nil))); r.status != 200 {
		t.Errorf("from this machine: %d", r.status)
	}
}

// The size error says what is accepted: 0 (total and facets only) to 100.
func TestSizeErrorSaysZeroIsAccepted(t *testing.T) {
	_, h := MustOpenServer(t, "", true)
	if r := do(t, h, "GET", "/api/search?size=0", nil, nil); r.status != 200 {
		t.Fatalf("size=0: %d", r.status)
	}
	for _, size := range []string{"101", "-1"} {
		r := do(t, h, "GET", "/api/search?size="+size, nil, nil)
		if b := decode[ErrorBody](t, r); r.status != 400 || !strings.Contains(b.Error.Message, "0 到 100") {
			t.Errorf("size=%s: %d %s", size, r.status, r.body)
		}
	}
}
