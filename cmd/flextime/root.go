package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/flextime/flextime"
)

// Exit codes (DESIGN §7).
const (
	exitOK          = 0
	exitViolations  = 1 // validate: the schedule breaks hard constraints
	exitBadInput    = 2 // bad input or usage
	exitInfeasible  = 3 // solve: no feasible schedule found
	exitInterrupted = 130
)

// errHardViolations reports that a validated schedule is infeasible; its report is already printed.
var errHardViolations = errors.New("the schedule breaks hard constraints")

// errClash reports a problem whose hard rules clash (see constraints.Model.Clashes); it exits as hard
// violations do.
var errClash error = clashError{}

type clashError struct{}

func (clashError) Error() string {
	return "the problem's hard rules clash: no schedule can satisfy them all"
}
func (clashError) Is(target error) bool { return target == errHardViolations }

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// streams are where a command reads and writes.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// globalOptions are the flags every command has.
type globalOptions struct {
	config string
	json   bool
	quiet  bool
	debug  bool
}

// run executes the command line and returns the process exit code. It is the one place that maps errors
// to exit codes.
func run(ctx context.Context, args []string, in io.Reader, out, errw io.Writer) int {
	io := streams{in: in, out: out, err: errw}
	v := viper.New()
	g := &globalOptions{}
	root := newRootCmd(io, v, g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(err)
	if code != exitViolations || !g.json {
		fmt.Fprintf(errw, "flextime: %s\n", message(err, g.debug))
	}
	if g.json && code == exitBadInput {
		writeJSONError(out, err)
	}
	if _, ok := errors.AsType[usageError](err); ok {
		fmt.Fprintf(errw, "Run 'flextime --help' for usage.\n")
	}
	return code
}

func exitCode(err error) int {
	switch {
	case errors.Is(err, errHardViolations):
		return exitViolations
	case errors.Is(err, errNoFeasible):
		return exitInfeasible
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return exitInterrupted
	}
	// Bad input, usage and anything unexpected: never 1, which CI reads as "hard violations".
	return exitBadInput
}

// message is what the user sees for an error: where, what and what to try.
func message(err error, debug bool) string {
	if debug {
		return fmt.Sprintf("%+v", err)
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		what := pathErr.Err.Error()
		if errors.Is(pathErr.Err, fs.ErrNotExist) {
			what = "no such file"
		}
		return fmt.Sprintf("%s: %s", pathErr.Path, what)
	}
	return err.Error()
}

func writeJSONError(w io.Writer, err error) {
	out := map[string]any{"error": message(err, false)}
	if ie, ok := errors.AsType[*flextime.InputError](err); ok {
		out["file"], out["line"], out["column"], out["path"] = ie.Pos.File, ie.Pos.Line, ie.Pos.Col, ie.Pos.Path
		out["message"], out["hint"] = ie.Msg, ie.Hint
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}

func newRootCmd(io streams, v *viper.Viper, g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "flextime",
		Short: "Build and check sports schedules",
		Long: `flextime builds and checks sports schedules: conference and league seasons where every team
meets its opponents on a calendar, under hard rules and soft wishes.

PROBLEM files may be flextime YAML, RobinX/ITC2021 XML instances, or Traveling Tournament
Problem distance-matrix .txt files. Settings come from flags, then FLEXTIME_* environment
variables, then the --config file.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return loadConfig(cmd, v, g)
		},
	}
	root.SetOut(io.out)
	root.SetErr(io.err)
	root.SetIn(io.in)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.String("config", "", "read settings from this file (YAML, TOML or JSON)")
	pf.Bool("json", false, "print machine-readable JSON on stdout")
	pf.BoolP("quiet", "q", false, "print nothing but results and errors")
	pf.Bool("debug", false, "print error details")
	root.AddCommand(newValidateCmd(io, v, g), newSolveCmd(io, v, g), newBenchCmd(io, v, g), newVersionCmd(io, v, g),
		newCacheCmd(io, v, g)) // cache: issue 5 (cache.go)
	return root
}

// loadConfig binds the executing command's flags to viper and reads the config file, so that every
// setting resolves as flag > FLEXTIME_* env > config file > default.
func loadConfig(cmd *cobra.Command, v *viper.Viper, g *globalOptions) error {
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return err
	}
	v.SetEnvPrefix("FLEXTIME")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	if path := v.GetString("config"); path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return flextime.Errorf(flextime.Position{File: path}, "cannot read config: %v", err).
				WithHint("the config file may be YAML, TOML or JSON with keys named like the flags")
		}
	}
	g.config = v.GetString("config")
	g.json = v.GetBool("json")
	g.quiet = v.GetBool("quiet")
	g.debug = v.GetBool("debug")
	return nil
}

// exactArgs is cobra.RangeArgs with a usage error.
func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.RangeArgs(lo, hi)(cmd, args); err != nil {
			return usageError{fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
		}
		return nil
	}
}
