package framework

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a framework file, located by line and by
// field path so the secretariat can fix the file without guessing.
type Problem struct {
	// Line is the 1-based line in the file where the problem was found.
	Line int `json:"line"`
	// Field is a path such as "sections[2].criteria[4].channels[1]"
	// (indexes count from 0); empty for problems with the file as a whole.
	Field string `json:"field"`
	// Message says in plain English what is wrong and, where it can, how to
	// fix it.
	Message string `json:"message"`
}

// String formats the problem as "line N: field: message".
func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Field, p.Message)
}

// ParseError is returned by Parse for a file that cannot be used. It lists
// every problem found, not just the first, so one round of edits can fix
// them all.
type ParseError struct {
	Problems []Problem `json:"problems"`
}

// Error joins the problems one per line, as "line N: field: message".
func (e *ParseError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
