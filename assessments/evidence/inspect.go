package evidence

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
)

// headLen is how many leading bytes Inspect reads for signature checks
// and looks for markup in.
const headLen = 3072

// ErrTypeNotAllowed is returned (possibly wrapped with a reason) when a
// file's content is not one of the allowed types, whatever its name says.
// Callers test for it with errors.Is and answer 415; the reason is for logs.
var ErrTypeNotAllowed = errors.New("evidence: file type not allowed")

// Kinds of accepted files, as found in Info.Kind. They are short, stable
// names the rest of the portal can store and switch on.
const (
	KindPDF  = "pdf"
	KindPNG  = "png"
	KindJPEG = "jpeg"
	KindText = "text"
	KindCSV  = "csv"
	KindDOCX = "docx"
	KindXLSX = "xlsx"
	KindPPTX = "pptx"
	KindODT  = "odt"
	KindODS  = "ods"
	KindODP  = "odp"
)

// kindInfo is the single source of truth for the allow-list: a kind and
// the Content-Type a download is served with.
var kindInfo = map[string]struct{ contentType string }{
	KindPDF:  {"application/pdf"},
	KindPNG:  {"image/png"},
	KindJPEG: {"image/jpeg"},
	KindText: {"text/plain; charset=utf-8"},
	KindCSV:  {"text/csv; charset=utf-8"},
	KindDOCX: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	KindXLSX: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	KindPPTX: {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	KindODT:  {"application/vnd.oasis.opendocument.text"},
	KindODS:  {"application/vnd.oasis.opendocument.spreadsheet"},
	KindODP:  {"application/vnd.oasis.opendocument.presentation"},
}

// Info is the verdict on an accepted file: the Content-Type to record and
// serve it with, and its Kind (one of the Kind constants). It comes from the
// content, so it may disagree with the name the user gave.
type Info struct {
	ContentType string
	Kind        string
}

func infoFor(kind string) Info {
	return Info{ContentType: kindInfo[kind].contentType, Kind: kind}
}

// readError reports a short read (a ReaderAt must give a reason, but a
// file that shrank may still give none).
func readError(err error) error {
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("evidence: reading file: %w", err)
}

func refuse(reason string) error {
	return fmt.Errorf("%w: %s", ErrTypeNotAllowed, reason)
}

// Inspect decides whether the file of the given size readable through r is
// of an allowed type, looking at its content: signatures and image headers,
// the structure of ZIP-based documents, and the whole file for text. The
// filename is only a hint that UTF-8 text is CSV; it never makes anything
// acceptable. A refused file gives an error for which
// errors.Is(err, ErrTypeNotAllowed) holds; other errors come from reading r.
func Inspect(r io.ReaderAt, size int64, filename string) (Info, error) {
	if size <= 0 {
		return Info{}, refuse("empty file")
	}
	head := make([]byte, min(size, headLen))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return Info{}, readError(err)
	}
	whole := io.NewSectionReader(r, 0, size)
	switch {
	case bytes.HasPrefix(head, sigPDF):
		// Only at offset 0: mimetype (and Acrobat) accept "%PDF-" anywhere
		// in the first KiB, which lets an HTML page pass as a PDF.
		return infoFor(KindPDF), nil
	case bytes.HasPrefix(head, sigPNG):
		if err := imageHeader(whole, false); err != nil {
			return Info{}, err
		}
		return infoFor(KindPNG), nil
	case bytes.HasPrefix(head, sigJPEG):
		if err := imageHeader(whole, true); err != nil {
			return Info{}, err
		}
		return infoFor(KindJPEG), nil
	case bytes.HasPrefix(head, sigZIP):
		return inspectZip(r, size, head)
	case bytes.HasPrefix(head, sigOLE):
		return Info{}, refuse("legacy OLE2 Office document")
	}
	return inspectText(whole, head, filename)
}

