package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/export"
)

type validateOptions struct {
	problem  string
	schedule string
	mirrored bool
	limit    int
	json     bool
	quiet    bool
	html     string
}

func newValidateCmd(io streams, v *viper.Viper, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate PROBLEM [SCHEDULE]",
		Short: "Check a problem file, or score a schedule against it",
		Long: `With one argument, validate checks that a problem file is well formed and can be scheduled:
it also looks, without searching, for hard rules that no schedule can satisfy together (a team
with fewer open slots than games, two teams sharing an arena fixed to host in one slot, a fixed
game on a blackout date) and names them. With two, it scores the schedule: feasible or not, hard
and soft totals, and every violation grouped by constraint, worst first.

Exit status: 0 feasible (or a valid problem), 1 hard violations (or, with one argument, rules
that clash), 2 bad input or usage.`,
		Example: `  flextime validate examples/big12-mbb.yaml
  flextime validate problem.yaml schedule.yaml --json
  flextime validate problem.yaml schedule.yaml --html report.html
  flextime validate ITC2021_Early_1.xml solution.xml
  flextime validate NL8.txt solution.xml --mirrored`,
		Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := validateOptions{
				problem:  args[0],
				mirrored: v.GetBool("mirrored"),
				limit:    v.GetInt("limit"),
				html:     v.GetString("html"),
				json:     g.json,
				quiet:    g.quiet,
			}
			if len(args) == 2 {
				opts.schedule = args[1]
			}
			return runValidate(cmd.Context(), io, opts)
		},
	}
	cmd.Flags().Bool("mirrored", false, "read a TTP instance as its mirrored variant")
	cmd.Flags().Int("limit", 5, "violations to show per constraint (0 shows all)")
	cmd.Flags().String("html", "", "also write the report as a web page with the season grid to this file")
	return cmd
}

// problemSummary is validate's JSON for a problem checked alone.
type problemSummary struct {
	OK          bool                `json:"ok"`
	Feasible    bool                `json:"feasible"` // false when hard rules clash (see clashes)
	Name        string              `json:"name"`
	Teams       int                 `json:"teams"`
	Slots       int                 `json:"slots"`
	Games       int                 `json:"games_per_team"`
	Constraints int                 `json:"constraints"`
	Primitives  int                 `json:"primitives"`
	Fingerprint string              `json:"fingerprint"`
	Clashes     []constraints.Clash `json:"clashes"`
}

// validateResult is validate's JSON for a scored schedule.
type validateResult struct {
	Feasible    bool                    `json:"feasible"`
	Hard        int64                   `json:"hard"`
	Soft        int64                   `json:"soft"`
	Games       int                     `json:"games"`
	Fingerprint string                  `json:"fingerprint"`
	Components  []constraints.Component `json:"components"`
	Violations  []constraints.Violation `json:"violations"`
}

func runValidate(ctx context.Context, io streams, opts validateOptions) error {
	if opts.limit < 0 {
		return usageError{errors.New("--limit must not be negative")}
	}
	m, err := loadProblem(opts.problem, opts.mirrored)
	if err != nil {
		return err
	}
	if opts.schedule == "" {
		if opts.html != "" {
			return usageError{errors.New("--html needs a schedule to report on: validate PROBLEM SCHEDULE --html FILE")}
		}
		clashes := m.Clashes()
		sum := problemSummary{OK: true, Feasible: len(clashes) == 0, Name: m.Problem.Name, Teams: m.N, Slots: m.S, Games: m.Games,
			Constraints: len(m.Problem.Constraints), Primitives: len(m.Prims), Fingerprint: m.Fingerprint, Clashes: clashes}
		if sum.Clashes == nil {
			sum.Clashes = []constraints.Clash{}
		}
		if opts.json {
			if err := writeJSON(io.out, sum); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(io.out, "%s: valid problem %q: %d teams, %d slots, %d constraints\n", opts.problem, sum.Name,
				sum.Teams, sum.Slots, sum.Constraints)
			if len(clashes) > 0 {
				fmt.Fprintf(io.out, "\nbut no schedule can satisfy these hard rules together:\n%s", constraints.ClashText(clashes))
			}
		}
		if len(clashes) > 0 {
			return errClash
		}
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s, err := loadSchedule(opts.schedule, m)
	if err != nil {
		return err
	}
	r := m.Explain(s.Games)
	if opts.html != "" {
		var b bytes.Buffer
		if err := export.WriteHTML(&b, m, s, r, export.HTMLOptions{Made: time.Now()}); err != nil {
			return err
		}
		if err := writeFileAtomic(opts.html, b.Bytes()); err != nil {
			return fmt.Errorf("write %s: %w", opts.html, err)
		}
	}
	if !opts.quiet {
		if s.Score != nil && *s.Score != r.Score {
			fmt.Fprintf(io.err, "warning: %s states %s; flextime computes %s\n", opts.schedule, *s.Score, r.Score)
		}
		if s.Fingerprint != "" && s.Fingerprint != m.Fingerprint {
			fmt.Fprintf(io.err, "warning: %s was made for a different version of the problem (fingerprint %s, now %s)\n",
				opts.schedule, s.Fingerprint, m.Fingerprint)
		}
	}
	if opts.json {
		res := validateResult{Feasible: r.Score.Feasible(), Hard: r.Score.Hard, Soft: r.Score.Soft, Games: len(s.Games),
			Fingerprint: m.Fingerprint, Components: r.Components, Violations: r.Violations}
		if res.Components == nil {
			res.Components = []constraints.Component{}
		}
		if res.Violations == nil {
			res.Violations = []constraints.Violation{}
		}
		if err := writeJSON(io.out, res); err != nil {
			return err
		}
	} else {
		printReport(io.out, m, r, opts)
	}
	if !r.Score.Feasible() {
		return errHardViolations
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printReport writes the human report: verdict, totals, then violations grouped by constraint.
func printReport(w io.Writer, m *constraints.Model, r *constraints.Report, opts validateOptions) {
	verdict := "FEASIBLE"
	if !r.Score.Feasible() {
		verdict = "INFEASIBLE"
	}
	name := m.Problem.Name
	if name == "" {
		name = opts.problem
	}
	fmt.Fprintf(w, "%s: %s\n", name, verdict)
	fmt.Fprintf(w, "  hard %d   soft %d\n", r.Score.Hard, r.Score.Soft)
	if len(r.Components) == 0 {
		fmt.Fprintf(w, "\nNo violations.\n")
		return
	}
	shown := 0
	for _, c := range r.Components {
		fmt.Fprintf(w, "\n%s %s (%s): cost %d, %s\n", strings.ToUpper(c.Kind[:1])+c.Kind[1:], c.Constraint, c.Type, c.Cost,
			countWord(c.Violations, "violation"))
		n := 0
		for _, v := range r.Violations[shown : shown+c.Violations] {
			if opts.limit > 0 && n == opts.limit {
				fmt.Fprintf(w, "    … and %d more (--limit 0 shows all)\n", c.Violations-n)
				break
			}
			fmt.Fprintf(w, "  - %s [cost %d]\n", v.Message, v.Cost)
			n++
		}
		shown += c.Violations
	}
}

func countWord(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
