package assessments

import "strconv"

// formatScore writes a consolidated score with one decimal.
func formatScore(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
