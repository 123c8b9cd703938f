package evidence

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxFilenameRunes is the longest name CleanFilename returns, in characters.
const MaxFilenameRunes = 200

// maxExtRunes is the longest tail after the last dot that is kept as an
// extension when a long name is cut.
const maxExtRunes = 16

// CleanFilename turns a user-supplied file name into one that is safe to
// DISPLAY (and to offer as a download name). It is never used as a path:
// files are stored under random keys. It keeps the last path element (both
// "/" and "\" separate), drops control, bidirectional and other invisible
// format characters (so "evil\u202Efdp.exe" cannot pose as "evilexe.pdf"),
// replaces the characters Windows forbids in names and slash look-alikes by
// "_", normalises to NFC, trims spaces and dots at both ends, prefixes
// Windows device names (CON, NUL, COM1...) with "_", and cuts the name to
// MaxFilenameRunes characters keeping a short extension. Letters of every
// script survive ("Απόφαση ΕΕΤΤ.pdf" is unchanged). It returns "file" when
// nothing is left.
func CleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.TrimRight(name, `/\`)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case dropRune(r):
		case strings.ContainsRune(`<>:"|?*`, r) || slashLike(r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	name = norm.NFC.String(b.String())
	name = trimEnds(name)
	if reservedDeviceName(name) {
		name = "_" + name
	}
	name = truncateName(name)
	if name == "" {
		return "file"
	}
	return name
}

// dropRune reports characters that are removed from names: controls (C0,
// DEL, C1), format characters such as bidi embeddings, overrides and
// isolates, zero-width spaces, the BOM and tag characters (except ZWNJ and
// ZWJ, which Persian, Indic scripts and emoji need), and line and paragraph
// separators.
func dropRune(r rune) bool {
	switch {
	case r == '\u200C' || r == '\u200D':
		return false
	case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r),
		unicode.Is(unicode.Cf, r), unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r),
		r == utf8.RuneError:
		return true
	}
	return false
}

// slashLike reports characters that look like or fold to "/" or "\".
func slashLike(r rune) bool {
	switch r {
	case '\u2044', '\u2215', '\u2216', '\u29F5', '\u29F8', '\u29F9', '\uFE68', '\uFF0F', '\uFF3C':
		return true
	}
	return false
}

func trimEnds(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
}

// reservedDeviceName reports names Windows treats as devices whatever the
// extension ("con.pdf", "LPT1.txt").
func reservedDeviceName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(strings.TrimRightFunc(base, unicode.IsSpace)) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
		"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"COM¹", "COM²", "COM³",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
		"LPT¹", "LPT²", "LPT³":
		return true
	}
	return false
}

// truncateName cuts name to MaxFilenameRunes characters, keeping an
// extension of up to maxExtRunes characters.
func truncateName(name string) string {
	if utf8.RuneCountInString(name) <= MaxFilenameRunes {
		return name
	}
	stem, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		if n := utf8.RuneCountInString(name[i:]); n > 1 && n <= maxExtRunes && !strings.ContainsFunc(name[i:], unicode.IsSpace) {
			stem, ext = name[:i], name[i:]
		}
	}
	stem = firstRunes(stem, MaxFilenameRunes-utf8.RuneCountInString(ext))
	return trimEnds(stem) + ext
}

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
