package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"hotlineportal/models/modelstest"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hotlineportal/server/servertest"
)

// buildPortal compiles the real binary once per test run.
func buildPortal(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "portal")
	cmd := exec.Command("go", "build", "-o", bin, "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startPortal runs `portal serve --demo` and waits for /healthz.
func startPortal(t *testing.T, bin, dataDir, addr string, extraEnv ...string) *exec.Cmd {
	t.Helper()
	return startPortalLogging(t, bin, dataDir, addr, &syncBuffer{}, extraEnv...)
}

// startPortalLogging is startPortal keeping what the portal logs (errors
// only) in log.
func startPortalLogging(t *testing.T, bin, dataDir, addr string, log *syncBuffer, extraEnv ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--demo")
	cmd.Env = append(os.Environ(), "PORTAL_DATA_DIR="+dataDir, "PORTAL_ADDR="+addr, "PORTAL_BASE_URL=http://"+addr, "PORTAL_LOG_LEVEL=error")
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("portal did not start:\n%s", log)
	return nil
}

// syncBuffer is a buffer a process writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDemoAssessment signs the demo Belgian manager (a hotline that has not started any cycle) in through the API and
// starts an assessment; it returns the token and the assessment's ID.
func startDemoAssessment(t *testing.T, base string) (token, id string) {
	t.Helper()
	status, tok, err := call("POST", base+"/api/v1/tokens", "", map[string]string{"email": "manager.be@demo.116000.example", "password": "demo-116000-portal"})
	if err != nil || status != 201 {
		t.Fatalf("token: %d %v", status, err)
	}
	token = tok["token"].(string)
	_, me, _ := call("GET", base+"/api/v1/me", token, nil)
	status, as, _ := call("POST", base+"/api/v1/assessments", token, map[string]any{"hotline_id": me["hotline_id"]})
	if status != 201 {
		t.Fatalf("start: %d %v", status, as)
	}
	return token, as["id"].(string)
}

func call(method, url, token string, body any) (int, map[string]any, error) {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(bufio.NewReader(resp.Body)).Decode(&out)
	return resp.StatusCode, out, nil
}

// Autosaves run while the portal is killed with SIGKILL; after a restart
// every save that got a 200 is there, intact. Repeated several times.
func TestAcknowledgedSavesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test skipped in -short mode")
	}
	bin := buildPortal(t)
	dataDir := t.TempDir()
	var extra []string
	if modelstest.PostgresURL() != "" {
		extra = append(extra, "PORTAL_DATABASE_URL="+servertest.PostgresSchemaDSN(t))
	}
	addr := freePort(t)
	base := "http://" + addr
	cmd := startPortal(t, bin, dataDir, addr, extra...)
	token, id := startDemoAssessment(t, base)
	codes := []string{"LEG-01", "LEG-02", "GOV-01", "STF-01", "CAS-01", "CAS-02", "COP-01", "TEL-01"}
	type ack struct {
		version   int
		narrative string
	}
	acked := map[string]ack{}
	var mu sync.Mutex
	for round := 0; round < 3; round++ {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w, code := range codes {
			wg.Add(1)
			go func(w int, code string) {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					mu.Lock()
					v := acked[code].version
					mu.Unlock()
					text := fmt.Sprintf("round %d writer %d save %d", round, w, i)
					st, out, err := call("PUT", base+"/api/v1/assessments/"+id+"/answers/"+code, token, map[string]any{"level": "met", "narrative": text, "version": v})
					if err != nil {
						return // the portal was killed
					}
					if st == 200 {
						mu.Lock()
						acked[code] = ack{version: int(out["version"].(float64)), narrative: text}
						mu.Unlock()
					} else if st != 409 {
						t.Errorf("save answered %d: %v", st, out)
					}
				}
			}(w, code)
		}
		time.Sleep(time.Duration(400+round*300) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		close(stop)
		wg.Wait()
		cmd = startPortal(t, bin, dataDir, addr, extra...)
		_, got, _ := call("GET", base+"/api/v1/assessments/"+id, token, nil)
		answers, _ := got["answers"].([]any)
		found := map[string]map[string]any{}
		for _, a := range answers {
			m := a.(map[string]any)
			found[m["criterion"].(string)] = m
		}
		mu.Lock()
		for code, want := range acked {
			a := found[code]
			if a == nil {
				t.Fatalf("round %d: %s missing", round, code)
			}
			v, text := int(a["version"].(float64)), a["narrative"].(string)
			// A save may have committed with its answer lost in the kill:
			// then a newer version from the same writer is there.
			writer := want.narrative[:strings.LastIndex(want.narrative, " save ")]
			intact := (v == want.version && text == want.narrative) || (v > want.version && strings.HasPrefix(text, writer+" save "))
			if !intact {
				t.Errorf("round %d: %s acknowledged v%d %q, after the crash v%d %q", round, code, want.version, want.narrative, v, text)
			}
			acked[code] = ack{version: v, narrative: text}
		}
		t.Logf("round %d: %d answers checked after SIGKILL", round, len(acked))
		mu.Unlock()
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}
