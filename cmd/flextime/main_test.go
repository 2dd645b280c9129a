package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/solver"
)

// runCLI runs the command line in-process and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(""), &out, &errw)
	return code, out.String(), errw.String()
}

const td = "../../testdata/"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout
	}{
		{"itc2021 feasible", []string{"validate", td + "ITC2021_Test1.xml", td + "ITC2021_Test1_SolIP.xml"}, 0, "soft 1066"},
		{"ttp standard", []string{"validate", td + "NL6.txt", td + "NL6_Sol_Easton_Trick.xml"}, 0, "soft 23916"},
		{"ttp mirrored", []string{"validate", "--mirrored", td + "NL6.txt", td + "NL6_Mirrored_UB_Cheung.xml"}, 0, "soft 26588"},
		{"standard schedule under the mirrored rules", []string{"validate", "--mirrored", td + "NL6.txt", td + "NL6_Sol_Easton_Trick.xml"}, 1, "INFEASIBLE"},
		{"problem only", []string{"validate", td + "ITC2021_Test1.xml"}, 0, "valid problem"},
		{"example problem", []string{"validate", "../../examples/big12-mbb.yaml"}, 0, "16 teams"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit code = %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out, tt.out) {
				t.Errorf("stdout = %q, want it to contain %q", out, tt.out)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	// Break the optimal Test1 solution by moving one game: hard violations, exit 1, JSON on stdout.
	sol, err := os.ReadFile(td + "ITC2021_Test1_SolIP.xml")
	if err != nil {
		t.Fatal(err)
	}
	broken := writeFile(t, "broken.xml", strings.Replace(string(sol), `slot="0"`, `slot="1"`, 1))
	code, out, _ := runCLI(t, "validate", "--json", td+"ITC2021_Test1.xml", broken)
	if code != 1 {
		t.Fatalf("exit code = %d, want 1", code)
	}
	var res struct {
		Feasible   *bool  `json:"feasible"`
		Hard       *int64 `json:"hard"`
		Soft       *int64 `json:"soft"`
		Violations []struct {
			Constraint string   `json:"constraint"`
			Kind       string   `json:"kind"`
			Teams      []string `json:"teams"`
			Slots      []string `json:"slots"`
			Deviation  int64    `json:"deviation"`
			Cost       int64    `json:"cost"`
			Message    string   `json:"message"`
		} `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if res.Feasible == nil || *res.Feasible || res.Hard == nil || *res.Hard == 0 || res.Soft == nil {
		t.Fatalf("feasible/hard/soft = %v/%v/%v, want false, > 0, present", res.Feasible, res.Hard, res.Soft)
	}
	var hard int64
	for _, v := range res.Violations {
		if v.Constraint == "" || v.Kind == "" || v.Message == "" || v.Cost <= 0 || v.Deviation <= 0 {
			t.Errorf("incomplete violation %+v", v)
		}
		if v.Kind == "hard" {
			hard += v.Cost
		}
	}
	if hard != *res.Hard {
		t.Errorf("hard violation costs add up to %d, hard = %d", hard, *res.Hard)
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	inst, err := os.ReadFile(td + "ITC2021_Test1.xml")
	if err != nil {
		t.Fatal(err)
	}
	goodYAML, err := os.ReadFile("../../examples/small-league.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args func(t *testing.T) []string
		want string // substring of stderr
	}{
		{"missing file", func(*testing.T) []string { return []string{"validate", "nope.yaml"} }, "no such file"},
		{"empty file", func(t *testing.T) []string { return []string{"validate", writeFile(t, "empty.yaml", "")} }, "empty.yaml"},
		{"binary garbage", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "junk.yaml", "\x00\x01\x02\xff\xfe\x00garbage")}
		}, "junk.yaml"},
		{"yaml syntax error", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "bad.yaml", "flextime: 1\nteams: [a, b\n")}
		}, "bad.yaml:"},
		{"unknown field", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "f.yaml", strings.Replace(string(goodYAML), "\nname:", "\nnmae:", 1))}
		}, "nmae"},
		{"unknown team in a constraint", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "u.yaml", string(goodYAML)+"  - {type: no-repeat, teams: [XYZZY], hard: true}\n")}
		}, "XYZZY"},
		{"impossible date", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "d.yaml", "flextime: 1\nname: x\nteams: [{id: A}, {id: B}]\nslots: {generate: {from: 2027-02-30, weekdays: [Sat], count: 2}}\n")}
		}, "2027-02-30"},
		{"truncated xml", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "t.xml", string(inst[:len(inst)/3]))}
		}, "truncated"},
		{"solution naming team 99", func(t *testing.T) []string {
			return []string{"validate", td + "ITC2021_Test1.xml",
				writeFile(t, "s.xml", `<Solution><Games><ScheduledMatch home="99" away="0" slot="0"/></Games></Solution>`)}
		}, `home="99"`},
		{"matrix not square", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "m.txt", "4\n0 1 2 3\n1 0 1 2\n2 1 0\n")}
		}, "square"},
		{"absurd team count", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "n.txt", "2000000000\n0\n")}
		}, "team count"},
		{"odd team count short of slots names the slots line", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "odd.yaml", "flextime: 1\nname: x\nteams: [A, B, C]\nslots: {count: 4}\n")}
		}, "odd.yaml:4:1: slots: 3 teams with 4 games each need at least 6 slots (with an odd number of teams one team sits out every slot), found 4"},
		{"slot count names the slots line", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "slots.yaml", "flextime: 1\nname: x\nteams: [A, B, C, D]\nslots: {count: 4}\n")}
		}, "slots.yaml:4:1: slots: 6 games per team need at least 6 slots, found 4"},
		{"more games than dated slots", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "games.yaml", "flextime: 1\nname: x\nformat: {kind: games-per-team, games: 9}\n"+
				"teams: [A, B, C, D, E, F, G, H, I, J]\nslots: {generate: {from: 2026-09-05, weekdays: [Sat], count: 8}}\n")}
		}, "games.yaml:5:1: slots: 9 games per team need at least 9 slots, found 8"},
		{"odd team-games", func(t *testing.T) []string {
			return []string{"validate", writeFile(t, "oddgames.yaml", "flextime: 1\nname: x\nformat: {kind: games-per-team, games: 3}\n"+
				"teams: [A, B, C, D, E]\nslots: {count: 8}\n")}
		}, "5 teams with 3 games each is an odd number of team-games (15)"},
		{"unknown flag", func(*testing.T) []string { return []string{"validate", "--frobnicate", td + "NL6.txt"} }, "unknown flag"},
		{"too many arguments", func(*testing.T) []string { return []string{"validate", "a", "b", "c"} }, "accepts between 1 and 2 arg"},
		{"no arguments", func(*testing.T) []string { return []string{"validate"} }, "accepts between 1 and 2 arg"},
		{"mirrored on a non-TTP file", func(*testing.T) []string { return []string{"validate", "--mirrored", td + "ITC2021_Test1.xml"} }, "--mirrored"},
		{"unknown command", func(*testing.T) []string { return []string{"frobnicate"} }, "unknown command"},
		{"bad config file", func(t *testing.T) []string {
			return []string{"validate", "--config", writeFile(t, "c.yaml", "limit: [\n"), td + "NL6.txt"}
		}, "config"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.args(t)...)
			if code != 2 {
				t.Fatalf("exit code = %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", errOut, tt.want)
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine ") {
				t.Errorf("stderr shows a panic: %s", errOut)
			}
		})
	}
}

func TestJSONErrorOnStdout(t *testing.T) {
	code, out, _ := runCLI(t, "validate", "--json", "missing.yaml")
	if code != 2 {
		t.Fatalf("exit code = %d, want 2", code)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil || res["error"] == nil {
		t.Errorf("stdout = %q, want a JSON object with an error", out)
	}
}

// TestConfigPrecedence checks flag > FLEXTIME_* env > config file > default, using --limit, whose effect
// is visible as the number of violations listed per constraint.
func TestConfigPrecedence(t *testing.T) {
	cfg := writeFile(t, "flextime.yaml", "limit: 1\n")
	args := []string{"validate", td + "NL6.txt", td + "NL6_Sol_Easton_Trick.xml"}
	listed := func(out string) int { return strings.Count(out, "\n  - ") }
	tests := []struct {
		name  string
		env   string
		extra []string
		want  int
	}{
		{"default", "", nil, 5},
		{"config file", "", []string{"--config", cfg}, 1},
		{"env over config", "2", []string{"--config", cfg}, 2},
		{"flag over env", "2", []string{"--config", cfg, "--limit", "3"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("FLEXTIME_LIMIT", tt.env)
			}
			code, out, errOut := runCLI(t, append(append([]string{}, args...), tt.extra...)...)
			if code != 0 {
				t.Fatalf("exit code = %d: %s", code, errOut)
			}
			if got := listed(out); got != tt.want {
				t.Errorf("violations listed = %d, want %d\n%s", got, tt.want, out)
			}
		})
	}
}

func TestVersionAndCompletion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.Contains(out, "go1.") || !strings.Contains(out, "commit") {
		t.Errorf("version: exit %d, stdout %q; want exit 0 with the Go version and commit", code, out)
	}
	code, out, _ = runCLI(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "flextime") {
		t.Errorf("completion bash: exit %d, %d bytes; want a bash completion script", code, len(out))
	}
}

// TestSharedBenchViaValidate runs `flextime validate --json` on every row of the shared solution tables
// and compares with the declared official values. Skipped when ../shared is not beside the checkout.
func TestSharedBenchViaValidate(t *testing.T) {
	root := "../../../shared/bench"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("%s not found: the shared benchmark set is not beside this checkout", root)
	}
	for _, set := range []string{"itc2021", "ttp"} {
		f, err := os.Open(filepath.Join(root, set, "solutions.csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			sol, inst := row[0], row[1]
			args := []string{"validate", "--json", filepath.Join(root, set, "instances", inst), filepath.Join(root, set, "solutions", sol)}
			hardCol := 2
			if set == "ttp" {
				hardCol = 3
				if row[2] == "mirrored" {
					args = append(args, "--mirrored")
				}
			}
			wantHard, _ := strconv.ParseInt(row[hardCol], 10, 64)
			wantSoft, _ := strconv.ParseInt(row[hardCol+1], 10, 64)
			t.Run(set+"/"+sol, func(t *testing.T) {
				code, out, errOut := runCLI(t, args...)
				var res struct {
					Feasible   bool
					Hard, Soft int64
				}
				if err := json.Unmarshal([]byte(out), &res); err != nil {
					t.Fatalf("exit %d, stdout not JSON: %v\n%s", code, err, errOut)
				}
				if res.Hard != wantHard || res.Soft != wantSoft || res.Feasible != (wantHard == 0) {
					t.Errorf("validate = hard %d soft %d feasible %t, want hard %d soft %d", res.Hard, res.Soft, res.Feasible, wantHard, wantSoft)
				}
				if wantCode := map[bool]int{true: 0, false: 1}[wantHard == 0]; code != wantCode {
					t.Errorf("exit code = %d, want %d", code, wantCode)
				}
			})
		}
	}
}

// clashYAML is a season whose hard rules clash: two teams of one arena fixed to host on one date.
const clashYAML = `flextime: 1
name: clash
format: {kind: games-per-team, games: 4}
teams:
  - {id: A, venue: Shared Arena}
  - {id: B, venue: Shared Arena}
  - {id: C}
  - {id: D}
  - {id: E}
  - {id: F}
slots: {generate: {from: 2027-01-02, weekdays: [Sat], count: 6}}
fixed:
  - {home: A, away: C, slot: 2}
  - {home: B, away: D, slot: 2}
constraints:
  - {type: shared-venue, venue: Shared Arena, hard: true, name: one-arena}
`

// TestClashesBeforeSolving checks that rules which cannot all hold are named before any search: validate
// of the problem alone exits 1 and lists them (in JSON too); solve warns, searches anyway, writes the
// best schedule and exits 3.
func TestClashesBeforeSolving(t *testing.T) {
	path := writeFile(t, "clash.yaml", clashYAML)
	code, out, _ := runCLI(t, "validate", path)
	if code != 1 || !strings.Contains(out, "A hosts C and B hosts D in slot 2 (Sat 2027-01-09), but they share a venue [one-arena, fixed games]") {
		t.Fatalf("validate: exit %d, stdout %q; want 1 naming one-arena", code, out)
	}
	code, out, _ = runCLI(t, "validate", path, "--json")
	var sum struct {
		OK, Feasible bool
		Clashes      []struct {
			Message     string
			Constraints []string
		}
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("validate --json: %v\n%s", err, out)
	}
	if code != 1 || !sum.OK || sum.Feasible || len(sum.Clashes) != 1 || sum.Clashes[0].Constraints[0] != "one-arena" {
		t.Errorf("validate --json: exit %d, %+v", code, sum)
	}
	sched := filepath.Join(t.TempDir(), "out.yaml")
	code, _, errOut := runCLI(t, "solve", path, "-o", sched, "--iterations", "20000", "--no-cache", "--workers", "1")
	if code != 3 || !strings.Contains(errOut, "no schedule can satisfy these hard rules together") {
		t.Errorf("solve: exit %d, stderr %q; want 3 with the clash named", code, errOut)
	}
	if _, err := os.Stat(sched); err != nil {
		t.Errorf("solve wrote no schedule: %v", err)
	}
}

// TestExplainPartialSchedules scores, for every bundled example, an empty schedule, the first half of a
// solved one and one with every game doubled: every message must be written without a panic and every
// violation must carry a message.
func TestExplainPartialSchedules(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			m, err := loadProblem(f, false)
			if err != nil {
				t.Fatal(err)
			}
			res, err := solver.Solve(t.Context(), m, solver.Options{Workers: 1, Seed: 1, Iterations: 20000})
			if err != nil {
				t.Fatal(err)
			}
			doubled := append(append([]flextime.Game(nil), res.Games...), res.Games...)
			for name, games := range map[string][]flextime.Game{"empty": nil, "half": res.Games[:len(res.Games)/2], "doubled": doubled} {
				r := m.Explain(games)
				if got := m.Evaluate(games); got != r.Score {
					t.Errorf("%s: Evaluate %v, Explain %v", name, got, r.Score)
				}
				for _, v := range r.Violations {
					if v.Message == "" {
						t.Errorf("%s: a %s violation has no message", name, v.Constraint)
					}
				}
			}
		})
	}
}

func TestValidateHTML(t *testing.T) {
	page := filepath.Join(t.TempDir(), "report.html")
	code, _, stderr := runCLI(t, "validate", td+"ITC2021_Test1.xml", td+"ITC2021_Test1_SolIP.xml", "--html", page, "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "<!DOCTYPE html>") || !strings.Contains(string(data), "soft 1066") {
		t.Errorf("report page lacks the doctype or the score:\n%.300s", data)
	}
	if code, _, stderr := runCLI(t, "validate", td+"ITC2021_Test1.xml", "--html", page); code != 2 || !strings.Contains(stderr, "--html needs a schedule") {
		t.Errorf("--html without a schedule: exit %d, %s", code, stderr)
	}
}
