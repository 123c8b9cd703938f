package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// verifierDir holds the independent verifier: Digital Bazaar's
// verifiable-credential libraries under Node (npm ci installs them).
const verifierDir = "credential-verifier"

// nodeVerifier is the command that runs the independent verifier, or a
// skip outside CI when Node or its packages are missing.
func nodeVerifier(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(verifierDir, "node_modules", "@digitalbazaar", "vc"))
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the independent credential verifier (node, and npm ci in e2e/%s): %v", verifierDir, err)
		}
		t.Skipf("independent verifier not installed (node, npm ci in e2e/%s): %v", verifierDir, err)
	}
	return node
}

// verdict is what the independent verifier says of a credential.
type verdict struct {
	Verified         bool            `json:"verified"`
	Errors           []string        `json:"errors"`
	Status           map[string]bool `json:"status"`
	TamperedRejected bool            `json:"tamperedRejected"`
}

func runVerifier(t *testing.T, node, credentialURL string) verdict {
	t.Helper()
	cmd := exec.Command(node, "verify.mjs", credentialURL)
	cmd.Dir = verifierDir
	out, _ := cmd.Output() // exits 1 when it rejects: the verdict says why
	var v verdict
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("verifier output %q: %v", out, err)
	}
	return v
}

// An issued certificate's credential and status lists, checked by
// someone else's code: accepted, a tampered copy rejected, and the status
// bits following suspend, reinstate and revoke, before and after the
// signing key is rotated.
func TestIndependentVerifierAcceptsCredentials(t *testing.T) {
	node := nodeVerifier(t)
	bin := buildPortal(t)
	dataDir, addr := t.TempDir(), freePort(t)
	base := "http://" + addr
	portal := startPortal(t, bin, dataDir, addr)
	t.Cleanup(func() { stopPortal(t, portal) })

	status, tok, err := call("POST", base+"/api/v1/tokens", "", map[string]string{"email": "secretariat@demo.116000.example", "password": "demo-116000-portal"})
	if err != nil || status != 201 {
		t.Fatalf("token: %d %v", status, err)
	}
	token := tok["token"].(string)
	status, register, err := call("GET", base+"/api/v1/public/register", "", nil)
	items, _ := register["items"].([]any)
	if err != nil || status != 200 || len(items) < 2 {
		t.Fatalf("register: %d %v", status, err)
	}
	numbers := []string{items[0].(map[string]any)["number"].(string), items[1].(map[string]any)["number"].(string)}
	credentialURL := func(n string) string { return base + "/api/v1/public/certificates/" + n + "/credential" }
	expect := func(step, number string, revoked, suspended bool) {
		t.Helper()
		v := runVerifier(t, node, credentialURL(number))
		if !v.Verified || !v.TamperedRejected || v.Status["revocation"] != revoked || v.Status["suspension"] != suspended {
			t.Fatalf("%s: %+v", step, v)
		}
	}
	act := func(number, action string) {
		t.Helper()
		status, body, err := call("POST", base+"/api/v1/certificates/"+number+"/"+action, token, map[string]string{"reason": "Independent check"})
		if err != nil || status != 200 {
			t.Fatalf("%s %s: %d %v %v", action, number, status, body, err)
		}
	}

	expect("issued", numbers[0], false, false)
	act(numbers[0], "suspend")
	expect("suspended", numbers[0], false, true)
	act(numbers[0], "reinstate")
	expect("reinstated", numbers[0], false, false)

	// A new key: the DID document keeps the old one, so the credential
	// signed before still verifies; the lists are signed with the new key.
	stopPortal(t, portal)
	rotate := exec.Command(bin, "rotate-key")
	rotate.Env = append(os.Environ(), "PORTAL_DATA_DIR="+dataDir, "PORTAL_BASE_URL="+base)
	if out, err := rotate.CombinedOutput(); err != nil || !strings.Contains(string(out), "#key-2") {
		t.Fatalf("rotate-key: %v %s", err, out)
	}
	portal = startPortal(t, bin, dataDir, addr)
	expect("after rotation", numbers[0], false, false)
	act(numbers[0], "revoke")
	expect("revoked, lists signed with the new key", numbers[0], true, false)
	expect("another certificate in the same lists", numbers[1], false, false)
}

// stopPortal ends a portal started by startPortal and waits for it.
func stopPortal(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()
}
