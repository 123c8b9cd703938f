package credential

import "time"

// Badge is what an accreditation credential says, in plain values.
type Badge struct {
	ID         string // the credential's own URL
	Issuer     string // the portal's DID
	IssuerName string
	Subject    string // the certificate's public verify URL
	Name       string // of the credential
	Achievement
	ValidFrom, ValidUntil time.Time
	Status                []StatusEntry
	// DossierSHA256 is the hash of the frozen dossier, named as evidence;
	// empty for certificates decided before dossiers existed.
	DossierSHA256 string
}

// Achievement is what was accredited: the framework and the outcome.
type Achievement struct {
	ID, Name, Description, Criteria string
}

// StatusEntry is the certificate's place in one status list.
type StatusEntry struct {
	Purpose string // "revocation" or "suspension"
	ListURL string
	Index   int
}

// Document is the unsigned OpenBadgeCredential (VC Data Model 2.0).
func (b Badge) Document() Document {
	status := make([]any, 0, len(b.Status))
	for _, e := range b.Status {
		status = append(status, e.document())
	}
	subject := Document{
		"id": b.Subject, "type": []any{"AchievementSubject"},
		"achievement": Document{
			"id": b.Achievement.ID, "type": []any{"Achievement"}, "name": b.Achievement.Name,
			"description": b.Achievement.Description, "criteria": Document{"narrative": b.Achievement.Criteria},
		},
	}
	doc := Document{
		"@context":          []any{ContextCredentialsV2, ContextOpenBadges303},
		"id":                b.ID,
		"type":              []any{"VerifiableCredential", "OpenBadgeCredential"},
		"issuer":            Document{"id": b.Issuer, "type": []any{"Profile"}, "name": b.IssuerName},
		"name":              b.Name,
		"validFrom":         xsdTime(b.ValidFrom),
		"validUntil":        xsdTime(b.ValidUntil),
		"credentialSubject": subject,
		"credentialStatus":  status,
	}
	if b.DossierSHA256 != "" {
		doc["evidence"] = []any{Document{
			"type": []any{"Evidence"}, "name": "Assessment dossier (RFC 8785 canonical JSON)",
			"description": "SHA-256 " + b.DossierSHA256,
		}}
	}
	return doc
}

func (e StatusEntry) document() Document {
	return Document{
		"id": e.ListURL + "#" + itoa(e.Index), "type": "BitstringStatusListEntry",
		"statusPurpose": e.Purpose, "statusListIndex": itoa(e.Index), "statusListCredential": e.ListURL,
	}
}

// xsdTime is a time as the contexts type it (xsd:dateTime), to the second.
func xsdTime(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }
