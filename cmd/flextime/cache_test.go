package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/io/store"
	"github.com/flextime/flextime/solver"
)

// TestMain keeps every test of this package, and the binaries they start, away from the user's real
// cache: FLEXTIME_CACHE points into a temporary folder. Tests that check the cache pass their own
// --cache. (XDG_CACHE_HOME is left alone: the go command the interruption test runs keeps its build
// cache there.)
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "flextime-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("FLEXTIME_CACHE", filepath.Join(dir, "shared-cache.db"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const nl6 = "../../examples/ttp-nl6.yaml"

// solveResult is the part of solve --json the cache tests read.
type solveResult struct {
	Feasible bool
	Hard     int64
	Soft     int64
	Cache    struct {
		Enabled    bool     `json:"enabled"`
		Path       string   `json:"path"`
		WarmStart  string   `json:"warm_start"`
		StartHard  *int64   `json:"start_hard"`
		StartSoft  *int64   `json:"start_soft"`
		Stored     bool     `json:"stored"`
		Improved   bool     `json:"improved"`
		BestMS     *int64   `json:"best_ms"`
		OverheadMS *float64 `json:"overhead_ms"`
	}
}

// solveJSON runs solve --json with a small budget and returns its exit code, summary and stderr.
func solveJSON(t *testing.T, problem string, args ...string) (int, solveResult, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "s.yaml")
	all := append([]string{"solve", problem, "-o", out, "--iterations", "20000", "--workers", "1", "--json"}, args...)
	code, stdout, stderr := runCLI(t, all...)
	var res solveResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("solve %v: exit %d, stdout is not JSON: %v\n%s\n%s", args, code, err, stdout, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("solve %v wrote no schedule: %v", args, err)
	}
	return code, res, stderr
}

type problemRow struct {
	Fingerprint string
	Name        string
	Best        *struct{ Hard, Soft int64 }
	Solutions   int
	ExactHits   int64 `json:"exact_hits"`
	ShapeHits   int64 `json:"shape_hits"`
	Misses      int64
}

func cacheLs(t *testing.T, cache string) []problemRow {
	t.Helper()
	code, out, errOut := runCLI(t, "cache", "ls", "--json", "--cache", cache)
	var rows []problemRow
	if err := json.Unmarshal([]byte(out), &rows); code != 0 || err != nil {
		t.Fatalf("cache ls: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	return rows
}

func TestSolveWarmStartsFromTheBestStoredSchedule(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache.db")
	code, first, stderr := solveJSON(t, nl6, "--cache", cache, "--seed", "1")
	if code != 0 || !first.Cache.Enabled || first.Cache.WarmStart != "none" || !first.Cache.Stored || !first.Cache.Improved {
		t.Fatalf("first solve: exit %d, cache %+v; want a miss, then the result stored as the new best\n%s", code, first.Cache, stderr)
	}
	if first.Cache.OverheadMS == nil || first.Cache.BestMS == nil {
		t.Errorf("cache summary lacks overhead_ms or best_ms: %+v", first.Cache)
	}
	code, second, stderr := solveJSON(t, nl6, "--cache", cache, "--seed", "2")
	if code != 0 || second.Cache.WarmStart != "exact" || second.Cache.StartSoft == nil || *second.Cache.StartSoft != first.Soft {
		t.Fatalf("second solve: exit %d, cache %+v; want an exact warm start from soft %d\n%s", code, second.Cache, first.Soft, stderr)
	}
	if !strings.Contains(stderr, "warm start from the best cached schedule") {
		t.Errorf("stderr does not say where the start came from: %s", stderr)
	}
	if second.Soft > first.Soft || second.Hard != 0 {
		t.Errorf("warm-started solve ended at hard %d soft %d, worse than its start soft %d", second.Hard, second.Soft, first.Soft)
	}
	rows := cacheLs(t, cache)
	if len(rows) != 1 || rows[0].Best == nil || rows[0].Best.Soft != min(first.Soft, second.Soft) || rows[0].ExactHits != 1 || rows[0].Misses != 1 {
		t.Errorf("cache ls = %+v, want one problem with best soft %d, one exact hit, one miss", rows, min(first.Soft, second.Soft))
	}

	// --no-warm-start skips the lookup but still stores the result; --quiet silences the note.
	code, third, stderr := solveJSON(t, nl6, "--cache", cache, "--no-warm-start", "--quiet")
	if code != 0 || third.Cache.WarmStart != "skipped" || !third.Cache.Stored {
		t.Errorf("--no-warm-start: exit %d, cache %+v; want skipped and stored", code, third.Cache)
	}
	if strings.Contains(stderr, "warm start") {
		t.Errorf("--quiet still notes the warm start: %s", stderr)
	}
}

func TestSolveEditedProblemStartsFromTheSameShape(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache.db")
	if code, _, stderr := solveJSON(t, nl6, "--cache", cache); code != 0 {
		t.Fatalf("first solve: exit %d\n%s", code, stderr)
	}
	src, err := os.ReadFile(nl6)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "{type: travel, weight: 1}", "{type: travel, weight: 3}", 1)
	if edited == string(src) {
		t.Fatal("the example no longer has a travel weight of 1 to edit")
	}
	p := writeFile(t, "edited.yaml", edited)
	code, res, stderr := solveJSON(t, p, "--cache", cache)
	if code != 0 || res.Cache.WarmStart != "shape" || res.Cache.StartSoft == nil {
		t.Fatalf("edited solve: exit %d, cache %+v; want a shape warm start\n%s", code, res.Cache, stderr)
	}
	rows := cacheLs(t, cache)
	if len(rows) != 2 {
		t.Fatalf("cache ls lists %d problems, want 2", len(rows))
	}
	// The start is the stored schedule rescored under the new weight: three times its travel.
	orig := rows[1]
	if orig.Best == nil || *res.Cache.StartSoft != 3*orig.Best.Soft {
		t.Errorf("start soft = %d, want 3 × %v (the stored best under the new weight)", *res.Cache.StartSoft, orig.Best)
	}
	if res.Soft > *res.Cache.StartSoft {
		t.Errorf("result soft %d is worse than the start %d", res.Soft, *res.Cache.StartSoft)
	}
	if rows[0].ShapeHits != 1 {
		t.Errorf("edited problem's shape hits = %d, want 1", rows[0].ShapeHits)
	}
}

func TestSolveMovesADamagedCacheAsideAndFinishes(t *testing.T) {
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache.db")
	if err := os.WriteFile(cache, bytes.Repeat([]byte("garbage!"), 1000), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "s.yaml")
	code, stdout, stderr := runCLI(t, "solve", nl6, "-o", out, "--iterations", "20000", "--workers", "1", "--cache", cache)
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "warning") || !strings.Contains(stderr, "damaged") {
		t.Errorf("stderr = %q, want a warning that the cache is damaged", stderr)
	}
	if code, _, verr := runCLI(t, "validate", nl6, out); code != 0 {
		t.Errorf("validate of the written schedule: exit %d\n%s", code, verr)
	}
	if moved, _ := filepath.Glob(cache + ".corrupt-*"); len(moved) != 1 {
		t.Errorf("damaged files kept aside = %v, want one", moved)
	}
	if rows := cacheLs(t, cache); len(rows) != 1 || rows[0].Best == nil {
		t.Errorf("rebuilt cache lists %+v, want the solved problem with its schedule", rows)
	}
}

