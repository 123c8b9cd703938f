package framework

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// kind is the shape a field's value must have in the file.
type kind int

const (
	kindString  kind = iota + 1 // plain text
	kindInt                     // whole number
	kindBool                    // true or false
	kindText                    // translations: {en: ..., fr: ...}
	kindStrings                 // list of plain text
	kindObject                  // mapping with known fields
	kindObjects                 // list of mappings with known fields
)

// field describes one key allowed in a mapping of the file.
type field struct {
	name     string
	kind     kind
	required bool // must be present and not empty (null)
	fields   []field
}

var criterionFields = []field{
	{name: "code", kind: kindString},
	{name: "title", kind: kindText},
	{name: "guidance", kind: kindText},
	{name: "evidence", kind: kindText},
	{name: "mandatory", kind: kindBool, required: true},
	{name: "critical", kind: kindBool},
	{name: "channels", kind: kindStrings},
}

var sectionFields = []field{
	{name: "code", kind: kindString},
	{name: "title", kind: kindText},
	{name: "criteria", kind: kindObjects, fields: criterionFields},
}

var levelFields = []field{
	{name: "score", kind: kindInt, required: true},
	{name: "label", kind: kindText},
	{name: "descriptor", kind: kindText},
}

var rulesFields = []field{
	{name: "pass_score", kind: kindInt, required: true},
	{name: "conditional_score", kind: kindInt, required: true},
	{name: "max_conditional_mandatory", kind: kindInt, required: true},
	{name: "desirable_threshold_percent", kind: kindInt, required: true},
	{name: "disagreement_gap", kind: kindInt, required: true},
}

var frameworkFields = []field{
	{name: "code", kind: kindString},
	{name: "version", kind: kindString},
	{name: "title", kind: kindText},
	{name: "languages", kind: kindStrings},
	{name: "scale", kind: kindObjects, fields: levelFields, required: true},
	{name: "rules", kind: kindObject, fields: rulesFields, required: true},
	{name: "sections", kind: kindObjects, fields: sectionFields, required: true},
}

// walkObject checks a mapping against its allowed fields, reporting unknown,
// repeated and missing fields, and records the line of every key.
func (r *report) walkObject(n ast.Node, path string, fields []field) {
	entries, ok := mappingEntries(n)
	if !ok {
		r.wrongShape(n, path, "a set of fields ("+fieldNames(fields)+")")
		return
	}
	present := map[string]bool{}
	for key, e := range r.walkKeys(entries, path) {
		kp := childPath(path, key)
		f, known := lookupField(fields, key)
		if !known {
			r.add(r.lines[kp], kp, "unknown field %q; allowed here: %s", key, fieldNames(fields))
			continue
		}
		present[key] = r.walkValue(e.Value, kp, f)
	}
	for _, f := range fields {
		if f.required && !present[f.name] {
			r.at(childPath(path, f.name), "this field is required but missing")
		}
	}
}

// walkKeys yields each entry of a mapping under its key name, recording key
// lines and skipping (with a problem) keys that are repeated or not text.
func (r *report) walkKeys(entries []*ast.MappingValueNode, path string) func(func(string, *ast.MappingValueNode) bool) {
	return func(yield func(string, *ast.MappingValueNode) bool) {
		for _, e := range entries {
			key, ok := keyName(e.Key)
			line := nodeLine(e.Key)
			if !ok && isIndirect(e.Key) {
				continue // reported by scanIndirect
			}
			if !ok {
				r.blocked = true
				r.add(line, path, "field names must be plain text, not %s", describe(e.Key))
				continue
			}
			kp := childPath(path, key)
			if first, dup := r.lines[kp]; dup {
				r.add(line, kp, "appears twice in the same place (first on line %d)", first)
				continue
			}
			r.lines[kp] = line
			if !yield(key, e) {
				return
			}
		}
	}
}

