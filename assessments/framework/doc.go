// Package framework reads, checks and compares criteria framework files.
//
// A criteria framework is data, not code: the secretariat imports a new
// version as a YAML (or JSON) file and every assessment stays pinned to the
// version it started on. This package is the one place that knows the file
// format, so the import screen, the API and the scoring rules all agree on
// what a valid framework is. It has no HTTP or database dependencies.
//
// The default framework for 116 000 hotlines ships embedded (see Default).
package framework
