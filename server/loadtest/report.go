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
	fmt.Fprintf(w, "\ncapacity (%d workers back to back, %s each); floor: a bare Echo handler inserting one row, %.0f/s\n",
		capacityWorkers, r.capacityTime, r.floor)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tcapacity/s\tratio to floor")
	for _, name := range Types {
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\n", name, r.capacity[name], r.capacity[name]/r.floor)
	}
	tw.Flush()
	rss := make([]string, len(r.peakRSS))
	for i, b := range r.peakRSS {
		rss[i] = fmt.Sprintf("%d MB", b>>20)
	}
	fmt.Fprintf(w, "portal peak RSS (per instance): %s\n", strings.Join(rss, ", "))
	fmt.Fprintf(w, "outbox: %d emails, %d sent, %d claimed more than once\n", r.mail.Total, r.mail.Sent, r.mail.SentTwice)
}

// printGrowth shows each type's cost per request (the inverse of its
// capacity) at every size relative to the smallest network: 1.00 means
// flat, no query scanning the network.
func printGrowth(w io.Writer, sizes []int, per map[int]map[string]float64) {
	if len(sizes) < 2 {
		return
	}
	fmt.Fprintf(w, "\n== cost per request (1/capacity) relative to %d hotlines\n", sizes[0])
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprint(tw, "type")
	for _, n := range sizes {
		fmt.Fprintf(tw, "\t%d", n)
	}
	fmt.Fprintln(tw)
	for _, name := range Types {
		fmt.Fprint(tw, name)
		for _, n := range sizes {
			fmt.Fprintf(tw, "\t%.2f", per[sizes[0]][name]/max(per[n][name], 1e-9))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
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