// walkValue checks one value against its expected kind. It reports false
// when the value is absent (null), so required fields can be enforced.
func (r *report) walkValue(n ast.Node, path string, f field) bool {
	if isNull(n) {
		return false
	}
	if isIndirect(n) {
		return true // reported by scanIndirect
	}
	switch f.kind {
	case kindString:
		r.checkScalar(n, path, isString(n), "text")
	case kindInt:
		r.checkInt(n, path)
	case kindBool:
		r.checkScalar(n, path, n.Type() == ast.BoolType, "true or false")
	case kindText:
		r.walkText(n, path)
	case kindStrings:
		r.walkList(n, path, "a list such as [a, b]", func(item ast.Node, p string) {
			r.checkScalar(item, p, isString(item), "text")
		})
	case kindObject:
		r.walkObject(n, path, f.fields)
	case kindObjects:
		r.walkList(n, path, "a list of entries, each starting with '- '", func(item ast.Node, p string) {
			r.walkObject(item, p, f.fields)
		})
	}
	return true
}

// walkText checks a translations mapping: language codes as keys, text as
// values. Which languages are allowed is checked later, against languages.
func (r *report) walkText(n ast.Node, path string) {
	entries, ok := mappingEntries(n)
	if !ok {
		r.wrongShape(n, path, "translations such as {en: ..., fr: ...}")
		return
	}
	for key, e := range r.walkKeys(entries, path) {
		if !isNull(e.Value) {
			r.checkScalar(e.Value, childPath(path, key), isString(e.Value), "text")
		}
	}
}

// walkList checks a sequence and visits each item with its index path.
func (r *report) walkList(n ast.Node, path, want string, visit func(ast.Node, string)) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		r.wrongShape(n, path, want)
		return
	}
	for i, item := range seq.Values {
		p := indexPath(path, i)
		r.lines[p] = nodeLine(item)
		if isNull(item) {
			r.blocked = true
			r.add(nodeLine(item), p, "is an empty entry; fill it in or remove it")
			continue
		}
		visit(item, p)
	}
}

// checkScalar reports a value of the wrong kind.
func (r *report) checkScalar(n ast.Node, path string, ok bool, want string) {
	if !ok {
		r.wrongShape(n, path, want)
	}
}

// checkInt reports a value that is not a whole number of sensible size.
func (r *report) checkInt(n ast.Node, path string) {
	if _, ok := n.(*ast.IntegerNode); ok && !isSmallInt(n) {
		r.blocked = true
		r.add(nodeLine(n), path, "is too large (at most %d)", maxInt)
		return
	}
	r.checkScalar(n, path, isSmallInt(n), "a whole number")
}

// wrongShape reports a value that does not have the expected shape; such a
// file cannot be decoded safely, so decoding is skipped.
func (r *report) wrongShape(n ast.Node, path, want string) {
	r.blocked = true
	if n != nil && isIndirect(n) {
		return // reported by scanIndirect
	}
	got := describe(n)
	hint := ""
	if want == "text" && (got == "a number" || got == "a decimal number" || got == "true or false") {
		hint = "; put it in quotes"
	}
	if path == "" {
		r.add(nodeLine(n), path, "the file must be %s, not %s", want, got)
		return
	}
	r.add(nodeLine(n), path, "must be %s, not %s%s", want, got, hint)
}

func lookupField(fields []field, name string) (field, bool) {
	for _, f := range fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

func fieldNames(fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// scanIndirect reports every anchor, alias, tag and merge key in the file.
// Frameworks do not need them, they hide what a field really holds, and
// refusing them rules out alias bombs before anything is decoded.
func (r *report) scanIndirect(root ast.Node) {
	ast.Walk(indirectFinder{r}, root)
}

type indirectFinder struct{ r *report }

func (v indirectFinder) Visit(n ast.Node) ast.Visitor {
	if n == nil {
		return nil
	}
	if isIndirect(n) {
		v.r.blocked = true
		field := strings.TrimPrefix(strings.TrimPrefix(n.GetPath(), "$"), ".")
		v.r.add(nodeLine(n), field, "anchors, aliases, tags and merge keys (&, *, !, <<) are not supported; write the value out in full")
		return nil
	}
	return v
}