var (
	sigPDF  = []byte("%PDF-")
	sigPNG  = []byte("\x89PNG\r\n\x1a\n")
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
	sigZIP  = []byte("PK\x03\x04")
	sigOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// imageHeader parses the PNG or JPEG header (dimensions, colour model) to
// confirm the signature is not just four lucky bytes. Pixels are not decoded.
func imageHeader(r io.Reader, isJPEG bool) error {
	var err error
	if isJPEG {
		_, err = jpeg.DecodeConfig(r)
		// A valid JPEG using a feature Go does not implement
		// (arithmetic coding, lossless, 12-bit) is still a JPEG.
		var unsupported jpeg.UnsupportedError
		if errors.As(err, &unsupported) {
			err = nil
		}
	} else {
		_, err = png.DecodeConfig(r)
	}
	if err != nil {
		return refuse("damaged image header")
	}
	return nil
}

// Limits for reading inside ZIP files: the archive itself is bounded by the
// upload limit, but entries could be compression bombs.
const (
	maxZipEntries     = 20000
	maxContentTypes   = 1 << 20
	maxODFMimetypeLen = 100
)

var odfKinds = map[string]string{
	"application/vnd.oasis.opendocument.text":         KindODT,
	"application/vnd.oasis.opendocument.spreadsheet":  KindODS,
	"application/vnd.oasis.opendocument.presentation": KindODP,
}

// OOXML main-part content types. Macro-enabled (application/vnd.ms-*) and
// template or slideshow variants are deliberately absent.
var ooxmlMainKinds = map[string]string{
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml":   KindDOCX,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml":         KindXLSX,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": KindPPTX,
}

func inspectZip(r io.ReaderAt, size int64, head []byte) (Info, error) {
	if n, err := zipEntryCount(r, size); err != nil {
		return Info{}, err
	} else if n > maxZipEntries {
		return Info{}, refuse("ZIP with too many entries")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Info{}, refuse("unreadable ZIP")
	}
	if len(zr.File) == 0 || len(zr.File) > maxZipEntries {
		return Info{}, refuse("ZIP with no or too many entries")
	}
	byName := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		if f.Flags&0x1 != 0 {
			return Info{}, refuse("encrypted ZIP entry")
		}
		// OPC part names are case-insensitive; two entries that differ only
		// by case (or not at all) would be read differently by different
		// programs, which is how ZIP polyglots hide content.
		name := strings.ToLower(f.Name)
		if _, dup := byName[name]; dup {
			return Info{}, refuse("duplicate ZIP entry names")
		}
		byName[name] = f
	}
	// ODF: the first local file header is the stored "mimetype" entry, so
	// its name sits at offset 30 of the file.
	if len(head) >= 38 && string(head[26:28]) == "\x08\x00" && string(head[30:38]) == "mimetype" {
		return inspectODF(zr, byName)
	}
	return inspectOOXML(byName)
}

// zipEntryCount reads the entry count from the end-of-central-directory
// record, so that a crafted archive of tiny entries is refused before
// archive/zip allocates a header for each. ZIP64 archives report 0xFFFF,
// which is over the limit: evidence documents are never that large.
func zipEntryCount(r io.ReaderAt, size int64) (int, error) {
	const eocdLen = 22
	tail := make([]byte, min(size, eocdLen+0xFFFF))
	if n, err := r.ReadAt(tail, size-int64(len(tail))); n < len(tail) {
		return 0, readError(err)
	}
	for i := len(tail) - eocdLen; i >= 0; i-- {
		if string(tail[i:i+4]) != "PK\x05\x06" {
			continue
		}
		comment := int(tail[i+20]) | int(tail[i+21])<<8
		if i+eocdLen+comment > len(tail) {
			continue
		}
		return int(tail[i+10]) | int(tail[i+11])<<8, nil
	}
	return 0, refuse("unreadable ZIP")
}

