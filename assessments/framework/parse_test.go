package framework

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// validFile is a small, valid framework that the error tests break one way
// at a time.
const validFile = `code: test-framework
version: "1.0"
title: {en: Test framework, fr: Référentiel de test}
languages: [en, fr]
scale:
  - {score: 0, label: {en: Absent, fr: Absent}, descriptor: {en: Nothing.}}
  - {score: 1, label: {en: Initial, fr: Initial}, descriptor: {en: A start.}}
  - {score: 2, label: {en: Partial, fr: Partiel}, descriptor: {en: Half done.}}
  - {score: 3, label: {en: Met, fr: Satisfait}, descriptor: {en: Done.}}
  - {score: 4, label: {en: Exemplary, fr: Exemplaire}, descriptor: {en: A model.}}
rules:
  pass_score: 3
  conditional_score: 2
  max_conditional_mandatory: 5
  desirable_threshold_percent: 60
  disagreement_gap: 2
sections:
  - code: LEG
    title: {en: Legal, fr: Juridique}
    criteria:
      - code: LEG-01
        title:
          en: Right to operate
          fr: Droit d'exploiter
        guidance:
          en: >
            Holds a valid assignment
            of the number.
        evidence: {en: Licence.}
        mandatory: true
        critical: true
        channels: [phone]
  - code: CHT
    title: {en: Chat, fr: Chat}
    criteria:
      - code: CHT-01
        title: {en: Text channel, fr: Canal écrit}
        guidance: {en: Offers chat.}
        evidence: {en: Screenshot.}
        mandatory: false
        channels: [chat, sms]
`

func TestParseValid(t *testing.T) {
	t.Parallel()
	f, err := Parse([]byte(validFile))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	c, ok := f.Criterion("LEG-01")
	if !ok || c.Guidance["en"] != "Holds a valid assignment of the number." {
		t.Errorf("LEG-01 guidance = %q (block text should be trimmed)", c.Guidance["en"])
	}
	if got, lang := c.Evidence.In("fr"); got != "Licence." || lang != "en" {
		t.Errorf("evidence fallback = %q, %q", got, lang)
	}
	if len(f.Criteria()) != 2 || f.Rules.PassScore != 3 || len(f.Scale) != 5 {
		t.Errorf("unexpected content: %+v", f)
	}
}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	src := fmt.Sprintf(`{
  "code": "json-test",
  "version": "2",
  "title": {"en": "JSON", "fr": "JSON"},
  "languages": ["en", "fr"],
  "scale": %s,
  "rules": {"pass_score": 3, "conditional_score": 2, "max_conditional_mandatory": 5,
            "desirable_threshold_percent": 60, "disagreement_gap": 2},
  "sections": [{"code": "AWR", "title": {"en": "A", "fr": "A"}, "criteria": [
    {"code": "AWR-01", "title": {"en": "T", "fr": "T"}, "guidance": {"en": "G"},
     "evidence": {"en": "E"}, "mandatory": false, "channels": ["fax"]}]}]
}`, mustJSON(t, f.Scale))
	_, err := Parse([]byte(src))
	p := onlyProblem(t, err)
	if p.Field != "sections[0].criteria[0].channels[0]" || p.Line != 11 {
		t.Errorf("problem = %v, want line 11 on channels[0]", p)
	}
}

