package assessments

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password length limits (ASVS 2.1.1, 2.1.2): counted in characters, not
// bytes, so a Greek password is not penalised. No composition rules.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

// Argon2Params are the argon2id cost parameters, kept in each hash so they
// can be raised later without breaking old hashes.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 is the first row of OWASP's Password Storage Cheat Sheet
// for argon2id: 19 MiB, 2 passes, 1 lane. The sheet's rows (46 MiB x 1
// pass ... 7 MiB x 5 passes) give an attacker the same cost per guess;
// this one takes 29 ms on one core here, a third of the memory of the
// 64 MiB used before for the same defence, so three times as many
// sign-ins fit in the same memory. One lane, because the hashing pool
// already runs one hash per core. Hashes keep their parameters, and an
// older hash is replaced at the next successful sign-in.
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// common_passwords.txt: the 10,000 most frequent passwords of 12 characters
// or more from the OWASP SecLists "10 million passwords" list (CC BY-SA 3.0).
//
//go:embed common_passwords.txt
var commonPasswordsFile []byte

var (
	commonOnce      sync.Once
	commonPasswords map[string]struct{}
)

func isCommonPassword(pw string) bool {
	commonOnce.Do(func() {
		commonPasswords = make(map[string]struct{}, 10100)
		sc := bufio.NewScanner(bytes.NewReader(commonPasswordsFile))
		for sc.Scan() {
			commonPasswords[sc.Text()] = struct{}{}
		}
	})
	_, found := commonPasswords[strings.ToLower(pw)]
	return found
}

// CheckPasswordPolicy says what is wrong with a new password, if anything.
func CheckPasswordPolicy(pw string, field string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return invalidWith(field, "error.password.too_short", map[string]any{"Min": MinPasswordLength})
	case n > MaxPasswordLength:
		return invalidWith(field, "error.password.too_long", map[string]any{"Max": MaxPasswordLength})
	case isCommonPassword(pw):
		return Invalid(field, "error.password.common")
	}
	return nil
}

func invalidWith(field, key string, data map[string]any) error {
	v := &ValidationError{}
	v.Add(field, key, data)
	return v
}

// HashPassword makes an argon2id PHC string with a random 16-byte salt.
func HashPassword(pw string, p Argon2Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// hashParams reads the parameters of a PHC string.
func hashParams(encoded string) (Argon2Params, bool) {
	parts := strings.Split(encoded, "$")
	var p Argon2Params
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, false
	}
	return p, true
}

// needsRehash tells whether a stored hash was made with other parameters
// than the current ones.
func needsRehash(encoded string, current Argon2Params) bool {
	p, ok := hashParams(encoded)
	return !ok || p != current
}

// VerifyPassword checks pw against a PHC string in constant time. A
// malformed hash never matches.
func VerifyPassword(pw, encoded string) bool {
	p, ok := hashParams(encoded)
	if !ok {
		return false
	}
	parts := strings.Split(encoded, "$")
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
