package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBench(t *testing.T) {
	dir := t.TempDir()
	inst := filepath.Join(dir, "instances")
	if err := os.Mkdir(inst, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(td + "NL6.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inst, "NL6.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	table := "instance,variant,teams,best_known_ub\nNL6,standard,6,23916\nNL6,mirrored,6,26588\n"
	if err := os.WriteFile(filepath.Join(dir, "best_known.csv"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	csvPath, mdPath := filepath.Join(dir, "r.csv"), filepath.Join(dir, "r.md")
	code, out, errOut := runCLI(t, "bench", filepath.Join(inst, "NL6.txt"), "--seeds", "2", "--time-limit", "300ms",
		"--workers", "1", "--csv", csvPath, "--md", mdPath, "--mirrored")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "| NL6 | 26588 |") {
		t.Errorf("table should list NL6 with the mirrored best known 26588:\n%s", out)
	}
	csvData, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csvData)), "\n")
	// instance, best known, best, median, two gaps, feasible runs, runs, least hard, moves/s, evaluated/s,
	// target columns
	row := regexp.MustCompile(`^NL6,26588,[^,]*,[^,]*,[^,]*,[^,]*,[0-2],2,[0-9]+,([0-9]+),([0-9]+),0,$`)
	if len(lines) != 2 || !row.MatchString(lines[1]) {
		t.Errorf("CSV = %q, want a header and one NL6 row of 2 runs", csvData)
	} else {
		rates := row.FindStringSubmatch(lines[1])
		moves, _ := strconv.Atoi(rates[1])
		evals, _ := strconv.Atoi(rates[2])
		if evals <= 0 || evals > moves {
			t.Errorf("evaluated %d/s of %d moves/s: want some, and no more than were drawn", evals, moves)
		}
	}
	md, err := os.ReadFile(mdPath)
	if err != nil || string(md) != out {
		t.Errorf("Markdown file differs from the printed table (err %v)", err)
	}
	if code, _, _ := runCLI(t, "bench"); code != 2 {
		t.Errorf("bench without instances: exit %d, want 2", code)
	}
}

func TestBenchTarget(t *testing.T) {
	code, out, errOut := runCLI(t, "bench", td+"NL6.txt", "--seeds", "2", "--time-limit", "20s", "--workers", "1",
		"--best-known", "/nonexistent.csv", "--target", "40000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Any feasible NL6 schedule travels less than 40000, so both runs stop at the target.
	if !strings.Contains(out, "| 2/2 | 0 |") || !strings.Contains(out, "median time to target") {
		t.Errorf("table should report 2/2 runs reaching the target:\n%s", out)
	}
}

func TestMedianTimeCountsMissedRuns(t *testing.T) {
	s := time.Second
	for _, c := range []struct {
		reached []time.Duration
		runs    int
		want    time.Duration
	}{
		{[]time.Duration{3 * s, 1 * s, 2 * s}, 3, 2 * s},
		{[]time.Duration{3 * s, 1 * s, 2 * s}, 5, 3 * s}, // two missed runs are the two slowest
		{[]time.Duration{1 * s, 2 * s}, 5, -1},           // the median run missed
		{[]time.Duration{4 * s, 1 * s, 3 * s, 2 * s}, 4, 2500 * time.Millisecond},
		{[]time.Duration{1 * s, 2 * s}, 4, -1},
		{nil, 1, -1},
	} {
		if got := medianTime(slices.Clone(c.reached), c.runs); got != c.want {
			t.Errorf("medianTime(%v, %d) = %v, want %v", c.reached, c.runs, got, c.want)
		}
	}
}