func TestSolveRunsWithoutAnUnwritableCache(t *testing.T) {
	notADir := writeFile(t, "file", "")
	code, res, stderr := solveJSON(t, nl6, "--cache", filepath.Join(notADir, "cache.db"))
	if code != 0 || res.Cache.Enabled || res.Cache.WarmStart != "off" {
		t.Fatalf("exit %d, cache %+v; want exit 0 without the cache", code, res.Cache)
	}
	if !strings.Contains(stderr, "running without the cache") {
		t.Errorf("stderr = %q, want it to say the solve runs without the cache", stderr)
	}
}

func TestSolveNoCacheTouchesNothing(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache.db")
	code, res, _ := solveJSON(t, nl6, "--cache", cache, "--no-cache")
	if code != 0 || res.Cache.Enabled || res.Cache.WarmStart != "off" {
		t.Errorf("exit %d, cache %+v; want the cache off", code, res.Cache)
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Errorf("--no-cache created %s (stat: %v)", cache, err)
	}
	t.Setenv("FLEXTIME_NO_CACHE", "true")
	if _, res, _ := solveJSON(t, nl6, "--cache", cache); res.Cache.Enabled {
		t.Errorf("FLEXTIME_NO_CACHE=true: cache %+v, want off", res.Cache)
	}
}

