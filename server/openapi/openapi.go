// Package openapi holds the OpenAPI 3.1 description of the portal's JSON API:
// a base document and one fragment per area, embedded and merged once into
// the document served at /api/v1/openapi.json and checked by the tests.
package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
)

// files are the base document and every area's fragment.
//
//go:embed *.yaml
var files embed.FS

// baseFile is the fragment every other one extends.
const baseFile = "base.yaml"

var (
	once   sync.Once
	merged []byte
	errDoc error
)

// Document returns the merged document as JSON. It is computed once: the
// files are embedded, so a fault is a build fault the package test catches.
func Document() ([]byte, error) {
	once.Do(func() { merged, errDoc = Merge(files) })
	return merged, errDoc
}

// Merge merges base.yaml with every other *.yaml file of fsys into one
// document, as JSON. A path operation or a component defined in two files
// is refused, with an error naming both files: a fragment must never
// silently replace another's description.
func Merge(fsys fs.FS) ([]byte, error) {
	doc, err := readYAML(fsys, baseFile)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	m := merger{doc: doc, owner: map[string]string{}}
	m.claimAll(baseFile)
	for _, name := range names {
		if name == baseFile {
			continue
		}
		frag, err := readYAML(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := m.add(name, frag); err != nil {
			return nil, err
		}
	}
	return json.Marshal(doc)
}

// readYAML parses one file into a generic map.
func readYAML(fsys fs.FS, name string) (map[string]any, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := yaml.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("openapi: %s: %w", name, err)
	}
	if out == nil {
		out = map[string]any{}
	}
	return out, nil
}

// merger accumulates fragments into doc, remembering which file defined
// each path operation and component so that a duplicate names both.
type merger struct {
	doc   map[string]any
	owner map[string]string
}

// methods are the keys of a path item that are operations.
var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true}

// claimAll records the base document's own paths and components.
func (m *merger) claimAll(file string) {
	for p, item := range asMap(m.doc["paths"]) {
		for k := range asMap(item) {
			m.owner["paths "+p+" "+k] = file
		}
	}
	for section, entries := range asMap(m.doc["components"]) {
		for name := range asMap(entries) {
			m.owner["components "+section+" "+name] = file
		}
	}
}

// add merges one fragment: its paths (operation by operation, so two areas
// may describe different methods of one path) and its components.
func (m *merger) add(file string, frag map[string]any) error {
	for key := range frag {
		if key != "paths" && key != "components" {
			return fmt.Errorf("openapi: %s: a fragment holds only paths and components, not %q", file, key)
		}
	}
	paths := m.section(m.doc, "paths")
	for p, item := range asMap(frag["paths"]) {
		target := m.section(paths, p)
		for k, v := range asMap(item) {
			if err := m.put(target, k, v, "paths "+p+" "+k, file, !methods[k]); err != nil {
				return err
			}
		}
	}
	comps := m.section(m.doc, "components")
	for section, entries := range asMap(frag["components"]) {
		target := m.section(comps, section)
		for name, v := range asMap(entries) {
			if err := m.put(target, name, v, "components "+section+" "+name, file, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// put stores one entry unless another file has it; shared path-level keys
// (parameters, summary) may repeat when they are identical.
func (m *merger) put(target map[string]any, key string, v any, id, file string, sameOK bool) error {
	if prev, ok := m.owner[id]; ok {
		if sameOK && reflect.DeepEqual(target[key], v) {
			return nil
		}
		return fmt.Errorf("openapi: %s is defined in both %s and %s", strings.TrimSpace(id), prev, file)
	}
	m.owner[id] = file
	target[key] = v
	return nil
}

// section returns parent[key] as a map, creating it when absent.
func (m *merger) section(parent map[string]any, key string) map[string]any {
	if s, ok := parent[key].(map[string]any); ok {
		return s
	}
	s := map[string]any{}
	parent[key] = s
	return s
}

// asMap is v as a map, or an empty one.
func asMap(v any) map[string]any {
	s, _ := v.(map[string]any)
	return s
}
