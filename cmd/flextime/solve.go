package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"golang.org/x/term"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/solver"
)

var (
	// errNoFeasible: solve found no feasible schedule; the best one is written anyway.
	errNoFeasible = errors.New("no feasible schedule found; the best one found was written and is marked infeasible")
	// errInterrupted: the solve was interrupted; the best schedule so far is written.
	errInterrupted = errors.New("interrupted; the best schedule so far was written")
)

var termIsTerminal = term.IsTerminal

type solveOptions struct {
	problem    string
	output     string
	format     string
	timeLimit  time.Duration
	workers    int
	seed       uint64
	target     string
	iterations int64
	mirrored   bool
	limit      int
	json       bool
	quiet      bool
	cache      cacheSettings // issue 5: the solution pool (cache.go)
}

func newSolveCmd(io streams, v *viper.Viper, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "solve PROBLEM [-o FILE]",
		Short: "Build the best schedule for a problem within a time limit",
		Long: `solve searches for the best schedule of a problem with a multi-core simulated annealing and writes
it to FILE (YAML, JSON or RobinX XML, from the extension or --format), or to stdout. CSV (one row per
game, venue-local dates and times), iCalendar (.ics, one event per game, for calendar programs) and
HTML (.html, a page with the season grid and every violation) are written too, for people; flextime
reads back YAML, JSON and XML.

A progress bar shows on a terminal. At the end a summary gives the score, the worst remaining
violations, the seed, the workers and the search speed: on stdout when the schedule goes to a file,
on stderr when the schedule goes to stdout.

The search starts from the best schedule stored in the cache for the same problem or, for an edited
problem (same teams, slots and format), from the stored schedule that scores best under the new
rules, and stores its result there (see flextime cache). The same seed, workers and --iterations give
the same schedule only from the same start: use --no-warm-start for runs that must repeat exactly.

Exit status: 0 feasible, 3 no feasible schedule found (the best one is still written), 2 bad input
or usage, 130 interrupted (the best schedule so far is written).`,
		Example: `  flextime solve examples/big12-mbb.yaml -o schedule.yaml --time-limit 30s
  flextime solve ITC2021_Test1.xml -o solution.xml --target 1066
  flextime solve NL8.txt --mirrored --workers 2 --seed 7 --json -o nl8.yaml`,
		Args: rangeArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := solveOptions{
				problem:    args[0],
				output:     v.GetString("output"),
				format:     v.GetString("format"),
				timeLimit:  v.GetDuration("time-limit"),
				workers:    v.GetInt("workers"),
				seed:       v.GetUint64("seed"),
				target:     v.GetString("target"),
				iterations: v.GetInt64("iterations"),
				mirrored:   v.GetBool("mirrored"),
				limit:      v.GetInt("limit"),
				json:       g.json,
				quiet:      g.quiet,
				cache: cacheSettings{path: v.GetString("cache"), off: v.GetBool("no-cache"),
					noWarmStart: v.GetBool("no-warm-start")},
			}
			return runSolve(cmd.Context(), io, opts)
		},
	}
	f := cmd.Flags()
	f.StringP("output", "o", "", "write the schedule to this file (default: stdout)")
	f.String("format", "", "schedule format: yaml, json, xml, csv, ics or html (default: from the file extension, else yaml)")
	f.Duration("time-limit", 30*time.Second, "stop searching after this long (0: no limit)")
	f.Int("workers", 0, "parallel search workers (0: one per CPU, at least two)")
	f.Uint64("seed", 1, "random seed; the same seed, workers and --iterations give the same schedule")
	f.String("target", "", `stop once the score is this good: SOFT (with no hard violations) or HARD,SOFT`)
	f.Int64("iterations", 0, "stop after this many move evaluations in total (0: no limit)")
	f.Bool("mirrored", false, "read a TTP instance as its mirrored variant")
	f.Int("limit", 5, "remaining violations to list in the summary (0: all)")
	// Cache (issue 5; cache.go).
	f.String("cache", "", cacheFlagHelp())
	f.Bool("no-cache", false, "neither read nor write the cache of best schedules")
	f.Bool("no-warm-start", false, "start from a constructed schedule, not the best cached one (the result is still stored)")
	return cmd
}