// TestTwoSolvesAtOnce runs two solves of one problem at the same time on one cache (each with its own
// connection): both finish, and the pool keeps the better result.
func TestTwoSolvesAtOnce(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache.db")
	var wg sync.WaitGroup
	var results [2]solveResult
	var codes [2]int
	var stderrs [2]string
	for i := range results {
		wg.Go(func() {
			out := filepath.Join(t.TempDir(), "s.yaml")
			var stdout, stderr bytes.Buffer
			codes[i] = run(t.Context(), []string{"solve", nl6, "-o", out, "--iterations", "30000", "--workers", "1", "--json",
				"--seed", fmt.Sprint(i + 1), "--cache", cache, "--no-warm-start"}, strings.NewReader(""), &stdout, &stderr)
			stderrs[i] = stderr.String()
			if err := json.Unmarshal(stdout.Bytes(), &results[i]); err != nil {
				t.Errorf("solve %d: stdout is not JSON: %v\n%s", i, err, stderr.String())
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		if codes[i] != 0 || !r.Cache.Stored {
			t.Errorf("solve %d: exit %d, cache %+v; want exit 0 and the result stored\n%s", i, codes[i], r.Cache, stderrs[i])
		}
	}
	rows := cacheLs(t, cache)
	want := min(results[0].Soft, results[1].Soft)
	if len(rows) != 1 || rows[0].Best == nil || rows[0].Best.Soft != want {
		t.Errorf("cache ls = %+v, want one problem with best soft %d", rows, want)
	}
}

// TestInterruptedSolveStoresItsBest cancels a long solve once it has stored a first best and checks that
// the schedule it reports is in the pool. (Cancelled at a fixed time instead, a loaded machine could
// cancel it while it was still opening the cache, and it would rightly run without one.)
func TestInterruptedSolveStoresItsBest(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "cache.db")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr bytes.Buffer
	out := filepath.Join(t.TempDir(), "s.yaml")
	ended := make(chan int)
	go func() {
		ended <- run(ctx, []string{"solve", "../../examples/big12-mbb.yaml", "-o", out, "--time-limit", "60s", "--workers", "1",
			"--json", "--cache", cache}, strings.NewReader(""), &stdout, &stderr)
	}()
	var code int
wait:
	for {
		select {
		case code = <-ended:
			t.Fatalf("the solve ended (exit %d) before it was cancelled\n%s", code, stderr.String())
		case <-time.After(50 * time.Millisecond):
			// cache ls lists a file that does not exist yet as empty, and does not create it.
			if rows := cacheLs(t, cache); len(rows) == 1 && rows[0].Best != nil {
				break wait
			}
		}
	}
	cancel()
	code = <-ended
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, exitInterrupted, stderr.String())
	}
	var res solveResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	rows := cacheLs(t, cache)
	if len(rows) != 1 || rows[0].Best == nil || rows[0].Best.Hard != res.Hard || rows[0].Best.Soft != res.Soft || !res.Cache.Stored {
		t.Errorf("cache ls = %+v after an interrupted solve that reported hard %d soft %d (cache %+v)", rows, res.Hard, res.Soft, res.Cache)
	}
}

func TestCacheCommands(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "sub", "cache.db")

	// Before any solve: no file, and looking does not create one.
	code, out, _ := runCLI(t, "cache", "stats", "--cache", cache)
	if code != 0 || !strings.Contains(out, "no cache at") {
		t.Errorf("stats of a missing cache: exit %d, %q", code, out)
	}
	if code, out, _ := runCLI(t, "cache", "ls", "--cache", cache); code != 0 || !strings.Contains(out, "no cached problems") {
		t.Errorf("ls of a missing cache: exit %d, %q", code, out)
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Errorf("looking at a missing cache created it: %v", err)
	}

	solveJSON(t, nl6, "--cache", cache)
	solveJSON(t, nl6, "--cache", cache)

	code, out, _ = runCLI(t, "cache", "stats", "--cache", cache)
	for _, want := range []string{cache, "problems:    1, with ", "2 lookups: 1 from the same problem, 0 from an edited one, 1 misses (hit rate 50%)"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("cache stats: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	code, out, _ = runCLI(t, "cache", "stats", "--json", "--cache", cache)
	var st struct {
		Exists              bool
		Bytes               int64
		Problems, Solutions int
		Lookups             int64
		HitRate             float64 `json:"hit_rate"`
		ExactHits           int64   `json:"exact_hits"`
		SchemaVersion       int     `json:"schema_version"`
		Misses              int64
	}
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil || !st.Exists || st.Bytes == 0 || st.Problems != 1 ||
		st.Lookups != 2 || st.HitRate != 0.5 || st.SchemaVersion < 1 {
		t.Errorf("cache stats --json: exit %d, %v, %+v", code, err, st)
	}
	code, out, _ = runCLI(t, "cache", "ls", "--cache", cache)
	if code != 0 || !strings.Contains(out, "FINGERPRINT") || !strings.Contains(out, "NL6") || !strings.Contains(out, "hard 0 soft") {
		t.Errorf("cache ls: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "cache", "clear", "--cache", cache)
	if code != 0 || !strings.Contains(out, ": 1 problems, ") {
		t.Errorf("cache clear: exit %d, %q", code, out)
	}
	if rows := cacheLs(t, cache); len(rows) != 0 {
		t.Errorf("after clear, cache ls = %+v", rows)
	}
	if code, _, _ := runCLI(t, "cache", "nonsense"); code != 2 {
		t.Errorf("cache nonsense: exit %d, want 2", code)
	}
}

func TestCachePathPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, "flextime.yaml", "cache: "+filepath.Join(dir, "from-config.db")+"\n")
	tests := []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"default: the user cache directory", "", nil, filepath.Join(dir, "xdg", "flextime", "cache.db")},
		{"config file", "", []string{"--config", cfg}, filepath.Join(dir, "from-config.db")},
		{"env over config", filepath.Join(dir, "from-env.db"), []string{"--config", cfg}, filepath.Join(dir, "from-env.db")},
		{"flag over env", filepath.Join(dir, "from-env.db"), []string{"--cache", filepath.Join(dir, "flag.db")}, filepath.Join(dir, "flag.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "xdg"))
			t.Setenv("FLEXTIME_CACHE", tt.env) // empty counts as unset
			code, out, errOut := runCLI(t, append([]string{"cache", "path"}, tt.args...)...)
			if code != 0 || strings.TrimSpace(out) != tt.want {
				t.Errorf("cache path: exit %d, %q, want %q\n%s", code, out, tt.want, errOut)
			}
		})
	}
}

