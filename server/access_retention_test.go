package server_test

// retentionAccessRows are the access matrix rows of issue 16's routes in
// routes_retention.go.
func retentionAccessRows() []routeCase {
	return nil
}
