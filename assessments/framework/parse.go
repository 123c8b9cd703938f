package framework

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxFileSize is the largest framework file Parse accepts. The default
// framework is well under a tenth of it; the limit keeps a mistaken upload
// from tying up the server.
const MaxFileSize = 1 << 20

// Parse reads a framework file (YAML, or JSON, which is valid YAML) and
// checks it fully. On failure it returns a *ParseError listing every problem
// found with its line and field, so the secretariat can fix a file in one
// go. A nil error means the framework is safe to publish.
func Parse(data []byte) (*Framework, error) {
	r := newReport()
	if len(data) > MaxFileSize {
		r.add(1, "", "the file is %d bytes; the limit is %d bytes", len(data), MaxFileSize)
		return nil, r.err()
	}
	root, ok := r.document(data)
	if !ok {
		return nil, r.err()
	}
	r.scanIndirect(root)
	r.walkObject(root, "", frameworkFields)
	if r.blocked {
		return nil, r.err()
	}
	var f Framework
	if err := decode(root, &f); err != nil {
		r.addYAMLError(err, "the file could not be read")
		return nil, r.err()
	}
	f.normalise()
	r.validate(&f)
	if err := r.err(); err != nil {
		return nil, err
	}
	return &f, nil
}

// document parses the YAML and returns the body of its only document.
func (r *report) document(data []byte) (ast.Node, bool) {
	file, err := parseYAML(data)
	if err != nil {
		r.addYAMLError(err, "YAML syntax error")
		return nil, false
	}
	if len(file.Docs) > 1 {
		r.add(nodeLine(file.Docs[1]), "", "the file holds %d YAML documents; it must hold exactly one", len(file.Docs))
		return nil, false
	}
	if len(file.Docs) == 0 || isNull(file.Docs[0].Body) {
		r.add(1, "", "the file is empty")
		return nil, false
	}
	return file.Docs[0].Body, true
}

// parseYAML wraps the YAML parser so that a panic inside it (on hostile
// input) becomes an ordinary error instead of taking the server down.
func parseYAML(data []byte) (file *ast.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			file, err = nil, fmt.Errorf("the YAML parser failed: %v", p)
		}
	}()
	return parser.ParseBytes(data, 0)
}

// decode fills f from the checked syntax tree. Unknown and repeated keys
// were already reported by the walk, so the decoder need not stop on them.
func decode(root ast.Node, f *Framework) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the YAML decoder failed: %v", p)
		}
	}()
	return yaml.NodeToValue(root, f, yaml.AllowDuplicateMapKey())
}

// addYAMLError turns an error from the YAML library into a problem, taking
// the line from the token the library blames.
func (r *report) addYAMLError(err error, prefix string) {
	line, msg := 1, err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
	}
	r.add(line, "", "%s: %s", prefix, msg)
}

// normalise trims the text of every translation (block scalars end with a
// newline) and drops translations left empty, so fallbacks work.
func (f *Framework) normalise() {
	texts := []Text{f.Title}
	for _, l := range f.Scale {
		texts = append(texts, l.Label, l.Descriptor)
	}
	for _, s := range f.Sections {
		texts = append(texts, s.Title)
		for _, c := range s.Criteria {
			texts = append(texts, c.Title, c.Guidance, c.Evidence)
		}
	}
	for _, t := range texts {
		for lang, s := range t {
			if s = strings.TrimSpace(s); s == "" {
				delete(t, lang)
			} else {
				t[lang] = s
			}
		}
	}
}