func inspectODF(zr *zip.Reader, byName map[string]*zip.File) (Info, error) {
	first := zr.File[0]
	if first.Name != "mimetype" || first.Method != zip.Store || first.UncompressedSize64 > maxODFMimetypeLen {
		return Info{}, refuse("malformed OpenDocument mimetype entry")
	}
	data, err := readEntry(first, maxODFMimetypeLen)
	if err != nil {
		return Info{}, refuse("unreadable OpenDocument mimetype entry")
	}
	kind, ok := odfKinds[string(data)]
	if !ok {
		return Info{}, refuse("OpenDocument type not allowed")
	}
	if _, ok := byName["meta-inf/manifest.xml"]; !ok {
		return Info{}, refuse("OpenDocument without manifest")
	}
	for _, f := range zr.File {
		if odfMacro(f.Name) {
			return Info{}, refuse("OpenDocument with macros")
		}
	}
	return infoFor(kind), nil
}

// odfMacro reports whether an ODF entry holds Basic or script code. The
// library index files (script-lc.xml, dialog-lb.xml, ...) that LibreOffice
// may write without any macro are not code.
func odfMacro(name string) bool {
	lower := strings.ToLower(name)
	if !strings.HasPrefix(lower, "basic/") && !strings.HasPrefix(lower, "scripts/") {
		return false
	}
	if strings.HasSuffix(lower, "/") {
		return false
	}
	switch path.Base(lower) {
	case "script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml":
		return false
	}
	return true
}

