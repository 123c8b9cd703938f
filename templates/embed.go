// Package templates holds the html/template files of every page, embedded
// and parsed once at start-up.
package templates

import "embed"

// FS holds layout.html, partials/ and pages/.
//
//go:embed *.html partials/*.html pages/*.html
var FS embed.FS
