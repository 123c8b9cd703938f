package server

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// Every variable the loader reads is in the Settings table, and every row
// of the table is read: help, README and loader share one list.
func TestSettingsTableIsWhatTheLoaderReads(t *testing.T) {
	var read []string
	_, err := LoadConfig(func(name string) (string, bool) {
		if !slices.Contains(read, name) {
			read = append(read, name)
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Settings {
		if !slices.Contains(read, s.Name) {
			t.Errorf("%s is in the table but the loader never reads it", s.Name)
		}
	}
	for _, name := range read {
		if !slices.ContainsFunc(Settings, func(s Setting) bool { return s.Name == name }) {
			t.Errorf("the loader reads %s, which the table lacks", name)
		}
	}
}

// The README's configuration table is the Settings table, row for row.
func TestReadmeListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	want.WriteString("| Variable | Default | Meaning |\n|---|---|---|\n")
	for _, s := range Settings {
		def := s.DefaultShown()
		if s.DefaultText == "" && s.Default != "" {
			def = "`" + def + "`"
		}
		want.WriteString("| `" + s.Name + "` | " + def + " | " + s.Meaning + " |\n")
	}
	if !strings.Contains(string(readme), want.String()) {
		t.Errorf("the README's configuration table differs from the Settings table; it should read:\n\n%s", want.String())
	}
}
