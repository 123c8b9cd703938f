package models

// Page is one page of a list: 1-based number and size (bounded).
type Page struct {
	Number int
	Size   int
}

// Limit is the page size, between 1 and 100 (25 by default).
func (p Page) Limit() int {
	switch {
	case p.Size <= 0:
		return 25
	case p.Size > 100:
		return 100
	}
	return p.Size
}

// Offset is how many rows come before the page.
func (p Page) Offset() int {
	if p.Number <= 1 {
		return 0
	}
	return (p.Number - 1) * p.Limit()
}