// contentTypes is [Content_Types].xml of an OPC package.
type contentTypes struct {
	XMLName  xml.Name `xml:"Types"`
	Defaults []struct {
		Extension   string `xml:"Extension,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		PartName    string `xml:"PartName,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

func inspectOOXML(byName map[string]*zip.File) (Info, error) {
	ctFile, ok := byName["[content_types].xml"]
	if !ok {
		return Info{}, refuse("ZIP that is not an Office or OpenDocument file")
	}
	data, err := readEntry(ctFile, maxContentTypes)
	if err != nil {
		return Info{}, refuse("unreadable [Content_Types].xml")
	}
	var ct contentTypes
	if err := xml.Unmarshal(data, &ct); err != nil {
		return Info{}, refuse("malformed [Content_Types].xml")
	}
	defaults := map[string]string{}
	for _, d := range ct.Defaults {
		defaults[strings.ToLower(d.Extension)] = strings.ToLower(strings.TrimSpace(d.ContentType))
		if macroType(d.ContentType) {
			return Info{}, refuse("Office document with macros")
		}
	}
	overrides := map[string]string{}
	for _, o := range ct.Overrides {
		part := strings.ToLower(strings.TrimPrefix(o.PartName, "/"))
		overrides[part] = strings.ToLower(strings.TrimSpace(o.ContentType))
		if macroType(o.ContentType) {
			return Info{}, refuse("Office document with macros")
		}
	}
	// The kind is that of the main document part(s) actually present: an
	// Override naming a part that is not in the ZIP proves nothing.
	kind := ""
	for name := range byName {
		if path.Base(name) == "vbaproject.bin" {
			return Info{}, refuse("Office document with macros")
		}
		t, ok := overrides[name]
		if !ok {
			if ext := path.Ext(name); ext != "" {
				t = defaults[ext[1:]]
			}
		}
		k, ok := ooxmlMainKinds[t]
		if !ok {
			continue
		}
		if kind != "" && kind != k {
			return Info{}, refuse("Office package with main documents of several kinds")
		}
		kind = k
	}
	if kind == "" {
		return Info{}, refuse("Office package without an allowed main document")
	}
	return infoFor(kind), nil
}

func macroType(contentType string) bool {
	t := strings.ToLower(contentType)
	return strings.Contains(t, "macroenabled") || strings.Contains(t, "vbaproject")
}

// readEntry reads a ZIP entry, refusing more than max bytes whatever the
// header claims.
func readEntry(f *zip.File, max int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(max) {
		return nil, errors.New("entry too large")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errors.New("entry too large")
	}
	return data, nil
}

// Text ---------------------------------------------------------------------

// markupTags are refused anywhere in the first bytes of a text file (ASCII,
// compared case-insensitively), so that no viewer or browser sniffing can
// render it as a page or image with script.
var markupTags = []string{
	"<!doctype", "<html", "<head", "<body", "<script", "<iframe", "<frame",
	"<svg", "<?xml", "<object", "<embed", "<meta", "<style", "<link",
	"<img", "<form", "<base", "<math", "<xml", "<?php", "<a href",
}

// textStarts are refused at the start of a text file (after BOM and spaces):
// markup of any kind, scripts, RTF (which Word opens, embedded objects and
// all) and PostScript.
var textStarts = []string{"<", "#!", "{\\rtf", "%!"}

func looksActive(head []byte) bool {
	t := head
	for {
		t = bytes.TrimLeft(t, " \t\r\n\f\v")
		if !bytes.HasPrefix(t, []byte("\xEF\xBB\xBF")) {
			break
		}
		t = t[3:]
	}
	for _, s := range textStarts {
		if bytes.HasPrefix(t, []byte(s)) {
			return true
		}
	}
	lower := bytes.ToLower(head)
	for _, tag := range markupTags {
		if bytes.Contains(lower, []byte(tag)) {
			return true
		}
	}
	return false
}

// textTypeAllowed reports whether mimetype's verdict on the head is plain
// text or a harmless text format. Its other text subtypes (HTML, XML, SVG,
// scripts, RTF...) and every binary type are refused; this also catches an
// "MZ" header followed by printable bytes. An e-mail copied as text (From:,
// To:, Subject: lines) is plain text, but a MIME message is a container
// (HTML parts, base64 attachments, MHTML pages) and is refused.
func textTypeAllowed(m *mimetype.MIME, head []byte) bool {
	for _, t := range []string{"text/plain", "text/csv", "text/tab-separated-values", "application/x-ndjson"} {
		if m.Is(t) {
			return true
		}
	}
	if m.Is("message/rfc822") {
		return !bytes.Contains(bytes.ToLower(head), []byte("mime-version:"))
	}
	for p := m; p != nil; p = p.Parent() {
		if p.Is("application/json") {
			return true
		}
	}
	return false
}

func inspectText(r io.Reader, head []byte, filename string) (Info, error) {
	m := mimetype.Detect(head)
	if !textTypeAllowed(m, head) {
		return Info{}, refuse("content detected as " + m.String())
	}
	if looksActive(head) {
		return Info{}, refuse("text that looks like markup or a script")
	}
	if err := checkText(r); err != nil {
		return Info{}, err
	}
	if m.Is("text/csv") || strings.HasSuffix(strings.ToLower(strings.TrimSpace(filename)), ".csv") {
		return infoFor(KindCSV), nil
	}
	return infoFor(KindText), nil
}

// checkText streams the whole file: valid UTF-8 and no control bytes other
// than tab, line feed, form feed and carriage return.
func checkText(r io.Reader) error {
	buf := make([]byte, 64<<10)
	carry := 0
	for {
		n, err := io.ReadFull(r, buf[carry:])
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return fmt.Errorf("evidence: reading file: %w", err)
		}
		chunk := buf[:carry+n]
		tail := incompleteTail(chunk)
		if eof {
			tail = 0 // an incomplete last character is invalid
		}
		body := chunk[:len(chunk)-tail]
		if !utf8.Valid(body) {
			return refuse("text that is not valid UTF-8")
		}
		for _, b := range body {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' {
				return refuse("text with control bytes")
			}
		}
		if eof {
			return nil
		}
		carry = copy(buf, chunk[len(chunk)-tail:])
	}
}

// incompleteTail is the length of a multi-byte UTF-8 sequence at the end of
// b that has started but not finished (0 if none): a chunk boundary may
// cut a character, which the next chunk completes.
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return len(b) - i
			}
			return 0
		}
	}
	return 0
}
