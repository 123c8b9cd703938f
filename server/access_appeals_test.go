package server_test

// appealAccessRows are the access matrix rows of issue 16's routes in
// routes_appeals.go.
func appealAccessRows() []routeCase {
	return nil
}
