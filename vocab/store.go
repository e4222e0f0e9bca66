package vocab

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

// FileName is the vocabulary's file in the data dir.
const FileName = "vocabulary.txt"

// Store keeps the office's vocabulary in its file, DATA/vocabulary.txt:
// read when opened, written whole through a temporary file that is synced
// and renamed, so a crash leaves the old file or the new one.
type Store struct {
	path     string
	readOnly bool

	// wmu is held through a whole write, and by Hold: a backup copies the
	// file while no write runs, and searches (which read cur under mu) go
	// on.
	wmu sync.Mutex
	mu  sync.RWMutex
	cur *Vocabulary
	rev string
}

// Hold runs fn while no write of the vocabulary runs (a backup copies the
// file in between).
func (s *Store) Hold(fn func() error) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return fn()
}

// Open reads the vocabulary in dataDir; a data dir without one has an
// empty vocabulary (the starter synonyms still apply). A file the office
// broke by hand is an error naming its line: the server does not start on
// a vocabulary it cannot read, rather than silently search without it.
// Opened for writing, the temporary files of a save a kill cut short are
// removed.
func Open(dataDir string, readOnly bool) (*Store, error) {
	s := &Store{path: filepath.Join(dataDir, FileName), readOnly: readOnly, cur: (&Vocabulary{}).Clean()}
	if !readOnly {
		// a save a kill cut short (the data dir is held by this process
		// when it opens the vocabulary for writing: none is running)
		left, _ := filepath.Glob(s.path + ".tmp-*")
		for _, p := range left {
			os.Remove(p)
		}
	}
	raw, err := os.ReadFile(s.path)
	if errors.Is(err, os.ErrNotExist) {
		s.rev = revision("")
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", s.path, err)
	}
	v, err := Parse(string(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %s", s.path, ingest.ErrorMessage(err))
	}
	s.cur, s.rev = v.Clean(), revision(string(raw))
	return s, nil
}

// revision names one content of the file, so a writer can say which it
// edited (Put's expect).
func revision(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}

// Get returns the vocabulary and its revision. The vocabulary is the
// store's own: callers do not change it.
func (s *Store) Get() (*Vocabulary, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur, s.rev
}

// Text returns the file as it would be exported.
func (s *Store) Text() string {
	v, _ := s.Get()
	return v.Format()
}

// Put replaces the vocabulary: checked, written atomically, then served.
// expect, when not empty, is the revision the caller edited: another
// revision is an ECONFLICT error (someone saved in between).
func (s *Store) Put(v *Vocabulary, expect string) (string, error) {
	if s.readOnly {
		return "", ingest.Errorf(ingest.EFORBIDDEN, "数据目录为只读,不能保存词表")
	}
	v = v.Clean()
	if err := v.Check(); err != nil {
		return "", err
	}
	text := v.Format()
	if len(text) > MaxFileBytes {
		return "", ingest.Errorf(ingest.ETOOLARGE, "词表超过 %d KB", MaxFileBytes>>10)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if expect != "" && expect != s.rev {
		return "", ingest.Errorf(ingest.ECONFLICT, "词表已被他人修改,请刷新后再保存")
	}
	if err := atomicfile.Write(s.path, []byte(text)); err != nil {
		return "", err
	}
	s.cur, s.rev = v, revision(text)
	return s.rev, nil
}
