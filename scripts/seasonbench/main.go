// Command seasonbench solves the bundled season examples under a time budget, several seeds each, and
// reports what a scheduler would want to know of each: whether and when the search first reached a
// feasible schedule, the final score and its breakdown, and each team's travel. It also checks that the
// schedule as written to a file (YAML) and read back scores exactly what the solver reported, which is
// what `flextime validate` of the written file does.
//
// Run it from the repository root:
//
//	go run ./scripts/seasonbench                                 # every examples/*.yaml but ttp-nl6
//	go run ./scripts/seasonbench -seeds 5 -time-limit 30s examples/big12-mbb.yaml
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/problem"
	"github.com/flextime/flextime/solver"
)

type run struct {
	seed       uint64
	feasibleAt time.Duration // -1 when never feasible
	res        *solver.Result
}

func main() {
	seeds := flag.Int("seeds", 3, "runs per example, seeds 1..N")
	limit := flag.Duration("time-limit", 30*time.Second, "time budget of each run")
	workers := flag.Int("workers", 2, "workers per run")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		all, _ := filepath.Glob("examples/*.yaml")
		for _, f := range all {
			if !strings.Contains(f, "ttp-") {
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "seasonbench: no examples found (run from the repository root)")
		os.Exit(2)
	}
	fmt.Printf("Budget %s per run, %d seeds, %d workers, `go run ./scripts/seasonbench -seeds %d -time-limit %s -workers %d`.\n\n",
		*limit, *seeds, *workers, *seeds, *limit, *workers)
	failed := false
	for _, f := range files {
		if err := bench(f, *seeds, *limit, *workers); err != nil {
			fmt.Fprintf(os.Stderr, "seasonbench: %s: %v\n", f, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func bench(path string, seeds int, limit time.Duration, workers int) error {
	p, err := problem.Load(path)
	if err != nil {
		return err
	}
	m, err := constraints.Compile(p)
	if err != nil {
		return err
	}
	var runs []run
	for seed := 1; seed <= seeds; seed++ {
		r := run{seed: uint64(seed), feasibleAt: -1}
		opts := solver.Options{Workers: workers, Seed: uint64(seed), TimeLimit: limit,
			Observer: func(pr solver.Progress) {
				if r.feasibleAt < 0 && pr.Best.Feasible() {
					r.feasibleAt = pr.Elapsed
				}
			}}
		res, err := solver.Solve(context.Background(), m, opts)
		if err != nil {
			return err
		}
		r.res = res
		if err := roundTrip(m, res); err != nil {
			return fmt.Errorf("seed %d: %w", seed, err)
		}
		runs = append(runs, r)
	}
	fmt.Printf("### %s (%s)\n\n", p.Name, path)
	fmt.Printf("%d teams, %d slots, %d games per team, %d constraints.\n\n", m.N, m.S, m.Games, len(p.Constraints))
	fmt.Println("| seed | first feasible | final hard | final soft | moves/s | evaluated/s |")
	fmt.Println("| ---: | ---: | ---: | ---: | ---: | ---: |")
	var feas []time.Duration
	best := runs[0]
	for _, r := range runs {
		at := "never"
		if r.feasibleAt >= 0 {
			at = r.feasibleAt.Round(10 * time.Millisecond).String()
			feas = append(feas, r.feasibleAt)
		}
		mps, eps := r.res.Rates()
		fmt.Printf("| %d | %s | %d | %d | %.0f | %.0f |\n", r.seed, at, r.res.Score.Hard, r.res.Score.Soft, mps, eps)
		if r.res.Score.Less(best.res.Score) {
			best = r
		}
	}
	slices.Sort(feas)
	fmt.Println()
	if len(feas) > 0 {
		fmt.Printf("Feasible in %d of %d runs; time to the first feasible schedule: median %s, slowest %s.\n\n",
			len(feas), len(runs), feas[(len(feas)-1)/2].Round(10*time.Millisecond), feas[len(feas)-1].Round(10*time.Millisecond))
	} else {
		fmt.Printf("Feasible in 0 of %d runs.\n\n", len(runs))
	}
	rep := m.Explain(best.res.Games)
	fmt.Printf("Breakdown of the best run (seed %d, hard %d, soft %d):", best.seed, rep.Score.Hard, rep.Score.Soft)
	if len(rep.Components) == 0 {
		fmt.Print(" nothing is violated.\n\n")
		return nil
	}
	fmt.Print("\n\n")
	fmt.Println("| constraint | kind | cost | violations |")
	fmt.Println("| --- | --- | ---: | ---: |")
	for _, c := range rep.Components {
		fmt.Printf("| %s | %s | %d | %d |\n", c.Constraint, c.Kind, c.Cost, c.Violations)
	}
	fmt.Println()
	if travel := teamTravel(m, rep); travel != "" {
		fmt.Printf("Travel per team in the best run: %s.\n\n", travel)
	}
	return nil
}

// roundTrip writes the schedule as YAML, reads it back and checks that it scores what the solver said.
func roundTrip(m *constraints.Model, res *solver.Result) error {
	var b bytes.Buffer
	sched := &flextime.Schedule{Games: res.Games, Fingerprint: m.Fingerprint, Score: &res.Score}
	if err := problem.WriteSchedule(&b, m.Problem, sched, "yaml"); err != nil {
		return err
	}
	back, err := problem.ParseSchedule("schedule.yaml", b.Bytes(), m.Problem)
	if err != nil {
		return err
	}
	if got := m.Evaluate(back.Games); got != res.Score {
		return fmt.Errorf("the written schedule scores %v, the solver reported %v", got, res.Score)
	}
	return nil
}

// teamTravel lists each team's travel from the travel violations of a report, longest first.
func teamTravel(m *constraints.Model, rep *constraints.Report) string {
	type tv struct {
		team string
		cost int64
	}
	var out []tv
	for _, v := range rep.Violations {
		if v.Type == "travel" && len(v.Teams) == 1 {
			out = append(out, tv{v.Teams[0], v.Deviation})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].cost > out[j].cost })
	unit := m.Problem.DistanceUnit
	parts := make([]string, len(out))
	for i, t := range out {
		parts[i] = fmt.Sprintf("%s %d", t.team, t.cost)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ") + " " + unit
}