func parseTarget(s string) (*flextime.Score, error) {
	if s == "" {
		return nil, nil
	}
	hard, soft := "0", s
	if h, so, ok := strings.Cut(s, ","); ok {
		hard, soft = h, so
	}
	h, err1 := strconv.ParseInt(strings.TrimSpace(hard), 10, 64)
	so, err2 := strconv.ParseInt(strings.TrimSpace(soft), 10, 64)
	if err1 != nil || err2 != nil || h < 0 {
		return nil, usageError{fmt.Errorf("--target %q: write SOFT or HARD,SOFT with integers", s)}
	}
	return &flextime.Score{Hard: h, Soft: so}, nil
}

// solveSummary is solve's JSON output.
type solveSummary struct {
	Feasible    bool    `json:"feasible"`
	Hard        int64   `json:"hard"`
	Soft        int64   `json:"soft"`
	Status      string  `json:"status"`
	Output      string  `json:"output,omitempty"`
	Seed        uint64  `json:"seed"`
	Workers     int     `json:"workers"`
	ElapsedMS   int64   `json:"elapsed_ms"`
	Moves       int64   `json:"moves"`
	MovesPerSec float64 `json:"moves_per_sec"`
	// Evaluated counts the moves scored, the draws that made a valid move (see solver.Result).
	Evaluated       int64                   `json:"evaluated"`
	EvaluatedPerSec float64                 `json:"evaluated_per_sec"`
	Fingerprint     string                  `json:"fingerprint"`
	Components      []constraints.Component `json:"components"`
	Violations      []constraints.Violation `json:"violations"`
	MoveStats       []solver.MoveStats      `json:"move_stats"`
	Clashes         []constraints.Clash     `json:"clashes"`
	Cache           cacheSummary            `json:"cache"`
}

func runSolve(ctx context.Context, io streams, opts solveOptions) error {
	target, err := parseTarget(opts.target)
	if err != nil {
		return err
	}
	if opts.workers < 0 || opts.iterations < 0 || opts.timeLimit < 0 || opts.limit < 0 {
		return usageError{errors.New("--workers, --iterations, --time-limit and --limit must not be negative")}
	}
	format, err := scheduleFormat(opts.format, opts.output)
	if err != nil {
		return err
	}
	m, err := loadProblem(opts.problem, opts.mirrored)
	if err != nil {
		return err
	}
	clashes := m.Clashes()
	if len(clashes) > 0 && !opts.quiet {
		fmt.Fprintf(io.err, "warning: no schedule can satisfy these hard rules together:\n%s"+
			"searching anyway for the schedule that breaks them least\n", constraints.ClashText(clashes))
	}
	sopts := solver.Options{Workers: opts.workers, Seed: opts.seed, TimeLimit: opts.timeLimit,
		Iterations: opts.iterations, Target: target}
	var bar *progressbar.ProgressBar
	if !opts.quiet && isTerminal(io.err) {
		bar = newBar(io.err, opts.timeLimit)
		sopts.Observer = func(p solver.Progress) {
			bar.Describe(fmt.Sprintf("best hard %d soft %d · %.0fk moves/s", p.Best.Hard, p.Best.Soft, p.MovesPerSec/1000))
			if opts.timeLimit > 0 {
				_ = bar.Set64(min(p.Elapsed.Milliseconds(), opts.timeLimit.Milliseconds()))
			} else {
				_ = bar.Add(1)
			}
		}
	}
	// Cache (issue 5; cache.go): warm start from the pool, store new bests as they come and the result.
	cache := openSolveCache(ctx, io, opts.cache, opts.quiet, opts.seed, m)
	defer cache.finish()
	sopts.Start = cache.startGames()
	sopts.Observer = chainObservers(sopts.Observer, cache.observe)
	res, err := solver.Solve(ctx, m, sopts)
	if errors.Is(err, solver.ErrBadStart) && sopts.Start != nil {
		cache.dropStart(err)
		sopts.Start = nil
		res, err = solver.Solve(ctx, m, sopts)
	}
	if err == nil {
		cache.offer(res) // written in the background while the schedule is written below
	}
	// End of cache set-up.
	if bar != nil {
		_ = bar.Finish()
		_ = bar.Clear()
	}
	if err != nil {
		if errors.Is(err, solver.ErrUnsupported) {
			return flextime.Errorf(flextime.Position{File: opts.problem}, "%v", err)
		}
		return err
	}
	sched := &flextime.Schedule{Games: res.Games, Fingerprint: m.Fingerprint, Score: &res.Score}
	data, err := encodeSchedule(m, sched, format)
	if err != nil {
		return err
	}
	summaryOut := io.out
	if opts.output != "" {
		if err := writeFileAtomic(opts.output, data); err != nil {
			return fmt.Errorf("write %s: %w", opts.output, err)
		}
	} else {
		if _, err := io.out.Write(data); err != nil {
			return err
		}
		summaryOut = io.err
	}
	cache.finish()
	report := m.Explain(res.Games)
	if opts.json {
		mps, eps := res.Rates()
		sum := solveSummary{Feasible: res.Score.Feasible(), Hard: res.Score.Hard, Soft: res.Score.Soft, Status: res.Status.String(),
			Output: opts.output, Seed: res.Seed, Workers: res.Workers, ElapsedMS: res.Elapsed.Milliseconds(), Moves: res.Moves,
			MovesPerSec: mps, Evaluated: res.Evaluated, EvaluatedPerSec: eps, Fingerprint: m.Fingerprint,
			Components: report.Components, Violations: report.Violations, MoveStats: res.Stats, Cache: cache.summary(),
			Clashes: clashes}
		if sum.Clashes == nil {
			sum.Clashes = []constraints.Clash{}
		}
		if sum.Components == nil {
			sum.Components = []constraints.Component{}
		}
		if sum.Violations == nil {
			sum.Violations = []constraints.Violation{}
		}
		if err := writeJSON(summaryOut, sum); err != nil {
			return err
		}
	} else if !opts.quiet {
		printSolveSummary(summaryOut, m, res, report, opts)
	}
	switch {
	case res.Status == solver.Canceled:
		return errInterrupted
	case !res.Score.Feasible():
		return errNoFeasible
	}
	return nil
}

