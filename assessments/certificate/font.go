package certificate

import (
	"sync"
	"unicode/utf8"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// fontFamily is the name under which DejaVu Sans is registered in each
// document.
const fontFamily = "dejavu"

// coverage is a bitset over the Basic Multilingual Plane: bit r is set when
// both embedded styles (regular and bold) have a glyph for rune r. Built once,
// then only read, so it is shared by concurrent renders without locking.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return c[r/64]&(1<<(uint(r)%64)) != 0
}

var (
	coverOnce sync.Once
	cover     *coverage
	coverErr  error
)

// fontCoverage parses the two embedded fonts once and records which BMP runes
// both of them can draw. A rune missing from the bold face alone still counts
// as missing, because any string may end up in either style.
func fontCoverage() (*coverage, error) {
	coverOnce.Do(func() {
		c := new(coverage)
		for i, ttf := range [][]byte{dejavusans.TTF, dejavusansbold.TTF} {
			f, err := sfnt.Parse(ttf)
			if err != nil {
				coverErr = err
				break
			}
			var buf sfnt.Buffer
			var this coverage
			for r := rune(0); r <= 0xFFFF; r++ {
				gi, err := f.GlyphIndex(&buf, r)
				if err == nil && gi != 0 {
					this[r/64] |= 1 << (uint(r) % 64)
				}
			}
			for j := range c {
				if i == 0 {
					c[j] = this[j]
				} else {
					c[j] &= this[j]
				}
			}
		}
		if coverErr != nil {
			// Fall back to printable ASCII, which every font has, so that
			// Printable stays safe even if the font could not be parsed.
			c = new(coverage)
			for r := rune(0x20); r < 0x7F; r++ {
				c[r/64] |= 1 << (uint(r) % 64)
			}
		}
		cover = c
	})
	return cover, coverErr
}

// placeholder is what Printable draws instead of a character the font cannot
// draw: U+FFFD REPLACEMENT CHARACTER when the font has it, "?" otherwise.
func placeholder(c *coverage) rune {
	if c.has(utf8.RuneError) {
		return utf8.RuneError
	}
	return '?'
}

// runeClass tells Printable and Missing what to do with one rune.
type runeClass int

const (
	drawable runeClass = iota // drawn as itself
	space                     // layout control (tab, newline...) drawn as a space
	dropped                   // invisible modifier of a neighbour (variation selector, ZWJ, skin tone) left out
	replaced                  // drawn as the placeholder
)

func classify(c *coverage, r rune) runeClass {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029:
		return space
	}
	if r >= 0xFE00 && r <= 0xFE0F {
		// Variation selectors (text/emoji presentation) are invisible and
		// mean nothing to DejaVu; left in, they would only clutter the text
		// layer (copy, search) of the PDF.
		return dropped
	}
	if c.has(r) {
		return drawable
	}
	switch {
	case r == 0x200D, // zero width joiner inside emoji sequences
		r >= 0x1F3FB && r <= 0x1F3FF, // emoji skin tone modifiers
		r >= 0xE0020 && r <= 0xE007F, // tag characters (subdivision flags)
		r >= 0xE0100 && r <= 0xE01EF: // variation selectors supplement
		return dropped
	}
	return replaced
}

// normalise returns s in NFC (so a name typed with combining accents is drawn
// with the precomposed glyphs, not with floating marks), unless composing
// would introduce a rune the font lacks; then s is kept as it is.
func normalise(c *coverage, s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	n := norm.NFC.String(s)
	for _, r := range n {
		if classify(c, r) == replaced {
			return s
		}
	}
	return n
}

// Printable returns s with everything the embedded font cannot draw replaced,
// so that no string, whatever a user typed, can crash fpdf or print an empty
// box silently.
//
//   - Runes above U+FFFF (emoji...) and runes missing from DejaVu Sans (regular
//     or bold) become a visible placeholder: U+FFFD if the font has it, else "?".
//     Invalid UTF-8 bytes become the placeholder too.
//   - Invisible modifiers (variation selectors; and, when the font lacks them,
//     zero width joiner, skin tones, tag characters) are dropped, so "☎️"
//     prints as "☎" and one emoji gives one placeholder.
//   - Tabs, newlines and other line/paragraph separators become spaces, because
//     every call site draws a single line.
//   - The text is put in NFC when the composed form is drawable.
func Printable(s string) string {
	c, _ := fontCoverage()
	return printable(c, s, false)
}

// printableMultiline is Printable but keeps "\n" (and turns "\r\n" and "\r"
// into "\n") for text drawn with MultiCell, such as reviewers' comments.
func printableMultiline(s string) string {
	c, _ := fontCoverage()
	return printable(c, s, true)
}

func printable(c *coverage, s string, keepNewlines bool) string {
	s = normalise(c, s)
	ok := true
	for _, r := range s {
		if classify(c, r) != drawable {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	ph := placeholder(c)
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		i += size
		if invalid {
			out = append(out, ph)
			continue
		}
		if keepNewlines && (r == '\n' || r == '\r') {
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			out = append(out, '\n')
			continue
		}
		switch classify(c, r) {
		case drawable:
			out = append(out, r)
		case space:
			out = append(out, ' ')
		case dropped:
		case replaced:
			out = append(out, ph)
		}
	}
	return string(out)
}

// Missing lists, once each and in order of first appearance, the runes of s
// that cannot be drawn with DejaVu Sans as embedded here: runes above U+FFFF,
// and runes absent from the regular or the bold face's cmap: exactly those
// that Printable replaces with a placeholder. Invalid UTF-8 is reported as
// U+FFFD. Invisible modifiers that Printable drops (variation selectors, skin
// tones...) and layout controls that it turns into spaces are not reported:
// they change nothing visible. Tests and an admin check use it to find names that would not print
// as typed, before a certificate is issued.
func Missing(s string) []rune {
	c, _ := fontCoverage()
	s = normalise(c, s)
	var out []rune
	seen := map[rune]bool{}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		i += size
		if !invalid {
			if classify(c, r) != replaced {
				continue
			}
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}
