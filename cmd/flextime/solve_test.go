package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestSolveWritesWhatValidateScores(t *testing.T) {
	for _, tc := range []struct {
		name, problem, out string
		extra              []string
	}{
		{"yaml problem to yaml", "../../examples/small-league.yaml", "s.yaml", nil},
		{"itc2021 to robinx xml", td + "ITC2021_Test1.xml", "s.xml", nil},
		{"ttp mirrored to json", td + "NL6.txt", "s.json", []string{"--mirrored"}},
		// The real seasons: partial round robins, series, byes, dated calendars in several time zones.
		{"basketball season to json", "../../examples/big12-mbb.yaml", "s.json", nil},
		{"football season to yaml", "../../examples/big12-football.yaml", "s.yaml", nil},
		{"baseball series to yaml", "../../examples/big12-baseball.yaml", "s.yaml", nil},
		{"league with byes to json", "../../examples/plains-league.yaml", "s.json", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tc.out)
			args := append([]string{"solve", tc.problem, "-o", out, "--iterations", "60000", "--workers", "2", "--seed", "3", "--json"}, tc.extra...)
			code, stdout, stderr := runCLI(t, args...)
			var sum struct {
				Feasible    *bool    `json:"feasible"`
				Hard        *int64   `json:"hard"`
				Soft        *int64   `json:"soft"`
				Seed        *uint64  `json:"seed"`
				Workers     *int     `json:"workers"`
				ElapsedMS   *int64   `json:"elapsed_ms"`
				Moves       *int64   `json:"moves"`
				MovesPerSec *float64 `json:"moves_per_sec"`
				Evaluated   *int64   `json:"evaluated"`
				EvalPerSec  *float64 `json:"evaluated_per_sec"`
				Status      string   `json:"status"`
				MoveStats   []struct {
					Drawn, Valid int64
				} `json:"move_stats"`
			}
			if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
				t.Fatalf("exit %d, stdout is not JSON: %v\n%s\n%s", code, err, stdout, stderr)
			}
			if sum.Feasible == nil || sum.Hard == nil || sum.Soft == nil || sum.Seed == nil || sum.Workers == nil || sum.ElapsedMS == nil || sum.Moves == nil || sum.MovesPerSec == nil {
				t.Errorf("solve --json lacks a field of the contract: %s", stdout)
			}
			if sum.Evaluated == nil || sum.EvalPerSec == nil {
				t.Fatalf("solve --json lacks evaluated or evaluated_per_sec: %s", stdout)
			}
			var drawn, valid int64
			for _, st := range sum.MoveStats {
				drawn, valid = drawn+st.Drawn, valid+st.Valid
			}
			if *sum.Evaluated != valid || valid <= 0 || valid > drawn || (*sum.EvalPerSec > *sum.MovesPerSec) {
				t.Errorf("evaluated %d (%.0f/s) of %d moves (%.0f/s); the move statistics give %d valid of %d drawn",
					*sum.Evaluated, *sum.EvalPerSec, *sum.Moves, *sum.MovesPerSec, valid, drawn)
			}
			// The whole budget, unless a schedule cost nothing (then no other can do better).
			perfect := sum.Status == "perfect score" && *sum.Hard == 0 && *sum.Soft == 0 && *sum.Moves < 60000
			if (*sum.Moves != 60000 && !perfect) || *sum.Workers != 2 || *sum.Seed != 3 {
				t.Errorf("moves %d (%s) workers %d seed %d, want 60000, 2, 3", *sum.Moves, sum.Status, *sum.Workers, *sum.Seed)
			}
			want := map[bool]int{true: 0, false: 3}[*sum.Feasible]
			if code != want {
				t.Errorf("exit %d, want %d for feasible=%t", code, want, *sum.Feasible)
			}
			vargs := append([]string{"validate", "--json", tc.problem, out}, tc.extra...)
			_, vout, verr := runCLI(t, vargs...)
			var res struct{ Hard, Soft int64 }
			if err := json.Unmarshal([]byte(vout), &res); err != nil {
				t.Fatalf("validate output is not JSON: %v\n%s", err, verr)
			}
			if res.Hard != *sum.Hard || res.Soft != *sum.Soft {
				t.Errorf("solve reported hard %d soft %d, validate says hard %d soft %d", *sum.Hard, *sum.Soft, res.Hard, res.Soft)
			}
			if strings.Contains(verr, "warning") {
				t.Errorf("validate warns about the written file: %s", verr)
			}
		})
	}
}