func newBar(w io.Writer, limit time.Duration) *progressbar.ProgressBar {
	max := int64(-1)
	if limit > 0 {
		max = limit.Milliseconds()
	}
	return progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(24),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetDescription("searching"),
	)
}

func printSolveSummary(w io.Writer, m *constraints.Model, res *solver.Result, r *constraints.Report, opts solveOptions) {
	verdict := "feasible"
	if !res.Score.Feasible() {
		verdict = "INFEASIBLE"
	}
	where := "stdout"
	if opts.output != "" {
		where = opts.output
	}
	fmt.Fprintf(w, "%s: %s schedule written to %s\n", m.Problem.Name, verdict, where)
	fmt.Fprintf(w, "  hard %d   soft %d\n", res.Score.Hard, res.Score.Soft)
	mps, eps := res.Rates()
	fmt.Fprintf(w, "  %s after %s · seed %d · %d workers · %d moves (%.0f/s), %d evaluated (%.0f/s)\n", res.Status,
		res.Elapsed.Round(time.Millisecond), res.Seed, res.Workers, res.Moves, mps, res.Evaluated, eps)
	if len(r.Components) == 0 {
		fmt.Fprintf(w, "\nNothing left to improve.\n")
		return
	}
	fmt.Fprintf(w, "\nWhat still hurts:\n")
	shown := 0
	for _, c := range r.Components {
		fmt.Fprintf(w, "  %s %s: cost %d (%s)\n", c.Kind, c.Constraint, c.Cost, countWord(c.Violations, "violation"))
		for i, v := range r.Violations[shown : shown+c.Violations] {
			if opts.limit > 0 && i == opts.limit {
				fmt.Fprintf(w, "    … and %d more\n", c.Violations-i)
				break
			}
			fmt.Fprintf(w, "    - %s [cost %d]\n", v.Message, v.Cost)
		}
		shown += c.Violations
	}
}
