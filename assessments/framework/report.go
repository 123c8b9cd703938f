package framework

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// maxProblems caps the list returned to the user; past that, fixing the
// first ones usually changes the rest.
const maxProblems = 100

// report collects problems while a file is read, together with the line of
// every field path seen, so later checks can point at the right line.
type report struct {
	lines    map[string]int
	problems []Problem
	// flagged holds the fields that already have a problem.
	flagged map[string]bool
	// blocked is set when the document's shape is too wrong to decode.
	blocked bool
}

func newReport() *report {
	return &report{lines: map[string]int{}, flagged: map[string]bool{}}
}

// add records a problem at an explicit line.
func (r *report) add(line int, field, format string, args ...any) {
	if line < 1 {
		line = 1
	}
	r.problems = append(r.problems, Problem{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
	r.flagged[field] = true
}

// at records a problem at the line of field (or of its nearest ancestor),
// unless a problem was already reported at or above that field.
func (r *report) at(field, format string, args ...any) {
	if r.covered(field) {
		return
	}
	r.add(r.lineOf(field), field, format, args...)
}

// covered reports whether field or one of its ancestors already has a
// problem, so that one mistake is not reported twice.
func (r *report) covered(field string) bool {
	for ; field != ""; field = parentPath(field) {
		if r.flagged[field] {
			return true
		}
	}
	return false
}

// lineOf finds the line of field, walking up to the nearest ancestor that
// appears in the file (a missing field is reported where its parent is).
func (r *report) lineOf(field string) int {
	for field != "" {
		if line, ok := r.lines[field]; ok {
			return line
		}
		field = parentPath(field)
	}
	return 1
}

// err returns the collected problems as a *ParseError, or nil.
func (r *report) err() error {
	if len(r.problems) == 0 {
		return nil
	}
	ps := r.problems
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
	if len(ps) > maxProblems {
		more := len(ps) - maxProblems
		ps = append(ps[:maxProblems:maxProblems], Problem{
			Line:    ps[maxProblems].Line,
			Message: fmt.Sprintf("%d more problems not shown; fix the ones above and import again", more),
		})
	}
	return &ParseError{Problems: ps}
}

func childPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

// parentPath drops the last ".key" or "[i]" segment.
func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}