func TestSolveInfeasibleExitsThree(t *testing.T) {
	// Every team is barred from playing in slot 1: no schedule can be feasible.
	src, err := os.ReadFile("../../examples/small-league.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := writeFile(t, "p.yaml", string(src)+"  - {type: blackout, teams: all, slots: [\"1\"], hard: true, name: closed}\n")
	out := filepath.Join(t.TempDir(), "s.yaml")
	code, stdout, stderr := runCLI(t, "solve", p, "-o", out, "--iterations", "20000", "--workers", "1")
	if code != 3 {
		t.Fatalf("exit %d, want 3\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "INFEASIBLE") || !strings.Contains(stdout, "closed") {
		t.Errorf("summary should say INFEASIBLE and name the clashing rule: %s", stdout)
	}
	if code, _, _ := runCLI(t, "validate", p, out); code != 1 {
		t.Errorf("validate of the written infeasible schedule: exit %d, want 1", code)
	}
}

func TestSolveToStdout(t *testing.T) {
	code, stdout, stderr := runCLI(t, "solve", td+"NL6.txt", "--iterations", "20000", "--workers", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "games:") || !strings.Contains(stderr, "soft") {
		t.Errorf("schedule should go to stdout and the summary to stderr\nstdout: %.200s\nstderr: %.200s", stdout, stderr)
	}
}

func TestSolveBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"solve", td + "NL6.txt", "--target", "abc"},
		{"solve", td + "NL6.txt", "--format", "pdf"},
		{"solve", td + "NL6.txt", "--workers", "-1"},
		{"solve"},
		{"solve", "missing.yaml"},
	} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestSolveInterrupted runs the real binary, interrupts it, and checks exit 130 with the best schedule
// so far on disk, scored by validate as solve reported.
func TestSolveInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "flextime")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(t.TempDir(), "s.yaml")
	cmd := exec.Command(bin, "solve", "../../examples/big12-mbb.yaml", "-o", out, "--time-limit", "60s", "--json")
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit = %v, want 130", err)
	}
	var sum struct{ Hard, Soft int64 }
	if err := json.Unmarshal([]byte(stdout.String()), &sum); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout.String())
	}
	vout, _ := exec.Command(bin, "validate", "--json", "../../examples/big12-mbb.yaml", out).Output()
	var res struct{ Hard, Soft int64 }
	if err := json.Unmarshal(vout, &res); err != nil {
		t.Fatalf("validate of the interrupted schedule: %v\n%s", err, vout)
	}
	if res != sum {
		t.Errorf("interrupted solve reported %+v, validate says %+v", sum, res)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("output folder holds %d entries, want only the schedule (no temporary files)", len(entries))
	}
}

// TestSolveWritesCSVAndICS checks the formats for people: the extension picks CSV or iCalendar, --format
// overrides it, and the file holds one row or event per game of every meeting.
func TestSolveWritesCSVAndICS(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ out, format, marker string }{
		{"s.csv", "", "slot,date,weekday,start,home"},
		{"s.ics", "", "BEGIN:VCALENDAR"},
		{"s.txt", "ics", "BEGIN:VCALENDAR"},
	} {
		out := filepath.Join(dir, tc.out)
		args := []string{"solve", "../../examples/big12-baseball.yaml", "-o", out, "--iterations", "20000", "--workers", "1", "--no-cache", "--quiet"}
		if tc.format != "" {
			args = append(args, "--format", tc.format)
		}
		if code, _, stderr := runCLI(t, args...); code != 0 && code != 3 {
			t.Fatalf("%s: exit %d: %s", tc.out, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), tc.marker) {
			t.Errorf("%s starts %q, want %q", tc.out, string(data[:min(len(data), 40)]), tc.marker)
		}
		// 70 three-game series: 210 rows (and a header) or 210 events.
		rows := strings.Count(string(data), "\n") - 1
		if strings.HasSuffix(tc.out, ".csv") && rows != 210 {
			t.Errorf("%s: %d rows, want 210", tc.out, rows)
		}
		if events := strings.Count(string(data), "BEGIN:VEVENT"); tc.marker == "BEGIN:VCALENDAR" && events != 210 {
			t.Errorf("%s: %d events, want 210", tc.out, events)
		}
	}
	if code, _, stderr := runCLI(t, "solve", "../../examples/big12-baseball.yaml", "--format", "pdf"); code != 2 ||
		!strings.Contains(stderr, "use yaml, json, xml, csv, ics or html") {
		t.Errorf("--format pdf: exit %d, %s", code, stderr)
	}
}
