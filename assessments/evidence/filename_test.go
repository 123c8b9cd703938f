package evidence

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanFilename(t *testing.T) {
	long := strings.Repeat("α", 300)
	tests := []struct {
		name, in, want string
	}{
		{"plain", "report.pdf", "report.pdf"},
		{"greek", "Απόφαση ΕΕΤΤ.pdf", "Απόφαση ΕΕΤΤ.pdf"},
		{"cyrillic", "Отчёт за 2024 год.docx", "Отчёт за 2024 год.docx"},
		{"bulgarian", "Център Надя – доклад.odt", "Център Надя – доклад.odt"},
		{"arabic", "تقرير.pdf", "تقرير.pdf"},
		{"persian with zwnj kept", "می\u200cخواهم.txt", "می\u200cخواهم.txt"},
		{"nfd normalised to nfc", "Απο\u0301φαση.pdf", "Απόφαση.pdf"},
		{"unix traversal", "../../etc/passwd", "passwd"},
		{"absolute path", "/etc/shadow", "shadow"},
		{"windows path", `C:\Users\x\evil.pdf`, "evil.pdf"},
		{"windows traversal", `..\..\windows\win.ini`, "win.ini"},
		{"mixed separators", `a/b\c/d.txt`, "d.txt"},
		{"trailing separator", "docs/report.pdf/", "report.pdf"},
		{"only traversal", "../..", "file"},
		{"only separators", `/\/`, "file"},
		{"unc path", `\\server\share\x.pdf`, "x.pdf"},
		{"fullwidth slash is not a separator but is replaced", "a\uFF0Fb.pdf", "a_b.pdf"},
		{"division slash", "a\u2215b.pdf", "a_b.pdf"},
		{"rlo override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"all bidi controls", "\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061C.txt", "abcdefghijk.txt"},
		{"zero width and bom", "\uFEFFre\u200Bport.pdf", "report.pdf"},
		{"tag characters", "a\U000E0041\U000E0042.pdf", "a.pdf"},
		{"control characters", "re\x00po\trt\r\n\x1b[31m.pdf\x7f", "report[31m.pdf"},
		{"c1 control", "a\u0085b.pdf", "ab.pdf"},
		{"line separator", "a\u2028b\u2029c.pdf", "abc.pdf"},
		{"invalid utf-8 dropped", "caf\xe9.pdf", "caf.pdf"},
		{"windows forbidden characters", `what? "final" <v2>|*:.pdf`, "what_ _final_ _v2____.pdf"},
		{"trim spaces and dots", "  ..report.pdf.. ", "report.pdf"},
		{"hidden file", ".htaccess", "htaccess"},
		{"only dots", "...", "file"},
		{"only spaces", "   ", "file"},
		{"empty", "", "file"},
		{"only controls", "\x00\x01\u202E", "file"},
		{"windows device name", "CON.pdf", "_CON.pdf"},
		{"windows device name lower", "nul", "_nul"},
		{"windows device name with digit", "com1.txt", "_com1.txt"},
		{"not a device name", "console.pdf", "console.pdf"},
		{"long name keeps extension", long + ".pdf", strings.Repeat("α", 196) + ".pdf"},
		{"long name without extension", long, strings.Repeat("α", 200)},
		{"long name with long tail after dot", "a." + long, "a." + strings.Repeat("α", 198)},
		{"long name cut before spaces", strings.Repeat("a", 190) + strings.Repeat(" ", 20) + "b.pdf", strings.Repeat("a", 190) + ".pdf"},
		{"exactly 200", strings.Repeat("b", 196) + ".pdf", strings.Repeat("b", 196) + ".pdf"},
		{"emoji", "📄 report.pdf", "📄 report.pdf"},
		{"nfc lengthens, then cut", strings.Repeat("\u0958", 150), strings.Repeat("\u0915\u093C", 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanFilename(tt.in)
			if got != tt.want {
				t.Errorf("CleanFilename(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkCleanName(t, tt.in, got)
		})
	}
}

// checkCleanName asserts the properties every result must have.
func checkCleanName(t *testing.T, in, got string) {
	t.Helper()
	if got == "" || !utf8.ValidString(got) || utf8.RuneCountInString(got) > MaxFilenameRunes {
		t.Fatalf("CleanFilename(%q) = %q: empty, invalid or too long", in, got)
	}
	if strings.ContainsAny(got, `/\`) {
		t.Fatalf("CleanFilename(%q) = %q contains a separator", in, got)
	}
	for _, r := range got {
		if dropRune(r) {
			t.Fatalf("CleanFilename(%q) = %q contains %U", in, got, r)
		}
	}
	if got == "." || got == ".." || strings.Trim(got, ". ") != got {
		t.Fatalf("CleanFilename(%q) = %q has dots or spaces at the ends", in, got)
	}
	if again := CleanFilename(got); again != got {
		t.Fatalf("CleanFilename not idempotent: %q -> %q -> %q", in, got, again)
	}
}
