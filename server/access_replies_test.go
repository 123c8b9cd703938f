package server_test

// replyAccessRows are the access matrix rows of issue 16's routes in
// routes_replies.go.
func replyAccessRows() []routeCase {
	return nil
}