// TestParseErrors breaks the valid file one way at a time and checks that
// the single problem names the right line and field.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		old, new string // replace old with new in validFile
		line     string // text found on the line the problem must name
		field    string
		message  string
	}{
		{"unknown field", "        critical: true\n", "        critical: true\n        colour: red\n",
			"colour: red", "sections[0].criteria[0].colour", `unknown field "colour"`},
		{"missing English title", "          en: Right to operate\n", "",
			"        title:\n          fr: Droit", "sections[0].criteria[0].title.en", "English text is required"},
		{"missing French title", "{en: Text channel, fr: Canal écrit}", "{en: Text channel}",
			"Text channel", "sections[1].criteria[0].title.fr", `text in "fr"`},
		{"undeclared language", "{en: Text channel, fr: Canal écrit}", "{en: Text channel, fr: Canal écrit, de: Textkanal}",
			"Text channel", "sections[1].criteria[0].title.de", `"de" is not listed`},
		{"bad channel", "channels: [chat, sms]", "channels: [chat, fax]",
			"[chat, fax]", "sections[1].criteria[0].channels[1]", `unknown channel "fax"`},
		{"all with others", "channels: [chat, sms]", "channels: [chat, all]",
			"[chat, all]", "sections[1].criteria[0].channels[1]", "on its own"},
		{"no channels", "        channels: [chat, sms]\n", "",
			"- code: CHT-01", "sections[1].criteria[0].channels", "at least one channel"},
		{"duplicate code", "code: CHT-01", "code: LEG-01",
			"- code: LEG-01\n        title: {en: Text", "sections[1].criteria[0].code", "already used at sections[0].criteria[0] (line 21)"},
		{"code outside its section", "code: CHT-01", "code: LEG-02",
			"- code: LEG-02", "sections[1].criteria[0].code", "must start with CHT-"},
		{"malformed code", "code: CHT-01", "code: chat 1",
			"- code: chat 1", "sections[1].criteria[0].code", "not a valid criterion code"},
		{"duplicate section", "  - code: CHT\n    title: {en: Chat, fr: Chat}\n    criteria:\n      - code: CHT-01\n",
			"  - code: LEG\n    title: {en: Chat, fr: Chat}\n    criteria:\n      - code: LEG-02\n",
			"  - code: LEG\n    title: {en: Chat", "sections[1].code", "already used"},
		{"scale score out of order", "{score: 4, label: {en: Exemplary", "{score: 5, label: {en: Exemplary",
			"score: 5", "scale[4].score", "expected score 4 here"},
		{"scale too short", "  - {score: 4, label: {en: Exemplary, fr: Exemplaire}, descriptor: {en: A model.}}\n", "",
			"scale:", "scale", "exactly 5 levels"},
		{"scale score missing", "{score: 2, label:", "{label:",
			"{en: Partial", "scale[2].score", "required but missing"},
		{"YAML syntax error", "title: {en: Legal, fr: Juridique}", "title: Legal: Juridique",
			"title: Legal: Juridique", "", "YAML syntax error"},
		// The parser notices a missing brace where the next token starts.
		{"unclosed brace", "title: {en: Legal, fr: Juridique}", "title: {en: Legal, fr: Juridique",
			"    criteria:\n      - code: LEG-01", "", "',' or '}' must be specified"},
		{"tab indentation", "  pass_score: 3\n", "\tpass_score: 3\n",
			"\tpass_score", "", "YAML syntax error"},
		{"critical but not mandatory", "        mandatory: true\n", "        mandatory: false\n",
			"critical: true", "sections[0].criteria[0].critical", "critical but not mandatory"},
		{"mandatory missing", "        mandatory: false\n", "",
			"- code: CHT-01", "sections[1].criteria[0].mandatory", "required but missing"},
		{"mandatory as text", "        mandatory: false\n", "        mandatory: no\n",
			"mandatory: no", "sections[1].criteria[0].mandatory", "must be true or false, not text"},
		{"unquoted version", `version: "1.0"`, "version: 1.0",
			"version: 1.0", "version", "put it in quotes"},
		{"pass score too high", "pass_score: 3", "pass_score: 7",
			"pass_score: 7", "rules.pass_score", "between 1 and 4"},
		{"conditional not below pass", "conditional_score: 2", "conditional_score: 3",
			"conditional_score: 3", "rules.conditional_score", "below pass_score"},
		{"rule missing", "  disagreement_gap: 2\n", "",
			"rules:", "rules.disagreement_gap", "required but missing"},
		{"English not declared", "languages: [en, fr]", "languages: [fr]",
			"languages: [fr]", "languages", "must include en"},
		{"empty section", "    criteria:\n      - code: CHT-01\n        title: {en: Text channel, fr: Canal écrit}\n        guidance: {en: Offers chat.}\n        evidence: {en: Screenshot.}\n        mandatory: false\n        channels: [chat, sms]\n", "    criteria: []\n",
			"criteria: []", "sections[1].criteria", "at least one criterion"},
		{"anchor", "title: {en: Chat, fr: Chat}", "title: &t {en: Chat, fr: Chat}",
			"&t", "sections[1].title", "anchors, aliases"},
		{"section is a list", "  - code: CHT\n    title: {en: Chat, fr: Chat}\n", "  - [CHT]\n  - code: CHT\n    title: {en: Chat, fr: Chat}\n",
			"[CHT]", "sections[1]", "must be a set of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !strings.Contains(validFile, tt.old) {
				t.Fatalf("test setup: %q not in validFile", tt.old)
			}
			src := strings.Replace(validFile, tt.old, tt.new, 1)
			_, err := Parse([]byte(src))
			p := onlyProblem(t, err)
			if want := lineContaining(t, src, tt.line); p.Line != want {
				t.Errorf("line = %d, want %d (%v)", p.Line, want, p)
			}
			if p.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", p.Field, tt.field, p)
			}
			if !strings.Contains(p.Message, tt.message) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.message)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	t.Parallel()
	src := strings.NewReplacer(
		"version: \"1.0\"", "version: \"1.0\"\nowner: MCE",
		"channels: [chat, sms]", "channels: [chat, fax]",
		"        mandatory: true\n", "        mandatory: false\n",
	).Replace(validFile)
	_, err := Parse([]byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *ParseError", err)
	}
	want := []string{"owner", "sections[0].criteria[0].critical", "sections[1].criteria[0].channels[1]"}
	if len(pe.Problems) != len(want) {
		t.Fatalf("problems = %v, want %d", pe.Problems, len(want))
	}
	for i, p := range pe.Problems {
		if p.Field != want[i] {
			t.Errorf("problem %d field = %q, want %q", i, p.Field, want[i])
		}
		if i > 0 && p.Line < pe.Problems[i-1].Line {
			t.Errorf("problems not sorted by line: %v", pe.Problems)
		}
	}
	first := pe.Problems[0]
	if !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d: owner: unknown field", first.Line)) || strings.Count(err.Error(), "\n") != 2 {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestParseWholeFileProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, message string
		line               int
	}{
		{"empty", "", "the file is empty", 1},
		{"comment only", "# nothing\n", "the file is empty", 1},
		{"list", "- a\n- b\n", "must be a set of fields", 1},
		{"two documents", "code: a\n---\ncode: b\n", "exactly one", 2},
		{"too large", strings.Repeat("#", MaxFileSize+1), "the limit is", 1},
		{"unclosed quote", "code: a\nversion: \"1\ntitle: {en: x}\n", "YAML syntax error", 2},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src))
		var pe *ParseError
		if !errors.As(err, &pe) || len(pe.Problems) == 0 {
			t.Errorf("%s: err = %v, want *ParseError", tt.name, err)
			continue
		}
		p := pe.Problems[0]
		if p.Line != tt.line || !strings.Contains(p.Message, tt.message) {
			t.Errorf("%s: first problem = %v, want line %d with %q", tt.name, p, tt.line, tt.message)
		}
	}
}

func TestParseCapsProblems(t *testing.T) {
	t.Parallel()
	bad := strings.Repeat("fax, ", 150)
	src := strings.Replace(validFile, "channels: [chat, sms]", "channels: ["+bad+"chat]", 1)
	_, err := Parse([]byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if len(pe.Problems) != maxProblems+1 || !strings.Contains(pe.Problems[maxProblems].Message, "more problems") {
		t.Errorf("got %d problems, last %v", len(pe.Problems), pe.Problems[len(pe.Problems)-1])
	}
}

// onlyProblem asserts that err is a *ParseError with exactly one problem.
func onlyProblem(t *testing.T, err error) Problem {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *ParseError", err)
	}
	if len(pe.Problems) != 1 {
		t.Fatalf("want 1 problem, got %d:\n%v", len(pe.Problems), err)
	}
	return pe.Problems[0]
}

// lineContaining returns the 1-based line on which text starts in src.
func lineContaining(t *testing.T, src, text string) int {
	t.Helper()
	i := strings.Index(src, text)
	if i < 0 {
		t.Fatalf("test setup: %q not in source", text)
	}
	return strings.Count(src[:i], "\n") + 1
}
