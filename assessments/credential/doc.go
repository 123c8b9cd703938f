// Package credential makes and checks what lets anyone verify a
// certificate without trusting the portal: Open Badges 3.0 credentials and
// Bitstring status lists, signed with a DataIntegrityProof of the
// eddsa-rdfc-2022 cryptosuite by the portal's did:web Ed25519 key.
//
// It knows no database and no HTTP: the JSON-LD contexts it needs are
// embedded and every other URL is refused, so signing and checking never
// fetch anything at run time.
package credential