func TestChainObservers(t *testing.T) {
	var calls []string
	a := func(solver.Progress) { calls = append(calls, "a") }
	b := func(solver.Progress) { calls = append(calls, "b") }
	if chainObservers(nil, nil) != nil {
		t.Error("chainObservers(nil, nil) != nil")
	}
	chainObservers(nil, a)(solver.Progress{})
	chainObservers(a, nil, b)(solver.Progress{})
	if got := strings.Join(calls, ""); got != "aab" {
		t.Errorf("calls = %q, want aab", got)
	}
}

// TestSolveStoresNewBestsWhileRunning watches the cache from outside while a long solve runs: its best
// schedules show up in the pool before it ends, so a run that is killed keeps what it found.
func TestSolveStoresNewBestsWhileRunning(t *testing.T) {
	// Write every new best at once, so that what the test sees depends on the search's progress and not
	// on how fast a loaded machine runs it.
	defer func(d time.Duration) { writeEvery = d }(writeEvery)
	writeEvery = 0
	cache := filepath.Join(t.TempDir(), "cache.db")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		done <- run(ctx, []string{"solve", "../../examples/big12-mbb.yaml", "-o", filepath.Join(t.TempDir(), "s.yaml"),
			"--time-limit", "10m", "--workers", "1", "--cache", cache}, strings.NewReader(""), &stdout, &stderr)
	}()
	var seen int
	deadline := time.Now().Add(2 * time.Minute)
	for seen < 2 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		st, err := store.Open(t.Context(), cache, store.Options{})
		if err != nil {
			continue // not created yet
		}
		probs, err := st.Problems(t.Context())
		st.Close()
		if err == nil && len(probs) == 1 && probs[0].Solutions > seen {
			seen = probs[0].Solutions
		}
	}
	select {
	case code := <-done:
		t.Fatalf("the solve ended (exit %d) before the test could watch it", code)
	default:
	}
	if seen < 2 {
		t.Errorf("%d schedules stored while the solve ran, want new bests stored as they are found", seen)
	}
	cancel()
	if code := <-done; code != exitInterrupted {
		t.Errorf("exit %d, want %d", code, exitInterrupted)
	}
}

// TestPoolWriterWritesTheFirstAndTheLast offers several schedules faster than the writer may write:
// the first is written at once, the ones in between are superseded, the last is written on close, and
// a schedule no better than one offered before is ignored.
func TestPoolWriterWritesTheFirstAndTheLast(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "cache.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key := store.Key{Fingerprint: "fp", Shape: "sh", Name: "p"}
	w := newPoolWriter(st, key, time.Hour)
	games := func(k int) []flextime.Game { return []flextime.Game{{Home: k, Away: k + 1, Slot: 0}} }
	w.offer(games(0), flextime.Score{Soft: 50}, 1)
	deadline := time.Now().Add(10 * time.Second)
	for {
		w.mu.Lock()
		stored := w.stored
		w.mu.Unlock()
		if stored || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	w.offer(games(1), flextime.Score{Soft: 40}, 1)
	w.offer(games(2), flextime.Score{Soft: 30}, 1)
	w.offer(games(3), flextime.Score{Soft: 30}, 1) // not better: ignored
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	probs, err := st.Problems(t.Context())
	if err != nil || len(probs) != 1 || probs[0].Solutions != 2 || probs[0].Best.Soft != 30 || !w.improved {
		t.Fatalf("Problems() = %+v, %v; want 2 schedules stored (soft 50 and 30), best 30", probs, err)
	}
	best, _ := st.Best(t.Context(), "fp")
	if best.Games[0].Home != 2 {
		t.Errorf("best stored schedule is %v, want the one offered with soft 30 first", best.Games)
	}
	w.offer(games(4), flextime.Score{Soft: 1}, 1) // after close: ignored, no panic
}
