package assessments

import (
	"context"
	"fmt"
	"strings"

	"hotlineportal/models"
)

// queueEmail writes an email, in the recipient's language, to the outbox
// inside the caller's transaction; the mail worker sends it later.
func (s *Service) queueEmail(ctx context.Context, tx *models.DB, to *models.User, key string, data map[string]any) error {
	lang := s.msgs.Match(to.Language)
	loc := s.msgs.Localizer(lang)
	if data == nil {
		data = map[string]any{}
	}
	data["Name"] = to.Name
	data["Portal"] = loc.T("portal.name")
	body := loc.T(key+".body", data) + "\n\n-- \n" + loc.T("email.signature", data)
	msg := &models.OutboxMessage{
		ID: models.NewID(), ToAddress: to.Email, ToName: to.Name, Language: lang,
		Subject: strings.TrimSpace(loc.T(key+".subject", data)), Body: body,
		Status: models.MailPending, NextAttemptAt: s.now(), CreatedAt: s.now(),
	}
	if err := models.EnqueueMail(ctx, tx, msg); err != nil {
		return fmt.Errorf("queue %s to %s: %w", key, to.ID, err)
	}
	return nil
}
