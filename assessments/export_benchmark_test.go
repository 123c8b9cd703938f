package assessments

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
