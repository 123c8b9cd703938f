package assessments

// Highlights is highlights: the summary's strengths and what to improve
// first, for its table test.
var Highlights = highlights
