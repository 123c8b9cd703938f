package assessments

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"hotlineportal/models"
)

// validate is the portal's one validator: the domain checks its input
// structs with it, and the server's binder checks every request's input
// with it (through Validate), so a tag means the same everywhere and maps
// to one message.
var validate = newValidator()

// fieldName names a field as the client sent it: its `json` tag, else its
// `form` tag, else its `query` tag ("-" in one means not from that
// source). A struct bound from both JSON and a form uses the same name in
// both tags, so a problem has one name for the API's "fields" and for the
// page's error summary.
func fieldName(f reflect.StructField) string {
	for _, tag := range []string{"json", "form", "query"} {
		if name, _, _ := strings.Cut(f.Tag.Get(tag), ","); name != "" && name != "-" {
			return name
		}
	}
	return ""
}

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(fieldName)
	// Aliases name a rule by what it asks of the person, so it can have
	// its own message.
	v.RegisterAlias("declared", "eq=yes")
	v.RegisterAlias("file_required", "required")
	for tag, fn := range map[string]validator.Func{"date": isDate, "when": isWhen, "role": isRole} {
		if err := v.RegisterValidation(tag, fn); err != nil {
			panic(err)
		}
	}
	return v
}

// isRole accepts the roles of models.Roles, the one list of them.
func isRole(fl validator.FieldLevel) bool {
	return models.Role(fl.Field().String()).Valid()
}

// isDate accepts a calendar date written YYYY-MM-DD, spaces around it
// ignored; a blank value is no date, which "required" refuses where one is
// needed.
func isDate(fl validator.FieldLevel) bool {
	s := strings.TrimSpace(fl.Field().String())
	if s == "" {
		return true
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// isWhen accepts a due date: a calendar date (YYYY-MM-DD, the end of that
// day UTC) or an RFC 3339 time; blank is no date.
func isWhen(fl validator.FieldLevel) bool {
	s := strings.TrimSpace(fl.Field().String())
	if s == "" {
		return true
	}
	_, ok := parseDeadline(s)
	return ok
}

// ParseWhen reads a due date that the "when" tag has checked: nil when
// blank (or unreadable, which the tag refuses first).
func ParseWhen(s string) *time.Time {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	t, ok := parseDeadline(s)
	if !ok {
		return nil
	}
	return &t
}

// Validate checks an input struct's `validate` tags and returns a
// *ValidationError naming each field at fault with a message of the
// catalogue, or nil. It is how the server checks what a request carries,
// with the same validator and messages as the domain.
//
// An input type of this package (HotlineInput, UserInput, AnswerInput,
// ...) is left to the domain function that takes it: that function checks
// the tags and its other rules together, after normalising, so one error
// summary lists every problem at once instead of the tags' first. A server
// struct that embeds one marks the embedded field `validate:"-"` for the
// same reason.
func Validate(v any) error {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || t.PkgPath() == domainPackage {
		return nil
	}
	return checkStruct(v).Err()
}

// domainPackage is this package's import path, for Validate.
var domainPackage = reflect.TypeOf(ValidationError{}).PkgPath()

// checkStruct runs the tag validations and turns each failure into a
// message key of the catalogue.
func checkStruct(input any) *ValidationError {
	verr := &ValidationError{}
	err := validate.Struct(input)
	var fieldErrs validator.ValidationErrors
	if !errors.As(err, &fieldErrs) {
		return verr
	}
	for _, fe := range fieldErrs {
		key, data := messageFor(fe)
		verr.Add(fe.Field(), key, data)
	}
	return verr
}

// messageFor is the one mapping from a failed validation tag to a message
// key of the catalogue and its data.
func messageFor(fe validator.FieldError) (string, map[string]any) {
	switch fe.Tag() {
	case "required", "required_if":
		return "error.required", nil
	case "email":
		return "error.email", nil
	case "max":
		n, _ := strconv.Atoi(fe.Param())
		return "error.too_long", map[string]any{"Max": n}
	case "min":
		n, _ := strconv.Atoi(fe.Param())
		return "error.too_short", map[string]any{"Min": n}
	case "oneof", "role":
		return "error.choose_one", nil
	case "declared":
		return "error.declaration_required", nil
	case "file_required":
		return "error.file_required", nil
	case "date", "when":
		return "error.date", nil
	}
	return "error.invalid", nil
}
