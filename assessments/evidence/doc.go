// Package evidence checks and stores the files that hotline managers upload
// as evidence for accreditation criteria (OWASP ASVS 5.0 chapter 12, file
// handling).
//
// It is a leaf package: no database and no HTTP, so it can be tested and
// fuzzed on its own. The rules it enforces:
//
//   - The type is decided from the CONTENT, never from the name (ASVS
//     12.1.1, 12.2.1). The allow-list is PDF, PNG, JPEG, UTF-8 plain text,
//     CSV, Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods,
//     odp). The name is only a hint to call UTF-8 text "CSV".
//   - ZIP-based documents are confirmed by their structure, read through
//     archive/zip: OOXML must declare exactly one kind of main document part
//     in [Content_Types].xml and contain it; ODF must start with a stored
//     "mimetype" entry naming text, spreadsheet or presentation and have
//     META-INF/manifest.xml. Any other ZIP (plain archives, EPUB, JAR,
//     macro-enabled docm/xlsm/pptm, templates, encrypted entries, duplicate
//     entry names, ODF with Basic or script macros) is refused.
//   - Legacy binary Office (OLE2 .doc/.xls/.ppt) is REFUSED: the format
//     cannot be checked structurally with the standard library, it is the
//     usual carrier of VBA macros, and a password-protected OOXML file is an
//     OLE2 container too, so it could not be scanned either. Managers can
//     save such files as PDF or docx/xlsx/pptx.
//   - Text must be valid UTF-8 in its entirety (not just the first bytes),
//     with no NUL or other C0 control bytes except tab, line feed, form feed
//     and carriage return, and must not look like markup or a script (HTML,
//     XML, SVG, RTF, PHP, PostScript, shebang scripts, MIME messages; any
//     text starting with "<"; well-known HTML tags anywhere in the first
//     3,072 bytes), so no browser or viewer can take it for something
//     active. Text in legacy 8-bit code pages (e.g. Excel's default
//     "CSV" on Windows, cp1253 for Greek) or UTF-16 is refused: managers
//     should save as "CSV UTF-8" or PDF.
//   - The user's file name is never a path: files are stored under random
//     128-bit keys in a directory the caller keeps outside any served folder
//     (ASVS 12.3.1, 12.4.1), with mode 0600, and CleanFilename makes the
//     original name safe to display.
//   - Size is limited while streaming (ErrTooLarge), and the SHA-256 of the
//     stored bytes is returned so it can be recorded and shown to reviewers.
package evidence
