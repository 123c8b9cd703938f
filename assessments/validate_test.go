package assessments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
	"hotlineportal/assessments/framework"
)

// An input of the kind the server binds: JSON and form names alike, a
// query field, and the rules with messages of their own.
type probeInput struct {
	Name    string `json:"name" form:"name" validate:"required,max=3"`
	Role    string `json:"role" form:"role" validate:"omitempty,oneof=manager reviewer"`
	Confirm string `form:"confirm" validate:"declared"`
	File    *int   `json:"-" form:"file" validate:"file_required"`
	Until   string `query:"until" validate:"date"`
	Email   string `json:"email" validate:"omitempty,email"`
	Short   string `json:"short" validate:"omitempty,min=4"`
	Code    string `json:"code" validate:"omitempty,alpha"`
}

// Each rule maps to one message key, and each problem is named as the
// client named the field.
func TestValidateNamesAndMessages(t *testing.T) {
	err := assessments.Validate(&probeInput{Name: "Anna", Role: "boss", Until: "31.12.2026", Email: "x", Short: "ab", Code: "a1"})
	var verr *assessments.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v", err)
	}
	want := map[string]string{
		"name":    "error.too_long",
		"role":    "error.choose_one",
		"confirm": "error.declaration_required",
		"file":    "error.file_required",
		"until":   "error.date",
		"email":   "error.email",
		"short":   "error.too_short",
		"code":    "error.invalid",
	}
	for field, key := range want {
		if got := verr.Fields[field].Key; got != key {
			t.Errorf("%s: %q, want %q", field, got, key)
		}
	}
	if len(verr.Fields) != len(want) {
		t.Errorf("fields %v", verr.Fields)
	}
	if verr.Fields["name"].Data["Max"] != 3 || verr.Fields["short"].Data["Min"] != 4 {
		t.Errorf("data %v %v", verr.Fields["name"].Data, verr.Fields["short"].Data)
	}
	one := 1
	if err := assessments.Validate(&probeInput{Name: "Ann", Confirm: "yes", File: &one, Until: " 2026-12-31 "}); err != nil {
		t.Fatalf("valid input: %v", err)
	}
}

// The domain's own inputs are checked by the functions that take them,
// every rule at once; Validate leaves them be.
func TestValidateLeavesDomainInputs(t *testing.T) {
	for _, v := range []any{&assessments.HotlineInput{}, &assessments.UserInput{Email: "x"}, assessments.HotlineInput{}} {
		if err := assessments.Validate(v); err != nil {
			t.Errorf("%T: %v", v, err)
		}
	}
	if err := assessments.Validate(nil); err != nil {
		t.Errorf("nil: %v", err)
	}
}

// A framework file over the size limit is refused before it is parsed,
// on its field.
func TestFrameworkFileTooLarge(t *testing.T) {
	env := domaintest.New(t, nil)
	_, err := env.Svc.PreviewFramework(context.Background(), env.Actor(domaintest.Secretariat), []byte(strings.Repeat("#", framework.MaxFileSize+1)))
	var verr *assessments.ValidationError
	if !errors.As(err, &verr) || verr.Fields["file"].Key != "error.framework.too_large" {
		t.Fatalf("got %v", err)
	}
}
