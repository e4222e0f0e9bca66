package source

import (
	"errors"
	"fmt"
)

// Error codes of the application. The api package maps each to an HTTP status
// in one table; only EINTERNAL is logged as a fault of ours.
const (
	EINVALID   = "invalid"      // the caller's input is wrong (bad file, bad parameter)
	ENOTFOUND  = "not_found"    // no such document or task
	ECONFLICT  = "conflict"     // the data dir or resource is held by someone else
	ETOOLARGE  = "too_large"    // input over a size limit
	EAUTH      = "unauthorized" // a write without the right token
	EFORBIDDEN = "forbidden"    // writes are not allowed on this server
	EBUSY      = "busy"         // too many uploads at once: try again shortly
	ECORRUPT   = "corrupt"      // the stored index failed its checksums: run duban check / repair
	EINTERNAL  = "internal"

	// ETOOCOMPLEX: a file whose parse crashed or ran out of its time or
	// memory (package ingest/worker runs every parse in a child that may).
	ETOOCOMPLEX = "too_complex"
)

// Error is the one application error type: a code for programs and a message
// for people (in Chinese where it speaks of the notice).
type Error struct {
	Code    string
	Message string
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for internal errors (whose detail is logged, not shown).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "内部错误"
}
