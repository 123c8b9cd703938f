package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"testing"

	"hotlineportal/server/servertest"
)

// streamedPDF writes a valid PDF of size bytes to w without holding it:
// the header, then filler in small pieces.
func streamedPDF(w io.Writer, size int) error {
	if _, err := w.Write(servertest.PDF); err != nil {
		return err
	}
	chunk := bytes.Repeat([]byte("%"), 64<<10)
	for left := size - len(servertest.PDF); left > 0; left -= len(chunk) {
		if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
			return err
		}
	}
	return nil
}

// uploadPeak uploads a PDF of size bytes through the API, the request
// body generated as it is sent (the client holds none of it, and runs in
// this process), and returns how far the heap in use rose meanwhile.
func uploadPeak(t *testing.T, app *servertest.App, token, assessmentID, criterion string, size int) float64 {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := mw.WriteField("criterion", criterion)
		if err == nil {
			var fw io.Writer
			if fw, err = mw.CreateFormFile("file", "rota.pdf"); err == nil {
				err = streamedPDF(fw, size)
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	var (
		resp *http.Response
		err  error
	)
	base, peak := heapDuring(func() {
		req, _ := http.NewRequest("POST", app.URL+"/api/v1/assessments/"+assessmentID+"/evidence", pr)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err = http.DefaultClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload of %d bytes: %v %v", size, resp, err)
	}
	return float64(peak-base) / (1 << 20)
}

// An upload streams: the heap grows by far less than the file, and a file
// ten times larger costs little more (on the disk store, and on S3 under
// PORTAL_TEST_BLOB_STORE=s3). Holding the file would grow the heap by at
// least its size (20 MB). The heap is the whole test process's, so each
// size is measured three times and the least growth is kept: other tests'
// background work can only add to a reading, never take from it.
func TestUploadMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 66 MB")
	}
	app := servertest.New(t, servertest.Options{Env: map[string]string{"PORTAL_MAX_UPLOAD_MB": "20", "PORTAL_ASSESSMENT_QUOTA_MB": "200"}})
	api := app.APIClient(servertest.ManagerA)
	as := startAPI(t, api, app.HotlineA.ID)
	least := func(criterion string, size int) float64 {
		growth := uploadPeak(t, app, api.Token, as.ID, criterion, size)
		for range 2 {
			growth = min(growth, uploadPeak(t, app, api.Token, as.ID, criterion, size))
		}
		return growth
	}
	small := least("LEG-01", 2<<20)
	large := least("LEG-02", 20<<20)
	t.Logf("heap growth: 2 MB upload %.1f MB (%.2f of the file), 20 MB upload %.1f MB (%.2f of the file)", small, small/2, large, large/20)
	if large > 12 || large-small > 8 {
		t.Errorf("a 20 MB upload grew the heap by %.1f MB (a 2 MB one by %.1f): the file is held in memory", large, small)
	}
}
