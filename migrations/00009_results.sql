-- The figures of each decided assessment, fixed at the decision: the
-- consolidated score of every criterion and section and the overall score
-- on the 0-4 scale. The network analytics and the benchmark read these
-- rows instead of consolidating thousands of assessments per request.
-- Sections and criteria are JSON objects {"code": score}; a code with no
-- counted score is absent.

-- +goose Up
CREATE TABLE assessment_results (
    assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
    hotline_id    TEXT NOT NULL REFERENCES hotlines (id),
    framework_id  TEXT NOT NULL REFERENCES frameworks (id),
    outcome       TEXT NOT NULL,
    decided_at    TIMESTAMP NOT NULL,
    overall       REAL,
    sections      TEXT NOT NULL DEFAULT '{}',
    criteria      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX assessment_results_framework ON assessment_results (framework_id, hotline_id, decided_at);
CREATE INDEX assessment_results_hotline ON assessment_results (hotline_id, decided_at);

-- +goose Down
DROP TABLE assessment_results;
