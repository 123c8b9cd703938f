package framework

import (
	"github.com/goccy/go-yaml/ast"
)

// maxInt bounds whole numbers in the file; every number in a framework is
// small, and the bound keeps decoding free of overflow.
const maxInt = 1_000_000

// mappingEntries returns the entries of a mapping node. A one-entry mapping
// may come as a bare MappingValueNode.
func mappingEntries(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// keyName returns a mapping key as text; only plain text keys are allowed.
func keyName(k ast.MapKeyNode) (string, bool) {
	s, ok := k.(*ast.StringNode)
	if !ok {
		return "", false
	}
	return s.Value, true
}

// nodeLine returns the 1-based line where a node starts.
func nodeLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if doc, ok := n.(*ast.DocumentNode); ok {
		// A document's own token is its body's, which may be absent.
		if doc.Start != nil && doc.Start.Position != nil {
			return doc.Start.Position.Line
		}
		return nodeLine(doc.Body)
	}
	if entries, ok := mappingEntries(n); ok && len(entries) > 0 {
		n = entries[0].Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0
	}
	return tk.Position.Line
}

func isNull(n ast.Node) bool {
	return n == nil || n.Type() == ast.NullType
}

// isIndirect reports anchors, aliases, tags and merge keys, which a
// framework file does not need and which would hide what a field holds.
func isIndirect(n ast.Node) bool {
	switch n.Type() {
	case ast.AnchorType, ast.AliasType, ast.TagType, ast.MergeKeyType:
		return true
	}
	return false
}

func isString(n ast.Node) bool {
	t := n.Type()
	return t == ast.StringType || t == ast.LiteralType
}

func isSmallInt(n ast.Node) bool {
	in, ok := n.(*ast.IntegerNode)
	if !ok {
		return false
	}
	switch v := in.Value.(type) {
	case int64:
		return v >= -maxInt && v <= maxInt
	case uint64:
		return v <= maxInt
	}
	return false
}

// describe names what a node holds, for "must be X, not Y" messages.
func describe(n ast.Node) string {
	if isNull(n) {
		return "empty"
	}
	switch n.Type() {
	case ast.StringType, ast.LiteralType:
		return "text"
	case ast.IntegerType:
		return "a number"
	case ast.FloatType, ast.InfinityType, ast.NanType:
		return "a decimal number"
	case ast.BoolType:
		return "true or false"
	case ast.MappingType, ast.MappingValueType:
		return "a set of fields"
	case ast.SequenceType:
		return "a list"
	case ast.AnchorType, ast.AliasType, ast.TagType, ast.MergeKeyType:
		return "an anchor, alias or tag"
	}
	return "a value of another kind"
}
