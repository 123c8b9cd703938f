package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// ScoreMap is scores by section or criterion code, kept as a JSON object
// in one text column; a code with no counted score is absent.
type ScoreMap map[string]float64

// Value stores the map as JSON.
func (m ScoreMap) Value() (driver.Value, error) {
	if m == nil {
		return "{}", nil
	}
	b, err := json.Marshal(map[string]float64(m))
	return string(b), err
}

// Scan reads the JSON back.
func (m *ScoreMap) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case nil:
		*m = ScoreMap{}
		return nil
	default:
		return fmt.Errorf("score map from %T", src)
	}
	out := ScoreMap{}
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	*m = out
	return nil
}

// AssessmentResult is the figures of a decided assessment, fixed at the
// decision so that network figures never consolidate old reviews again.
type AssessmentResult struct {
	AssessmentID string `gorm:"primaryKey"`
	HotlineID    string
	FrameworkID  string
	Outcome      string
	DecidedAt    time.Time
	// Overall is the mean of all counted consolidated scores (0-4), nil
	// when none counts.
	Overall  *float64
	Sections ScoreMap `gorm:"type:text"`
	Criteria ScoreMap `gorm:"type:text"`

	Hotline *Hotline `gorm:"foreignKey:HotlineID"`
}

// TableName is the table of migration 00009.
func (AssessmentResult) TableName() string { return "assessment_results" }
