package openapi

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

const testBase = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Error: {type: object}
`

func TestMergeJoinsFragments(t *testing.T) {
	fsys := fstest.MapFS{
		"base.yaml": {Data: []byte(testBase)},
		"a.yaml": {Data: []byte(`paths:
  /x:
    get: {responses: {"200": {description: ok}}}
components:
  schemas:
    A: {type: string}
`)},
		"b.yaml": {Data: []byte(`paths:
  /x:
    post: {responses: {"201": {description: made}}}
`)},
	}
	b, err := Merge(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]any
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Paths["/x"]["get"] == nil || doc.Paths["/x"]["post"] == nil {
		t.Errorf("both operations of /x should be merged: %s", b)
	}
	if doc.Components.Schemas["A"] == nil || doc.Components.Schemas["Error"] == nil {
		t.Errorf("schemas of base and fragment should be merged: %s", b)
	}
}

func TestMergeRefusesDuplicates(t *testing.T) {
	for name, frags := range map[string][2]string{
		"operation": {"paths:\n  /x:\n    get: {responses: {}}\n", "paths:\n  /x:\n    get: {responses: {}}\n"},
		"schema":    {"components:\n  schemas:\n    A: {type: string}\n", "components:\n  schemas:\n    A: {type: integer}\n"},
		"base":      {"components:\n  schemas:\n    Error: {type: string}\n", "paths: {}\n"},
	} {
		_, err := Merge(fstest.MapFS{
			"base.yaml":  {Data: []byte(testBase)},
			"one.yaml":   {Data: []byte(frags[0])},
			"two.yaml":   {Data: []byte(frags[1])},
			"three.yaml": {Data: []byte("paths: {}\n")},
		})
		if err == nil {
			t.Errorf("%s: a duplicate should be refused", name)
			continue
		}
		want := []string{"one.yaml", "two.yaml"}
		if name == "base" {
			want = []string{"base.yaml", "one.yaml"}
		}
		for _, f := range want {
			if !strings.Contains(err.Error(), f) {
				t.Errorf("%s: error %q should name %s", name, err, f)
			}
		}
	}
}

// TestDocumentIsValidOpenAPI31 checks the embedded fragments: they merge,
// libopenapi reads the result as 3.1 without errors, it validates against
// the OpenAPI schema, and every local $ref points at something.
func TestDocumentIsValidOpenAPI31(t *testing.T) {
	b, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); v != "3.1.0" {
		t.Errorf("version %q, want 3.1.0", v)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("building the model: %v", err)
	}
	if model.Model.Paths == nil || model.Model.Paths.PathItems.Len() == 0 {
		t.Error("the document describes no paths")
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("document: %s: %s", e.Message, e.Reason)
			for _, se := range e.SchemaValidationErrors {
				t.Errorf("  %s: %s", se.FieldPath, se.Reason)
			}
		}
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	for _, ref := range refs(tree, nil) {
		if !resolves(tree, ref) {
			t.Errorf("$ref %q does not resolve", ref)
		}
	}
}

// refs collects every $ref value in the tree.
func refs(node any, out []string) []string {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			if s, ok := v.(string); ok && k == "$ref" {
				out = append(out, s)
				continue
			}
			out = refs(v, out)
		}
	case []any:
		for _, v := range n {
			out = refs(v, out)
		}
	}
	return out
}

// resolves follows a local JSON pointer ("#/components/schemas/Error").
func resolves(tree any, ref string) bool {
	if !strings.HasPrefix(ref, "#/") {
		return false
	}
	node := tree
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		m, ok := node.(map[string]any)
		if !ok {
			return false
		}
		if node, ok = m[part]; !ok {
			return false
		}
	}
	return true
}
