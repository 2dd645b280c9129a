package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/flextime/flextime/solver"
)

type benchOptions struct {
	instances []string
	seeds     int
	timeLimit time.Duration
	workers   int
	mirrored  bool
	bestKnown string
	csvPath   string
	mdPath    string
	target    string
	quiet     bool
}

func newBenchCmd(io streams, v *viper.Viper, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench INSTANCE...",
		Short: "Solve benchmark instances under a budget and compare with best-known values",
		Long: `bench solves each instance (ITC2021/RobinX XML or TTP .txt) once per seed under a time budget
and worker count, and compares the results with a table of best-known values: best known, best and
median found, their gaps in percent, feasible runs, the least infeasibility of any run, moves (random
draws) per second and evaluated moves (the draws that made a valid move) per second. The table is
printed as Markdown and can also be written as CSV and Markdown files.

The best-known table is read from --best-known, or from best_known.csv in the folder above the
instance (the layout of shared/bench). TTP tables have a variant column; ITC2021 tables a
best_known_objective column.`,
		Example: `  flextime bench ../shared/bench/ttp/instances/NL{4,6,8}.txt --seeds 3 --time-limit 10s
  flextime bench ../shared/bench/itc2021/instances/ITC2021_Test*.xml --time-limit 60s --md results.md`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("bench: give at least one instance file")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBench(cmd.Context(), io, benchOptions{
				instances: args,
				seeds:     v.GetInt("seeds"),
				timeLimit: v.GetDuration("time-limit"),
				workers:   v.GetInt("workers"),
				mirrored:  v.GetBool("mirrored"),
				bestKnown: v.GetString("best-known"),
				csvPath:   v.GetString("csv"),
				mdPath:    v.GetString("md"),
				target:    v.GetString("target"),
				quiet:     g.quiet,
			})
		},
	}
	f := cmd.Flags()
	f.Int("seeds", 3, "runs per instance, with seeds 1..N")
	f.Duration("time-limit", 10*time.Second, "time budget of each run")
	f.Int("workers", 0, "workers per run (0: one per CPU, at least two)")
	f.Bool("mirrored", false, "solve TTP instances as their mirrored variant")
	f.String("best-known", "", "CSV of best-known values (default: best_known.csv beside the instances folder)")
	f.String("csv", "", "also write the results as CSV to this file")
	f.String("md", "", "also write the results as a Markdown table to this file")
	f.String("target", "", "stop each run at this score (SOFT or HARD,SOFT) and report the median time to reach it (a run that misses it counts as the slowest)")
	return cmd
}

// benchRow is the outcome of one instance over all seeds.
type benchRow struct {
	Instance    string
	BestKnown   *int64
	Best        int64
	Median      int64
	Feasible    int
	Runs        int
	MovesPerSec float64
	EvalsPerSec float64 // evaluated moves per second (see solver.Result)
	// LeastHard is the smallest infeasibility over the runs (0 when one was feasible).
	LeastHard int64
	// Reached counts the runs that reached the target. ToTarget is the median time to it over all the
	// runs, a run that missed the target counting as slower than any that reached it; it is negative when
	// the median run missed the target (fewer than half reached it).
	Reached  int
	ToTarget time.Duration
}

func (r benchRow) gap(v int64) string {
	if r.BestKnown == nil || r.Feasible == 0 {
		return "–"
	}
	if *r.BestKnown == 0 {
		if v == 0 {
			return "0.0"
		}
		return "∞"
	}
	return strconv.FormatFloat(100*float64(v-*r.BestKnown)/float64(*r.BestKnown), 'f', 1, 64)
}

