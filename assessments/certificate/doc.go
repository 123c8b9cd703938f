// Package certificate renders the accreditation certificate and the
// assessment report as PDF documents.
//
// It is a leaf package on purpose: it knows nothing of the database, HTTP or
// translations. The caller passes every label already translated and every
// value already formatted for display, so the same code renders a Greek, a
// Bulgarian or a Portuguese certificate, and the package can be tested (and
// benchmarked) on its own.
//
// Text is drawn with DejaVu Sans (regular and bold, embedded as a subset)
// because it covers Latin with every diacritic, Greek and Cyrillic. Two traps
// of fpdf with UTF-8 fonts are handled here rather than by every caller:
// runes above U+FFFF (emoji) make Cell and Write panic, and runes the font
// has no glyph for are drawn as silent empty boxes. Every string that reaches
// the PDF therefore goes through [Printable], and [Missing] lets tests and an
// admin check find such characters before they are printed.
//
// Output is deterministic: the same input renders byte-identical bytes
// (fixed creation date, sorted resource catalogues), so downloading a
// certificate again gives the same file. Each render builds its own
// fpdf document; only the font bytes and the parsed cmap are shared, read
// only, so the renderers are safe for concurrent use.
package certificate
