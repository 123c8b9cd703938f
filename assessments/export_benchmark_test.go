package assessments

import "context"

// Highlights is highlights: the summary's strengths and what to improve
// first, for its table test.
var Highlights = highlights

// ForgetBenchmarks empties the benchmark cache, so a benchmark can measure
// the cost of a miss.
func (s *Service) ForgetBenchmarks() {
	s.benchmarks.mu.Lock()
	defer s.benchmarks.mu.Unlock()
	s.benchmarks.generation, s.benchmarks.byFramework = "", nil
}

// ComputeAgreementNow computes the reviewer agreement of a framework
// version without the cache, so a benchmark can measure a recomputation.
func (s *Service) ComputeAgreementNow(ctx context.Context, version string) (*AgreementFigures, error) {
	fw, f, err := s.networkFramework(ctx, version)
	if err != nil {
		return nil, err
	}
	figs, _, err := s.computeAgreement(ctx, fw, f)
	return figs, err
}
