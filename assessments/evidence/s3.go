package evidence

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3Config is how to reach an S3-compatible bucket (api.md, "Evidence
// storage"). Endpoint is the server's URL (empty for AWS itself); PathStyle
// puts the bucket in the path, as most self-hosted servers need.
type S3Config struct {
	Endpoint        string
	Bucket          string
	Region          string
	AccessKeyID     string
	SecretAccessKey string
	PathStyle       bool
	// SpoolDir holds an upload while it is checked, before it is sent to
	// the bucket; the system's temporary folder when empty.
	SpoolDir string
}

// S3 keeps files in an S3-compatible bucket, one object per key, with the
// SHA-256 in the object's metadata. Every failure to reach the bucket
// matches ErrUnavailable, and comes within seconds: connections and
// answers have short time limits and a failed request is tried once more.
// Nothing is cached, so the store works again as soon as the bucket does.
type S3 struct {
	client   *s3.Client
	bucket   string
	spoolDir string
}

// shaMeta is the object metadata that carries the content's SHA-256.
const shaMeta = "sha256"

// NewS3 builds the store; it does not reach the bucket (see Check).
// Request checksums are sent only when an operation requires them: the
// SDK's default CRC checksums are refused by many servers other than AWS.
func NewS3(cfg S3Config) (*S3, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("evidence: S3 bucket not set")
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	opts := s3.Options{
		Region:                     cfg.Region,
		UsePathStyle:               cfg.PathStyle,
		Credentials:                credentials.NewStaticCredentialsProvider(cfg.AccessKeyID, cfg.SecretAccessKey, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
		HTTPClient:                 &http.Client{Transport: s3Transport()},
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 2
			o.MaxBackoff = 500 * time.Millisecond
		}),
	}
	if cfg.Endpoint != "" {
		opts.BaseEndpoint = aws.String(cfg.Endpoint)
	}
	return &S3{client: s3.New(opts), bucket: cfg.Bucket, spoolDir: cfg.SpoolDir}, nil
}

// s3Transport bounds how long a bucket that is down can hold a request:
// connecting and waiting for an answer's headers each have a few seconds.
// A body being sent or read has no limit, so large files are not cut.
func s3Transport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: 10 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
	}
}

// Check reaches the bucket, creating it when it does not exist yet (a
// fresh self-hosted server), so that a wrong address or key shows at
// start rather than at the first upload.
func (s *S3) Check(ctx context.Context) error {
	_, err := s.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(s.bucket)})
	if err == nil {
		return nil
	}
	if !isNotFound(err) && !hasCode(err, "NoSuchBucket") {
		return s.fail("reach bucket", err)
	}
	_, err = s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(s.bucket)})
	var owned *types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		return s.fail("create bucket", err)
	}
	return nil
}

// SaveNamed receives an upload into a temporary file (checked for size and
// type, hashed), then sends it to the bucket under a fresh key.
func (s *S3) SaveNamed(ctx context.Context, r io.Reader, maxBytes int64, filename string) (Saved, error) {
	return s.save(ctx, r, maxBytes, filename, true, newKey(), "")
}

// Put stores content the portal made itself, with no type check.
func (s *S3) Put(ctx context.Context, r io.Reader) (Saved, error) {
	return s.save(ctx, r, math.MaxInt64, "", false, newKey(), "")
}

// Import stores content under the key it has in another store, refusing it
// unless its SHA-256 is wantSHA256.
func (s *S3) Import(ctx context.Context, key string, r io.Reader, wantSHA256 string) error {
	if !validKey(key) {
		return errBadKey
	}
	_, err := s.save(ctx, r, math.MaxInt64, "", false, key, wantSHA256)
	return err
}

// save spools r to a temporary file so that its size, type and hash are
// known before anything reaches the bucket; a refused file never does.
func (s *S3) save(ctx context.Context, r io.Reader, maxBytes int64, filename string, inspect bool, key, wantSHA256 string) (Saved, error) {
	f, err := os.CreateTemp(s.spoolDir, "portal-upload-*.tmp")
	if err != nil {
		return Saved{}, fmt.Errorf("evidence: spool upload: %w", err)
	}
	defer func() {
		f.Close()
		_ = os.Remove(f.Name())
	}()
	saved, err := receive(f, r, maxBytes, filename, inspect)
	if err != nil {
		return Saved{}, err
	}
	if wantSHA256 != "" && saved.SHA256 != wantSHA256 {
		return Saved{}, ErrCorrupt
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Saved{}, fmt.Errorf("evidence: spool upload: %w", err)
	}
	_, err = s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(key),
		Body:          f,
		ContentLength: aws.Int64(saved.Size),
		ContentType:   aws.String("application/octet-stream"),
		Metadata:      map[string]string{shaMeta: saved.SHA256},
	})
	if err != nil {
		return Saved{}, s.fail("store file", err)
	}
	saved.Key = key
	return saved, nil
}

// Open streams an object from the bucket.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, errBadKey
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return nil, s.fail("open file", err)
	}
	return out.Body, nil
}

// Stat describes an object, with the SHA-256 stored beside it.
func (s *S3) Stat(ctx context.Context, key string) (ObjectInfo, error) {
	if !validKey(key) {
		return ObjectInfo{}, errBadKey
	}
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		return ObjectInfo{}, s.fail("describe file", err)
	}
	return ObjectInfo{Key: key, Size: aws.ToInt64(out.ContentLength), SHA256: out.Metadata[shaMeta], Modified: aws.ToTime(out.LastModified)}, nil
}

// Remove deletes an object; S3 answers success for one already gone.
func (s *S3) Remove(ctx context.Context, key string) error {
	if !validKey(key) {
		return errBadKey
	}
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil && !isNotFound(err) {
		return s.fail("remove file", err)
	}
	return nil
}

// Walk lists the bucket's objects named like keys, a page at a time.
func (s *S3) Walk(ctx context.Context, fn func(ObjectInfo) error) error {
	pages := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return s.fail("list files", err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			if !validKey(key) {
				continue
			}
			if err := fn(ObjectInfo{Key: key, Size: aws.ToInt64(o.Size), Modified: aws.ToTime(o.LastModified)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Kind names the store in logs and reports.
func (s *S3) Kind() string { return "s3" }

// fail turns an error from the bucket into the store's: a missing object
// matches os.ErrNotExist, a cancelled request stays what it was, and every
// other failure matches ErrUnavailable.
func (s *S3) fail(op string, err error) error {
	switch {
	case isNotFound(err):
		return &fs.PathError{Op: op, Path: s.bucket, Err: fs.ErrNotExist}
	case errors.Is(err, context.Canceled):
		return err
	}
	return fmt.Errorf("%w: %s in bucket %s: %w", ErrUnavailable, op, s.bucket, err)
}

// isNotFound tells a missing object (GetObject's NoSuchKey, HeadObject's
// bare NotFound) from the bucket failing.
func isNotFound(err error) bool {
	return hasCode(err, "NoSuchKey") || hasCode(err, "NotFound")
}

func hasCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

var (
	_ Blobs = (*S3)(nil)
	_ Blobs = (*Store)(nil)
)
