package credential

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// StatusListSize is the number of entries of each list: the W3C minimum,
// so that one set bit hides among at least 131,072 certificates.
const StatusListSize = 131072

// Status purposes.
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
)

// Bitstring is a status list's bits; index 0 is the first byte's most
// significant bit.
type Bitstring []byte

// NewBitstring is a list of size entries, all clear.
func NewBitstring(size int) Bitstring { return make(Bitstring, (size+7)/8) }

// Set sets or clears the bit at i.
func (b Bitstring) Set(i int, on bool) {
	if on {
		b[i/8] |= 0x80 >> (i % 8)
	} else {
		b[i/8] &^= 0x80 >> (i % 8)
	}
}

// Get reads the bit at i.
func (b Bitstring) Get(i int) bool { return i >= 0 && i/8 < len(b) && b[i/8]&(0x80>>(i%8)) != 0 }

// Encode is the encodedList: multibase base64url (no padding, prefix "u")
// of the GZIP-compressed bits.
func (b Bitstring) Encode() string {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// DecodeBitstring reads an encodedList back.
func DecodeBitstring(s string) (Bitstring, error) {
	if !strings.HasPrefix(s, "u") {
		return nil, errors.New("credential: encodedList is not multibase base64url")
	}
	raw, err := base64.RawURLEncoding.DecodeString(s[1:])
	if err != nil {
		return nil, fmt.Errorf("credential: encodedList: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("credential: encodedList: %w", err)
	}
	bits, err := io.ReadAll(io.LimitReader(zr, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("credential: encodedList: %w", err)
	}
	return bits, nil
}

// StatusList is a BitstringStatusListCredential's content.
type StatusList struct {
	URL, Issuer, Purpose string
	ValidFrom            time.Time
	Bits                 Bitstring
}

// Document is the unsigned BitstringStatusListCredential.
func (l StatusList) Document() Document {
	return Document{
		"@context":  []any{ContextCredentialsV2},
		"id":        l.URL,
		"type":      []any{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    l.Issuer,
		"validFrom": xsdTime(l.ValidFrom),
		"credentialSubject": Document{
			"id": l.URL + "#list", "type": "BitstringStatusList",
			"statusPurpose": l.Purpose, "encodedList": l.Bits.Encode(),
		},
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
