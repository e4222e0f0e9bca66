package ingest

import "unicode/utf8"

// Limits on the parsed Document: what the index takes (the readers'
// limits, on what a file may build, are in package ingest/source).
const (
	// MaxTasks bounds the tasks of one document. Real notices hold tens to
	// a few hundred; a document is indexed in the server's own process in
	// one batch (atomic), whose memory grows with its text: 10,000 tasks
	// of 195 characters took a server to 2.4 GB and a minute.
	MaxTasks = 3000
	// MaxTaskRunes bounds the characters of one task's text.
	MaxTaskRunes = 10000
	// MaxDocumentRunes bounds the characters of all the task texts of one
	// document (the seed has about 10,000; the largest notices seen, a few
	// ten thousand): 300,000 keeps one document's batch within a few
	// hundred MB of the server's memory.
	MaxDocumentRunes = 300000
	// MaxTaskNames bounds the leaders, units and co-units of one task.
	MaxTaskNames = 200
)

// CheckDocumentLimits refuses a parsed Document that is larger than the
// index takes: more than MaxTasks tasks, a task text over MaxTaskRunes
// characters, task texts over MaxDocumentRunes together, or a task with more
// than MaxTaskNames names. Every writer of
// the index calls it before writing (index.Store.ReplaceMany), and
// ParseSource before returning, so an oversized notice is an ETOOLARGE error
// wherever it comes from.
func CheckDocumentLimits(doc *Document) error {
	if doc == nil {
		return nil
	}
	if len(doc.Tasks) > MaxTasks {
		return Errorf(ETOOLARGE, "文件中的任务过多(%d 项,上限 %d 项)", len(doc.Tasks), MaxTasks)
	}
	total := 0
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		n := utf8.RuneCountInString(t.Text)
		if n > MaxTaskRunes {
			return Errorf(ETOOLARGE, "第 %d 项任务的内容过长(超过 %d 个字符)", t.Seq, MaxTaskRunes)
		}
		if total += n; total > MaxDocumentRunes {
			return Errorf(ETOOLARGE, "文件中任务的文字过多(超过 %d 个字符)", MaxDocumentRunes)
		}
		if n := len(t.Leaders) + len(t.Units) + len(t.CoUnits); n > MaxTaskNames {
			return Errorf(ETOOLARGE, "第 %d 项任务的牵头领导和单位过多(%d 个,上限 %d 个)", t.Seq, n, MaxTaskNames)
		}
	}
	return nil
}
