package scoring_test

import (
	"slices"
	"testing"

	"hotlineportal/assessments/framework"
	"hotlineportal/assessments/scoring"
)

var allChannels = framework.HotlineChannels()

// mandatoryOnly lists the default framework's mandatory, non-critical
// criteria that apply to channels, in framework order.
func mandatoryOnly(f *framework.Framework, channels []string) []string {
	var out []string
	for _, c := range f.Criteria() {
		if c.Mandatory && !c.Critical && c.AppliesTo(channels) {
			out = append(out, c.Code)
		}
	}
	return out
}

func desirableCodes(f *framework.Framework) []string {
	var out []string
	for _, c := range f.Criteria() {
		if !c.Mandatory {
			out = append(out, c.Code)
		}
	}
	return out
}

func TestDefaultFrameworkAllMet(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	res := scoring.Consolidate(f, inputFor(f, allChannels, []int{3, 3}, nil))
	checkInvariants(t, res)
	if len(res.Criteria) != 50 || len(res.Sections) != 12 {
		t.Fatalf("%d criteria, %d sections; want 50, 12", len(res.Criteria), len(res.Sections))
	}
	if res.Proposed != scoring.Accredited || res.DesirablePercent != 75 || !eqPtr(res.Overall, ptr(3)) {
		t.Errorf("got %q, %v %%, overall %s", res.Proposed, res.DesirablePercent, fmtPtr(res.Overall))
	}
	for _, s := range res.Sections {
		if !eqPtr(s.Consolidated, ptr(3)) || !eqPtr(s.Percent, ptr(75)) {
			t.Errorf("section %s = %s / %s %%", s.Code, fmtPtr(s.Consolidated), fmtPtr(s.Percent))
		}
	}
}

// TestDefaultFrameworkPhoneOnly: chat, e-mail and web criteria do not apply
// to a phone-only hotline, so even zeros on them change nothing.
func TestDefaultFrameworkPhoneOnly(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	phone := []string{framework.ChannelPhone}
	zeros := map[string][]int{}
	for _, c := range f.Criteria() {
		if !c.AppliesTo(phone) {
			zeros[c.Code] = []int{0, 0}
		}
	}
	if len(zeros) == 0 {
		t.Fatal("expected criteria that do not apply to phone")
	}
	res := scoring.Consolidate(f, inputFor(f, phone, []int{4, 3}, zeros))
	checkInvariants(t, res)
	if res.Proposed != scoring.Accredited {
		t.Errorf("Proposed = %q, reasons %+v", res.Proposed, res.Reasons)
	}
	for _, c := range res.Criteria {
		_, zeroed := zeros[c.Code]
		if c.Applicable == zeroed || (c.Consolidated == nil) != zeroed || (zeroed && c.Disagreement) {
			t.Errorf("%s: applicable %v, consolidated %s, disagreement %v", c.Code, c.Applicable, fmtPtr(c.Consolidated), c.Disagreement)
		}
	}
	for _, s := range res.Sections {
		none := s.Code == "CHT" || s.Code == "EML" || s.Code == "WEB"
		if (s.Consolidated == nil) != none {
			t.Errorf("section %s = %s", s.Code, fmtPtr(s.Consolidated))
		}
	}
	// Only AWR-01 is a desirable criterion for phone: 3.5 of 4.
	if res.DesirablePercent != 87.5 || !eqPtr(res.Overall, ptr(3.5)) {
		t.Errorf("desirable %v %%, overall %s", res.DesirablePercent, fmtPtr(res.Overall))
	}
}

func TestDefaultFrameworkEdges(t *testing.T) {
	t.Parallel()
	f := mustDefault(t)
	mand := mandatoryOnly(f, allChannels)
	desir := desirableCodes(f)
	set := func(vals []int, codes ...string) map[string][]int {
		m := map[string][]int{}
		for _, c := range codes {
			m[c] = vals
		}
		return m
	}
	tests := []struct {
		name        string
		channels    []string
		override    map[string][]int
		want        scoring.Outcome
		key         string
		criteria    []string
		conditional int
	}{
		{"critical LEG-02 at 2", allChannels, set([]int{2, 2}, "LEG-02"), scoring.NotAccredited, scoring.ReasonCriticalBelowPass, []string{"LEG-02"}, 0},
		{"critical CHT-05 at 2.5", allChannels, set([]int{3, 2}, "CHT-05"), scoring.NotAccredited, scoring.ReasonCriticalBelowPass, []string{"CHT-05"}, 0},
		{"critical CHT-05 at 0 for a phone-only hotline", []string{"phone"}, set([]int{0, 0}, "CHT-05"), scoring.Accredited, scoring.ReasonAllMet, nil, 0},
		{"critical DAT-01 N/A by both reviewers", allChannels, set([]int{na, na}, "DAT-01"), scoring.Accredited, scoring.ReasonAllMet, nil, 0},
		{"one mandatory at 2.5", allChannels, set([]int{2, 3}, mand[0]), scoring.AccreditedWithConditions, scoring.ReasonMandatoryConditional, mand[:1], 1},
		{"exactly five mandatory at 2", allChannels, set([]int{2, 2}, mand[:5]...), scoring.AccreditedWithConditions, scoring.ReasonMandatoryConditional, mand[:5], 5},
		{"six mandatory at 2", allChannels, set([]int{2, 2}, mand[:6]...), scoring.NotAccredited, scoring.ReasonTooManyConditional, mand[:6], 6},
		{"a mandatory at 1", allChannels, set([]int{1, 1}, mand[10]), scoring.NotAccredited, scoring.ReasonMandatoryBelowConditional, mand[10:11], 0},
		// Six desirable criteria, five reviewers: 12 points each is a mean of
		// 2.4, exactly 60 %; 71 points in all is 59.17 %.
		{"desirable at exactly 60 %", allChannels, set([]int{2, 2, 3, 3, 2}, desir...), scoring.Accredited, scoring.ReasonAllMet, nil, 0},
		{"desirable one point short of 60 %", allChannels,
			merge(set([]int{2, 2, 3, 3, 2}, desir...), set([]int{2, 2, 2, 3, 2}, desir[0])),
			scoring.AccreditedWithConditions, scoring.ReasonDesirableBelowThreshold, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := scoring.Consolidate(f, inputFor(f, tt.channels, []int{3, 3}, tt.override))
			checkInvariants(t, res)
			if res.Proposed != tt.want || res.Reasons[0].Key != tt.key || !slices.Equal(res.Reasons[0].Criteria, tt.criteria) {
				t.Errorf("got %q %+v, want %q %s %v", res.Proposed, res.Reasons, tt.want, tt.key, tt.criteria)
			}
			if len(res.Conditional) != tt.conditional {
				t.Errorf("Conditional = %v, want %d", res.Conditional, tt.conditional)
			}
		})
	}
}
