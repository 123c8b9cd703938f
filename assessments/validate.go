package assessments

import (
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
)

// validate checks the `validate` tags of input structs; errors are named by
// the `json` tag, which is also the HTML form field name.
var validate = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}

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
	case "oneof":
		return "error.choose_one", nil
	}
	return "error.invalid", nil
}
