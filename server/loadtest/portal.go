package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// portal is one `portal serve` process under load (or the floor's
// server), so that its memory is measured apart from the load generator's
// and several can share one PostgreSQL database.
type portal struct {
	cmd    *exec.Cmd
	Base   string
	stderr *tailBuffer
	exited chan error
}

// startProcess runs `command sub` (serve, or the floor's server) with env
// added to this process's environment, on a free loopback port, and waits
// until /healthz answers.
func startProcess(ctx context.Context, command, sub string, env []string) (*portal, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &portal{Base: "http://" + addr, stderr: &tailBuffer{max: 8 << 10}, exited: make(chan error, 1)}
	p.cmd = exec.Command(command, sub)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.Env = append(p.cmd.Env, "PORTAL_ADDR="+addr, "PORTAL_BASE_URL="+p.Base, "PORTAL_LOG_LEVEL=error")
	p.cmd.Stdout, p.cmd.Stderr = p.stderr, p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s %s: %w", command, sub, err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("%s exited at start (%v): %s", sub, err, p.stderr)
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := http.Get(p.Base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
	}
	p.Stop()
	return nil, fmt.Errorf("%s did not answer /healthz within a minute: %s", sub, p.stderr)
}

// PeakRSS is the process's high-water resident memory so far (VmHWM).
func (p *portal) PeakRSS() uint64 { return procStatus(p.statusFile(), "VmHWM:") }

// statusFile is the process's /proc status file.
func (p *portal) statusFile() string { return fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid) }

// Stop ends the portal gracefully (SIGTERM), killing it after 30 s.
func (p *portal) Stop() error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("portal exited with %v: %s", err, p.stderr)
		}
		return err
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("portal did not stop within 30 s")
	}
}

// Log is the end of what the portal wrote (errors only).
func (p *portal) Log() string { return p.stderr.String() }

// freeAddr finds a loopback address with a free port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// procStatus reads a memory figure (VmRSS:, VmHWM:) from a /proc status
// file, in bytes (0 if unknown).
func procStatus(statusFile, field string) uint64 {
	data, err := os.ReadFile(statusFile)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (t *tailBuffer) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(b)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(b), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(t.buf.String())
}
