package evidence

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

// Real, minimal samples built in the tests, so no binary fixtures are
// checked in.

const samplePDF = "%PDF-1.4\n" +
	"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n" +
	"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n" +
	"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 72 72]>> endobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n" +
	"trailer <</Size 4 /Root 1 0 R>>\nstartxref\n186\n%%EOF\n"

const sampleGreek = "Απόφαση της ΕΕΤΤ για τη γραμμή 116 000.\nЛиния 116 000 работает круглосуточно.\n"

const sampleCSV = "criterion,evidence,count\nA1,Απόφαση ΕΕΤΤ,3\nA2,annual report,1\nB1,Отчёт,2\n"

func mustPNG(t testing.TB, paletted bool) []byte {
	t.Helper()
	var img image.Image
	if paletted {
		p := image.NewPaletted(image.Rect(0, 0, 4, 3), color.Palette{color.Black, color.White})
		p.SetColorIndex(1, 1, 1)
		img = p
	} else {
		r := image.NewRGBA(image.Rect(0, 0, 4, 3))
		r.Set(1, 1, color.RGBA{200, 10, 10, 255})
		img = r
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustJPEG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(2, 2, color.RGBA{0, 0, 255, 255})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegWithBigAPP inserts an application segment of n bytes before the frame
// header, as cameras do with EXIF data.
func jpegWithBigAPP(t testing.TB, n int) []byte {
	t.Helper()
	j := mustJPEG(t)
	seg := []byte{0xFF, 0xE1, byte((n + 2) >> 8), byte(n + 2)}
	seg = append(seg, bytes.Repeat([]byte{'x'}, n)...)
	return append(append(append([]byte{}, j[:2]...), seg...), j[2:]...)
}

type zipEntry struct {
	name   string
	body   string
	method uint16 // zip.Deflate unless set
	flags  uint16
}

func mustZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		m := e.method
		if m == 0 && e.name != "mimetype" {
			m = zip.Deflate
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: e.name, Method: m, Flags: e.flags})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>`

func contentTypesXML(overrides ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	for i := 0; i+1 < len(overrides); i += 2 {
		b.WriteString(`<Override PartName="` + overrides[i] + `" ContentType="` + overrides[i+1] + `"/>`)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

const (
	ctDocxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctXlsxMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	ctPptxMain = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
	ctDocmMain = "application/vnd.ms-word.document.macroEnabled.main+xml"
)

func mustDOCX(t testing.TB) []byte {
	return mustZip(t,
		zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain)},
		zipEntry{name: "_rels/.rels", body: strings.Replace(rels, "%s", "word/document.xml", 1)},
		zipEntry{name: "word/document.xml", body: `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Απόφαση</w:t></w:r></w:p></w:body></w:document>`},
	)
}

func mustXLSX(t testing.TB) []byte {
	return mustZip(t,
		zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/xl/workbook.xml", ctXlsxMain, "/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")},
		zipEntry{name: "_rels/.rels", body: strings.Replace(rels, "%s", "xl/workbook.xml", 1)},
		zipEntry{name: "xl/workbook.xml", body: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>`},
		zipEntry{name: "xl/worksheets/sheet1.xml", body: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`},
	)
}

func mustPPTX(t testing.TB) []byte {
	return mustZip(t,
		zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/ppt/presentation.xml", ctPptxMain)},
		zipEntry{name: "_rels/.rels", body: strings.Replace(rels, "%s", "ppt/presentation.xml", 1)},
		zipEntry{name: "ppt/presentation.xml", body: `<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`},
	)
}

const odfManifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`

// mustODF builds an OpenDocument package: the stored "mimetype" entry first,
// then the manifest and content, plus any extra entries.
func mustODF(t testing.TB, mediaType string, extra ...zipEntry) []byte {
	entries := []zipEntry{
		{name: "mimetype", body: mediaType, method: zip.Store},
		{name: "META-INF/manifest.xml", body: strings.Replace(odfManifest, "%s", mediaType, 1)},
		{name: "content.xml", body: `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:body/></office:document-content>`},
	}
	return mustZip(t, append(entries, extra...)...)
}

// samples returns named accepted files and their expected kinds, used by
// the table tests and as fuzz seeds.
type sample struct {
	name     string
	filename string
	data     []byte
	kind     string // "" when the file must be refused
}

func acceptedSamples(t testing.TB) []sample {
	return []sample{
		{"pdf", "report.pdf", []byte(samplePDF), KindPDF},
		{"pdf named txt", "scan.txt", []byte(samplePDF), KindPDF},
		{"pdf polyglot with html", "x.html", []byte("%PDF-1.7\n<html><script>alert(1)</script></html>"), KindPDF},
		{"png rgba", "photo.png", mustPNG(t, false), KindPNG},
		{"png paletted", "logo", mustPNG(t, true), KindPNG},
		{"jpeg", "photo.jpg", mustJPEG(t), KindJPEG},
		{"jpeg with big exif", "camera.jpeg", jpegWithBigAPP(t, 5000), KindJPEG},
		{"greek text", "απόφαση.txt", []byte(sampleGreek), KindText},
		{"text with bom", "notes.txt", []byte("\xEF\xBB\xBF" + sampleGreek), KindText},
		{"text with tabs and crlf", "a.txt", []byte("col\tcol\r\nline two\f\r\n"), KindText},
		{"text mentioning tags in prose", "t.txt", []byte("We answer within 5 minutes (target < 10).\n"), KindText},
		{"e-mail copied as text", "mail.txt", []byte("From: hotline@example.org\nTo: board@example.org\nSubject: Απόφαση\n\nThe decision is attached.\n"), KindText},
		{"json is text", "data.json", []byte(`{"calls": 12, "city": "Αθήνα"}`), KindText},
		{"text over sniff length", "long.txt", []byte(strings.Repeat("Ωραία μέρα. ", 600)), KindText},
		{"csv by name", "evidence.csv", []byte(sampleCSV), KindCSV},
		{"csv by name, one column", "ids.CSV", []byte("id\n1\n2\n"), KindCSV},
		{"csv by content", "evidence.txt", []byte(sampleCSV), KindCSV},
		{"docx", "policy.docx", mustDOCX(t), KindDOCX},
		{"docx named pdf", "policy.pdf", mustDOCX(t), KindDOCX},
		{"xlsx", "stats.xlsx", mustXLSX(t), KindXLSX},
		{"pptx", "training.pptx", mustPPTX(t), KindPPTX},
		{"odt", "policy.odt", mustODF(t, "application/vnd.oasis.opendocument.text"), KindODT},
		{"ods", "stats.ods", mustODF(t, "application/vnd.oasis.opendocument.spreadsheet"), KindODS},
		{"odp", "slides.odp", mustODF(t, "application/vnd.oasis.opendocument.presentation"), KindODP},
		{"odt with empty basic library index", "x.odt", mustODF(t, "application/vnd.oasis.opendocument.text",
			zipEntry{name: "Basic/script-lc.xml", body: "<library:libraries/>"}), KindODT},
	}
}

func refusedSamples(t testing.TB) []sample {
	html := "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
	pad := strings.Repeat("a", 4000)
	return []sample{
		{"empty", "empty.txt", nil, ""},
		{"html named pdf", "report.pdf", []byte(html), ""},
		{"html with pdf marker inside", "report.pdf", []byte("<html><!-- %PDF-1.4 --><script>x()</script></html>"), ""},
		{"html after bom and spaces", "a.txt", []byte("\xEF\xBB\xBF \r\n\t<!doctype html><p>hi"), ""},
		{"html uppercase", "a.txt", []byte("<HTML><BODY>hi</BODY></HTML>"), ""},
		{"script tag after text", "a.txt", []byte("Hello,\nsee below\n<script src=//evil></script>\n"), ""},
		{"iframe after text", "a.csv", []byte("a,b\n1,<iframe src=x>\n"), ""},
		{"svg", "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), ""},
		{"xml", "data.txt", []byte(`<?xml version="1.0"?><root/>`), ""},
		{"any leading tag", "a.txt", []byte("<p>hi</p>"), ""},
		{"unknown leading tag", "a.txt", []byte("  <x-widget onclick=go()>hi"), ""},
		{"svg after text", "a.txt", []byte("logo follows\n<svg onload=alert(1)>"), ""},
		{"shebang script", "run.txt", []byte("#!/bin/sh\nrm -rf /\n"), ""},
		{"php", "a.txt", []byte("<?php system($_GET['c']); ?>"), ""},
		{"mime message", "mail.txt", []byte("From: a@example.org\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\n--x--\n"), ""},
		{"rtf", "letter.txt", []byte(`{\rtf1\ansi hello}`), ""},
		{"postscript", "a.txt", []byte("%!PS-Adobe-3.0\n"), ""},
		{"plain zip", "archive.zip", mustZip(t, zipEntry{name: "notes.txt", body: "hello"}), ""},
		{"plain zip named docx", "policy.docx", mustZip(t, zipEntry{name: "word/document.xml", body: "<w:document/>"}), ""},
		{"ooxml without main part", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain)},
			zipEntry{name: "evil.exe", body: "MZ"}), ""},
		{"ooxml empty content types", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: `<Types/>`},
			zipEntry{name: "word/document.xml", body: "<w:document/>"}), ""},
		{"ooxml malformed content types", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: `<Types><Override`},
			zipEntry{name: "word/document.xml", body: "<w:document/>"}), ""},
		{"docm macro-enabled", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocmMain)},
			zipEntry{name: "word/document.xml", body: "<w:document/>"}), ""},
		{"docx with vbaProject", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain)},
			zipEntry{name: "word/document.xml", body: "<w:document/>"},
			zipEntry{name: "word/vbaProject.bin", body: "\xD0\xCF\x11\xE0"}), ""},
		{"ooxml of two kinds", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain, "/xl/workbook.xml", ctXlsxMain)},
			zipEntry{name: "word/document.xml", body: "<w:document/>"},
			zipEntry{name: "xl/workbook.xml", body: "<workbook/>"}), ""},
		{"docx with duplicate entry", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain)},
			zipEntry{name: "word/document.xml", body: "<w:document/>"},
			zipEntry{name: "Word/Document.xml", body: "<html/>"}), ""},
		{"docx with encrypted entry", "x.docx", mustZip(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML("/word/document.xml", ctDocxMain)},
			zipEntry{name: "word/document.xml", body: "<w:document/>", flags: 1}), ""},
		{"odt template", "x.odt", mustODF(t, "application/vnd.oasis.opendocument.text-template"), ""},
		{"odg drawing", "x.odt", mustODF(t, "application/vnd.oasis.opendocument.graphics"), ""},
		{"epub", "book.odt", mustODF(t, "application/epub+zip"), ""},
		{"odt with basic macro", "x.odt", mustODF(t, "application/vnd.oasis.opendocument.text",
			zipEntry{name: "Basic/Standard/Module1.xml", body: "<script:module>Shell(\"calc\")</script:module>"}), ""},
		{"odt with compressed mimetype", "x.odt", mustZip(t,
			zipEntry{name: "mimetype", body: "application/vnd.oasis.opendocument.text", method: zip.Deflate},
			zipEntry{name: "META-INF/manifest.xml", body: "<manifest/>"}), ""},
		{"odt without manifest", "x.odt", mustZip(t,
			zipEntry{name: "mimetype", body: "application/vnd.oasis.opendocument.text", method: zip.Store},
			zipEntry{name: "content.xml", body: "<c/>"}), ""},
		{"truncated docx", "x.docx", mustDOCX(t)[:200], ""},
		{"zip claiming 65535 entries", "x.docx", manyEntries(t), ""},
		{"empty zip", "x.zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), ""},
		{"exe", "setup.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF"), make([]byte, 64)...), ""},
		{"exe header with printable bytes", "a.txt", []byte("MZ this program cannot be run in DOS mode"), ""},
		{"elf", "a.txt", []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00"), ""},
		{"mach-o 64", "a.pdf", []byte("\xCF\xFA\xED\xFE\x07\x00\x00\x01\x03\x00\x00\x00"), ""},
		{"mach-o fat", "a.pdf", []byte("\xCA\xFE\xBA\xBE\x00\x00\x00\x02"), ""},
		{"ole2 legacy office", "old.doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), ""},
		{"gif", "a.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ""},
		{"gzip", "a.txt", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"), ""},
		{"text with nul", "a.txt", []byte("hello\x00world"), ""},
		{"text with nul after sniff length", "a.txt", []byte(pad + "\x00"), ""},
		{"text with escape", "a.txt", []byte("hello \x1b[31mred\n"), ""},
		{"invalid utf-8", "a.txt", []byte("caf\xe9 au lait\n"), ""},
		{"invalid utf-8 after sniff length", "a.txt", []byte(pad + "\xff"), ""},
		{"truncated utf-8 at end", "a.txt", []byte("Αθήνα\xCE"), ""},
		{"utf-16 with bom", "a.txt", []byte("\xFF\xFEh\x00i\x00"), ""},
		{"png signature only", "a.png", []byte("\x89PNG\r\n\x1a\nnot a png at all"), ""},
		{"png bad ihdr crc", "a.png", corruptPNG(t), ""},
		{"jpeg signature only", "a.jpg", []byte("\xFF\xD8\xFF\xE0garbage garbage"), ""},
	}
}

// corruptPNG flips a byte in the IHDR chunk so its CRC no longer matches.
func corruptPNG(t testing.TB) []byte {
	p := mustPNG(t, false)
	p[16+3] ^= 0x01 // width
	return p
}

// manyEntries is a docx whose end-of-central-directory record claims 65535
// entries (as a crafted or ZIP64 archive would).
func manyEntries(t testing.TB) []byte {
	d := mustDOCX(t)
	eocd := bytes.LastIndex(d, []byte("PK\x05\x06"))
	d[eocd+8], d[eocd+9], d[eocd+10], d[eocd+11] = 0xFF, 0xFF, 0xFF, 0xFF
	return d
}
