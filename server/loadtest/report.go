package loadtest

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// printPhases shows one network size's constant-rate figures per phase
// and request type.
func printPhases(w io.Writer, r *sizeResult) {
	fmt.Fprintf(w, "\n== %d hotlines\n", r.n)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "phase\ttype\toffered/s\tachieved/s\tp50\tp95\tp99\tstatuses\terrors")
	for _, ph := range r.phases {
		for _, s := range ph.stats {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%s\t%s\t%s\t%s\t%d\n", ph.name, s.Name, s.Offered, s.Achieved,
				ms(s.P50), ms(s.P95), ms(s.P99), statuses(s.ByStatus), s.Errors)
		}
	}
	tw.Flush()
	if r.burst != nil {
		printBurst(w, *r.burst)
	}
}

// printCapacity shows one network size's capacities (medians of the
// rounds) and their ratio to the floor, the portals' memory and the
// outbox.
func printCapacity(w io.Writer, r *sizeResult) {
	floor := medianCapacity(r.floors)
	fmt.Fprintf(w, "\n== %d hotlines: capacity (%d workers back to back, %s each, median of %d rounds)\n",
		r.n, capacityWorkers, r.capacityTime, len(r.rounds))
	fmt.Fprintf(w, "floor: a bare Echo handler inserting one row, %.0f/s, %s CPU each\n", floor.PerSecond, cpuMS(floor.CPUPerRequest))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tcapacity/s\tratio to floor\tmachine CPU per request")
	for _, name := range Types {
		c := medianCapacity(ofType(r.rounds, name))
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%s\n", name, c.PerSecond, c.PerSecond/floor.PerSecond, cpuMS(c.CPUPerRequest))
	}
	tw.Flush()
	rss := make([]string, len(r.peakRSS))
	for i, b := range r.peakRSS {
		rss[i] = fmt.Sprintf("%d MB", b>>20)
	}
	fmt.Fprintf(w, "portal peak RSS (per instance): %s\n", strings.Join(rss, ", "))
	fmt.Fprintf(w, "outbox: %d emails, %d sent, %d claimed more than once\n", r.mail.Total, r.mail.Sent, r.mail.SentTwice)
}

// printGrowth shows how each type's cost per request grows with the
// network, relative to the smallest: 1.00 means flat, no query scanning
// the network. Each round's sizes were measured minutes apart, so each
// round gives its own ratio and the median is shown. Cost is measured two
// ways: the machine's CPU time per request, and the inverse of the
// capacity (which also moves with the machine's share of its host).
func printGrowth(w io.Writer, sizes []*sizeResult) {
	if len(sizes) < 2 {
		return
	}
	costs := []struct {
		title string
		cost  func(Capacity) float64
	}{
		{"CPU time per request", func(c Capacity) float64 { return c.CPUPerRequest.Seconds() }},
		{"1/capacity", func(c Capacity) float64 { return 1 / max(c.PerSecond, 1e-9) }},
	}
	for _, c := range costs {
		fmt.Fprintf(w, "\n== cost per request (%s) relative to %d hotlines, median of the rounds\n", c.title, sizes[0].n)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprint(tw, "type")
		for _, s := range sizes {
			fmt.Fprintf(tw, "\t%d", s.n)
		}
		fmt.Fprintln(tw)
		for _, name := range Types {
			fmt.Fprint(tw, name)
			for _, s := range sizes {
				fmt.Fprint(tw, "\t"+growth(sizes[0], s, name, c.cost))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
}

// growth is the median over the rounds of a type's cost at size s over
// its cost at base in the same round, or "-" when the cost is unknown.
func growth(base, s *sizeResult, name string, cost func(Capacity) float64) string {
	var ratios []float64
	for i := range min(len(base.rounds), len(s.rounds)) {
		b := cost(base.rounds[i][name])
		if b == 0 {
			continue
		}
		ratios = append(ratios, cost(s.rounds[i][name])/b)
	}
	if len(ratios) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", median(ratios))
}

// ofType picks one request type's capacity from each round.
func ofType(rounds []map[string]Capacity, name string) []Capacity {
	out := make([]Capacity, len(rounds))
	for i, r := range rounds {
		out[i] = r[name]
	}
	return out
}

// medianCapacity is the median throughput and the median CPU time of
// several measurements.
func medianCapacity(cs []Capacity) Capacity {
	per := make([]float64, len(cs))
	cpu := make([]float64, len(cs))
	for i, c := range cs {
		per[i], cpu[i] = c.PerSecond, float64(c.CPUPerRequest)
	}
	return Capacity{PerSecond: median(per), CPUPerRequest: time.Duration(median(cpu))}
}

// median of xs (the mean of the middle two for an even count; 0 if none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cpuMS shows a CPU time per request in milliseconds, or "-" if unknown.
func cpuMS(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

func statuses(by map[int]int64) string {
	codes := make([]int, 0, len(by))
	for code := range by {
		codes = append(codes, code)
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, code := range codes {
		parts[i] = fmt.Sprintf("%d:%d", code, by[code])
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}
