package loadtest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// printTable shows one network size: each phase's constant-rate figures
// per request type, each type's capacity and its ratio to the floor, the
// portals' memory and the outbox.
func printTable(w io.Writer, r *sizeResult) {
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
	fmt.Fprintf(w, "\ncapacity (%d workers back to back, %s each); floor: a bare Echo handler inserting one row, %.0f/s, %s CPU each\n",
		capacityWorkers, r.capacityTime, r.floor.PerSecond, cpuMS(r.floor.CPUPerRequest))
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tcapacity/s\tratio to floor\tmachine CPU per request")
	for _, name := range Types {
		c := r.capacity[name]
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%s\n", name, c.PerSecond, c.PerSecond/r.floor.PerSecond, cpuMS(c.CPUPerRequest))
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
// the network. Cost is measured two ways: the machine's CPU time per
// request, and the inverse of the capacity (which also moves with the
// machine's share of its host).
func printGrowth(w io.Writer, sizes []int, per map[int]map[string]Capacity) {
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
		fmt.Fprintf(w, "\n== cost per request (%s) relative to %d hotlines\n", c.title, sizes[0])
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprint(tw, "type")
		for _, n := range sizes {
			fmt.Fprintf(tw, "\t%d", n)
		}
		fmt.Fprintln(tw)
		for _, name := range Types {
			fmt.Fprint(tw, name)
			base := c.cost(per[sizes[0]][name])
			for _, n := range sizes {
				if base == 0 {
					fmt.Fprint(tw, "\t-")
					continue
				}
				fmt.Fprintf(tw, "\t%.2f", c.cost(per[n][name])/base)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
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