func runBench(ctx context.Context, io streams, opts benchOptions) error {
	if opts.seeds < 1 {
		return usageError{errors.New("--seeds must be at least 1")}
	}
	target, err := parseTarget(opts.target)
	if err != nil {
		return err
	}
	tables := map[string]map[string]int64{}
	var rows []benchRow
	for _, path := range opts.instances {
		m, err := loadProblem(path, opts.mirrored && strings.EqualFold(filepath.Ext(path), ".txt"))
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		table := opts.bestKnown
		if table == "" {
			table = filepath.Join(filepath.Dir(filepath.Dir(path)), "best_known.csv")
		}
		if _, ok := tables[table]; !ok {
			tables[table], err = readBestKnown(table, opts.mirrored)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		row := benchRow{Instance: name, Runs: opts.seeds, LeastHard: -1}
		if v, ok := tables[table][name]; ok {
			row.BestKnown = &v
		}
		var found []int64
		var times []time.Duration
		var mps, eps float64
		for seed := 1; seed <= opts.seeds; seed++ {
			res, err := solver.Solve(ctx, m, solver.Options{Workers: opts.workers, Seed: uint64(seed), TimeLimit: opts.timeLimit, Target: target})
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if ctx.Err() != nil {
				return errInterrupted
			}
			rm, re := res.Rates()
			mps, eps = mps+rm, eps+re
			if res.Score.Feasible() {
				row.Feasible++
				found = append(found, res.Score.Soft)
			}
			if row.LeastHard < 0 || res.Score.Hard < row.LeastHard {
				row.LeastHard = res.Score.Hard
			}
			if res.Status == solver.TargetReached {
				row.Reached++
				times = append(times, res.Elapsed)
			}
			if !opts.quiet {
				fmt.Fprintf(io.err, "%s seed %d: hard %d soft %d (%.0f moves/s, %.0f evaluated/s)\n", name, seed, res.Score.Hard,
					res.Score.Soft, rm, re)
			}
		}
		row.MovesPerSec = mps / float64(opts.seeds)
		row.EvalsPerSec = eps / float64(opts.seeds)
		row.ToTarget = medianTime(times, opts.seeds)
		if len(found) > 0 {
			slices.Sort(found)
			row.Best = found[0]
			row.Median = found[len(found)/2]
			if len(found)%2 == 0 {
				row.Median = (found[len(found)/2-1] + found[len(found)/2]) / 2
			}
		}
		rows = append(rows, row)
	}
	md := benchMarkdown(rows, opts)
	if _, err := io.out.Write([]byte(md)); err != nil {
		return err
	}
	if opts.mdPath != "" {
		if err := writeFileAtomic(opts.mdPath, []byte(md)); err != nil {
			return err
		}
	}
	if opts.csvPath != "" {
		var b strings.Builder
		w := csv.NewWriter(&b)
		_ = w.Write([]string{"instance", "best_known", "best", "median", "gap_best_pct", "gap_median_pct", "feasible_runs", "runs", "least_hard", "moves_per_sec",
			"evaluated_per_sec", "reached_target", "median_ms_to_target"})
		for _, r := range rows {
			bk := ""
			if r.BestKnown != nil {
				bk = strconv.FormatInt(*r.BestKnown, 10)
			}
			_ = w.Write([]string{r.Instance, bk, feasibleValue(r, r.Best), feasibleValue(r, r.Median), r.gap(r.Best), r.gap(r.Median),
				strconv.Itoa(r.Feasible), strconv.Itoa(r.Runs), strconv.FormatInt(r.LeastHard, 10), strconv.FormatFloat(r.MovesPerSec, 'f', 0, 64),
				strconv.FormatFloat(r.EvalsPerSec, 'f', 0, 64), strconv.Itoa(r.Reached), toTargetMS(r)})
		}
		w.Flush()
		if err := writeFileAtomic(opts.csvPath, []byte(b.String())); err != nil {
			return err
		}
	}
	return nil
}

// medianTime is the median of runs times to target, of which only the reached ones are in reached:
// the runs that missed count as slower than every reached one, so the median is unknown (negative) when
// fewer than half of the runs reached the target. (A median over the reached runs alone would call a
// target that one seed in five reaches quickly easy.)
func medianTime(reached []time.Duration, runs int) time.Duration {
	slices.Sort(reached)
	at := func(i int) time.Duration {
		if i >= len(reached) {
			return -1
		}
		return reached[i]
	}
	if runs%2 == 1 {
		return at(runs / 2)
	}
	a, b := at(runs/2-1), at(runs/2)
	if a < 0 || b < 0 {
		return -1
	}
	return (a + b) / 2
}

func feasibleValue(r benchRow, v int64) string {
	if r.Feasible == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

// toTargetMS is the CSV cell of the median time to target: milliseconds, or empty when unknown.
func toTargetMS(r benchRow) string {
	if r.ToTarget < 0 {
		return ""
	}
	return strconv.FormatInt(r.ToTarget.Milliseconds(), 10)
}

func benchMarkdown(rows []benchRow, opts benchOptions) string {
	var b strings.Builder
	workers := opts.workers
	if workers <= 0 {
		workers = solver.DefaultWorkers()
	}
	fmt.Fprintf(&b, "Budget %s per run, %d seeds, workers: %d", opts.timeLimit, opts.seeds, workers)
	if opts.target != "" {
		fmt.Fprintf(&b, ", target %s", opts.target)
	}
	b.WriteString(".\n\n")
	b.WriteString("| instance | best known | best | median | gap best % | gap median % | feasible runs | least hard | moves/s | evaluated/s |")
	if opts.target != "" {
		b.WriteString(" reached target | median time to target |")
	}
	b.WriteString("\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	if opts.target != "" {
		b.WriteString(" ---: | ---: |")
	}
	b.WriteString("\n")
	for _, r := range rows {
		bk := "–"
		if r.BestKnown != nil {
			bk = strconv.FormatInt(*r.BestKnown, 10)
		}
		best, med := feasibleValue(r, r.Best), feasibleValue(r, r.Median)
		if best == "" {
			best, med = "–", "–"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %d/%d | %d | %.0f | %.0f |", r.Instance, bk, best, med, r.gap(r.Best),
			r.gap(r.Median), r.Feasible, r.Runs, r.LeastHard, r.MovesPerSec, r.EvalsPerSec)
		if opts.target != "" {
			tt := "> " + opts.timeLimit.String()
			if r.ToTarget >= 0 {
				tt = fmt.Sprintf("%.2fs", r.ToTarget.Seconds())
			}
			fmt.Fprintf(&b, " %d/%d | %s |", r.Reached, r.Runs, tt)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// readBestKnown reads a best-known table: instance → value. TTP tables (with a variant column) give the
// best known upper bound of the chosen variant; ITC2021 tables the best known objective.
func readBestKnown(path string, mirrored bool) (map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(io.LimitReader(f, 16<<20)).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("read %s: not a CSV table: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	valueCol, ok := col["best_known_objective"]
	if !ok {
		valueCol, ok = col["best_known_ub"]
	}
	if !ok {
		return nil, fmt.Errorf("read %s: no best_known_objective or best_known_ub column", path)
	}
	variant, hasVariant := col["variant"]
	want := "standard"
	if mirrored {
		want = "mirrored"
	}
	out := map[string]int64{}
	for _, r := range rows[1:] {
		if len(r) <= valueCol || (hasVariant && (len(r) <= variant || r[variant] != want)) {
			continue
		}
		if v, err := strconv.ParseInt(strings.TrimSpace(r[valueCol]), 10, 64); err == nil {
			out[r[col["instance"]]] = v
		}
	}
	return out, nil
}
