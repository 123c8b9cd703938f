package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"hotlineportal/models/modelstest"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mountSmallDisk mounts a small tmpfs (a disk that can fill up, even for
// root) at a new folder, unmounted when the test ends; it skips the test
// where mounting is not allowed.
func mountSmallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small disk here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillDisk writes a file until the disk is full and returns its path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := bytes.Repeat([]byte{'x'}, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill: %v", err)
			}
			return path
		}
	}
}

// uploadEvidence posts a small PDF as evidence of one criterion.
func uploadEvidence(t *testing.T, base, token, id, code string) int {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("criterion", code)
	fw, _ := mw.CreateFormFile("file", "policy.pdf")
	fw.Write([]byte("%PDF-1.4\n" + strings.Repeat("% evidence\n", 20000) + "%%EOF\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/assessments/"+id+"/evidence", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// With the data folder's disk full, saves and uploads answer 503 with a
// clear message (never 500) and the log names the cause; when space
// returns the portal works again without a restart. An evidence folder
// turned read-only behaves the same way.
func TestFullDiskAndReadOnlyFolderGiveClearErrorsAndRecover(t *testing.T) {
	if testing.Short() || modelstest.PostgresURL() != "" {
		t.Skip("runs on the SQLite default, not in -short mode")
	}
	dataDir := mountSmallDisk(t, "48m")
	bin := buildPortal(t)
	addr := freePort(t)
	base := "http://" + addr
	log := &syncBuffer{}
	cmd := startPortalLogging(t, bin, dataDir, addr, log)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	token, id := startDemoAssessment(t, base)
	codes := []string{"LEG-01", "LEG-02", "GOV-01", "STF-01", "CAS-01", "CAS-02", "COP-01", "TEL-01"}
	versions := map[string]int{}
	save := func(code string, i int) (int, map[string]any) {
		status, out, err := call("PUT", base+"/api/v1/assessments/"+id+"/answers/"+code, token, map[string]any{
			"level": "met", "narrative": fmt.Sprintf("save %d: %s", i, strings.Repeat("Wir dokumentieren jeden Anruf. ", 600)), "version": versions[code]})
		if err != nil {
			t.Fatalf("save: %v", err)
		}
		if status == 200 {
			versions[code] = int(out["version"].(float64))
		}
		return status, out
	}
	expectUnavailable := func(what string) {
		t.Helper()
		if got := uploadEvidence(t, base, token, id, "LEG-01"); got != http.StatusServiceUnavailable {
			t.Errorf("%s: upload answered %d, want 503", what, got)
		}
		unavailable := false
		for i := 0; i < 400 && !unavailable; i++ {
			status, out := save(codes[i%len(codes)], i)
			switch status {
			case 200:
			case 503:
				msg, _ := out["error"].(map[string]any)["message"].(string)
				if msg == "" {
					t.Errorf("%s: 503 without a message: %v", what, out)
				}
				unavailable = true
			default:
				t.Fatalf("%s: save answered %d %v", what, status, out)
			}
		}
		if !unavailable {
			t.Errorf("%s: 400 large saves all succeeded", what)
		}
		waitForLog(t, log, what)
	}
	expectRecovered := func(what string) {
		t.Helper()
		for _, code := range codes {
			if status, out := save(code, 1000); status != 200 {
				t.Fatalf("%s: save answered %d %v", what, status, out)
			}
		}
		if got := uploadEvidence(t, base, token, id, "LEG-02"); got != http.StatusCreated {
			t.Errorf("%s: upload answered %d", what, got)
		}
	}

	filler := fillDisk(t, dataDir)
	expectUnavailable("disk full")
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	expectRecovered("after space returned")

	// The database's files cannot be made read-only under a running
	// SQLite (the remount is refused while they are open), so the evidence
	// folder is: a read-only bind mount over it.
	evidenceDir := filepath.Join(dataDir, "evidence")
	for _, args := range [][]string{{"--bind", evidenceDir, evidenceDir}, {"-o", "remount,bind,ro", evidenceDir}} {
		if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
			t.Fatalf("mount %v: %v %s", args, err, out)
		}
	}
	if got := uploadEvidence(t, base, token, id, "LEG-01"); got != http.StatusServiceUnavailable {
		t.Errorf("read-only evidence folder: upload answered %d, want 503", got)
	}
	waitForLog(t, log, "not writable")
	if out, err := exec.Command("umount", evidenceDir).CombinedOutput(); err != nil {
		t.Fatalf("umount: %v %s", err, out)
	}
	expectRecovered("after the folder was writable again")
}

// waitForLog waits a little for the portal to log text.
func waitForLog(t *testing.T, log *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), text) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(log.String(), text) {
		t.Errorf("the log does not say %q:\n%s", text, log.String())
	}
}
