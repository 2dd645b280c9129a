// Command storebench measures what the SQLite store of issue 5 buys and what it costs, by running the
// flextime binary the way a scheduler would and reading solve --json:
//
//   - unchanged: a cold solve of examples/big12-mbb.yaml, then a re-solve of the same problem with the
//     cache, stopped at the cold run's final score (--target); time to reach it, warm vs cold;
//   - edit: per seed, a solve of the original problem fills a fresh cache; then a one-constraint edit of
//     the problem is solved cold (no cache) and warm (from that cache, --target the cold final score);
//     median time to reach the cold final score, warm vs cold;
//   - overhead: the time a cold solve spends in the cache (solve --json cache.overhead_ms: open, check,
//     migrate, look up, store, close), with a fresh cache and with a full one, against the solve's time,
//     and wall times of fixed-work solves with and without the cache;
//   - memo: how long loading and compiling problems takes, the work a memoised-evaluation cache would save.
//
// Cold times come from cache.best_ms, the moment the search first reached its final score; warm times
// are the elapsed time of a run stopped by --target. Both count from the start of the search, at the
// granularity of one epoch. Run it from the repository root:
//
//	go run ./scripts/storebench                 # everything (about 10 minutes on 2 cores)
//	go run ./scripts/storebench -part edit -seeds 5 -edit-time 10s
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/problem"
	"github.com/flextime/flextime/io/robinx"
	"github.com/flextime/flextime/io/store"
	"github.com/flextime/flextime/io/ttp"
)

const big12 = "examples/big12-mbb.yaml"

// edits are one-constraint edits of big12-mbb.yaml: a weight, and a bound.
var edits = []struct{ name, from, to string }{
	{"weight: three-home-games-max 5 → 10",
		"{type: max-streak, teams: all, home: 3, weight: 5, name: three-home-games-max}",
		"{type: max-streak, teams: all, home: 3, weight: 10, name: three-home-games-max}"},
	{"bound: saturday-home-games min 4 → 5",
		"{type: weekend-home-games, teams: all, weekdays: [Sat], min: 4, weight: 50, name: saturday-home-games}",
		"{type: weekend-home-games, teams: all, weekdays: [Sat], min: 5, weight: 50, name: saturday-home-games}"},
}

type config struct {
	part      string
	bin       string
	unchTime  time.Duration
	editTime  time.Duration
	overTime  time.Duration
	seeds     int
	unchSeeds int
	work      string
}

func main() {
	var c config
	flag.StringVar(&c.part, "part", "all", "what to measure: all, unchanged, edit, overhead or memo")
	flag.StringVar(&c.bin, "bin", "", "flextime binary to run (default: build ./cmd/flextime)")
	flag.DurationVar(&c.unchTime, "unchanged-time", 20*time.Second, "time limit of the cold solve in the unchanged part")
	flag.DurationVar(&c.editTime, "edit-time", 10*time.Second, "time limit of each solve in the edit part")
	flag.DurationVar(&c.overTime, "overhead-time", 10*time.Second, "time limit of each cold solve in the overhead part")
	flag.IntVar(&c.seeds, "seeds", 5, "seeds of the edit part")
	flag.IntVar(&c.unchSeeds, "unchanged-seeds", 3, "seeds of the unchanged part")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "storebench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if _, err := os.Stat(big12); err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	work, err := os.MkdirTemp("", "storebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	c.work = work
	if c.bin == "" {
		c.bin = filepath.Join(work, "flextime")
		logf("building ./cmd/flextime")
		if out, err := exec.Command("go", "build", "-o", c.bin, "./cmd/flextime").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	host, _ := os.Hostname()
	fmt.Printf("storebench: %s/%s, %d CPUs (GOMAXPROCS %d), host %s, %s\n\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(),
		runtime.GOMAXPROCS(0), host, time.Now().UTC().Format(time.DateTime))
	parts := map[string]func(config) error{"unchanged": unchanged, "edit": edit, "overhead": overhead, "memo": memo}
	order := []string{"unchanged", "edit", "overhead", "memo"}
	if c.part != "all" {
		if parts[c.part] == nil {
			return fmt.Errorf("unknown -part %q", c.part)
		}
		order = []string{c.part}
	}
	for _, p := range order {
		if err := parts[p](c); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

func logf(format string, args ...any) { fmt.Fprintf(os.Stderr, "storebench: "+format+"\n", args...) }

// summary is the part of solve --json read here.
type summary struct {
	Hard, Soft int64
	Status     string
	ElapsedMS  int64 `json:"elapsed_ms"`
	Cache      struct {
		Enabled    bool    `json:"enabled"`
		WarmStart  string  `json:"warm_start"`
		StartHard  *int64  `json:"start_hard"`
		StartSoft  *int64  `json:"start_soft"`
		BestMS     int64   `json:"best_ms"`
		OverheadMS float64 `json:"overhead_ms"`
	}
	wall, cpu time.Duration // of the whole process; cpu is user + system time
}

func (s summary) score() flextime.Score { return flextime.Score{Hard: s.Hard, Soft: s.Soft} }

// solve runs `flextime solve --json` with the environment's FLEXTIME_* settings removed.
func solve(c config, args ...string) (summary, error) {
	args = append([]string{"solve", "--json", "-o", filepath.Join(c.work, "out.yaml")}, args...)
	cmd := exec.Command(c.bin, args...)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "FLEXTIME_") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if ee, ok := errors.AsType[*exec.ExitError](err); ok && ee.ExitCode() == 3 {
		err = nil // infeasible: a result all the same
	}
	if err != nil {
		return summary{}, fmt.Errorf("flextime %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var s summary
	if err := json.Unmarshal(stdout.Bytes(), &s); err != nil {
		return summary{}, fmt.Errorf("flextime %s: %v", strings.Join(args, " "), err)
	}
	s.wall, s.cpu = wall, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()
	logf("%-9s %s → hard %d soft %d, %s, %d ms (best at %d ms), start %s, cache %.1f ms",
		"", strings.Join(args[4:], " "), s.Hard, s.Soft, s.Status, s.ElapsedMS, s.Cache.BestMS, s.Cache.WarmStart, s.Cache.OverheadMS)
	return s, nil
}

func target(s flextime.Score) string { return fmt.Sprintf("%d,%d", s.Hard, s.Soft) }

func ms(v int64) string { return fmt.Sprintf("%d ms", v) }

func ratio(a, b int64) string { return fmt.Sprintf("%.1f×", float64(a)/float64(max(b, 1))) }

func median(vs []int64) int64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// unchanged: re-solve of the same problem, warm vs cold, time to reach the cold run's final score.
func unchanged(c config) error {
	fmt.Printf("### Re-solve of an unchanged problem (%s, cold --time-limit %s, 2 workers)\n\n", big12, c.unchTime)
	fmt.Println("| seed | cold final score | cold: time to it | warm: time to it | warm wall (whole process) | warm start from | ratio cold/warm |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
	var cold, warm []int64
	for seed := 1; seed <= c.unchSeeds; seed++ {
		cache := filepath.Join(c.work, fmt.Sprintf("unchanged-%d.db", seed))
		s := fmt.Sprint(seed)
		cs, err := solve(c, big12, "--cache", cache, "--no-warm-start", "--seed", s, "--time-limit", c.unchTime.String())
		if err != nil {
			return err
		}
		ws, err := solve(c, big12, "--cache", cache, "--seed", s, "--target", target(cs.score()), "--time-limit", c.unchTime.String())
		if err != nil {
			return err
		}
		if ws.Status != "target reached" {
			return fmt.Errorf("seed %d: the warm run did not reach %v", seed, cs.score())
		}
		cold, warm = append(cold, cs.Cache.BestMS), append(warm, ws.ElapsedMS)
		fmt.Printf("| %d | hard %d soft %d | %s | %s | %s | %s | %s |\n", seed, cs.Hard, cs.Soft, ms(cs.Cache.BestMS), ms(ws.ElapsedMS),
			ms(ws.wall.Milliseconds()), ws.Cache.WarmStart, ratio(cs.Cache.BestMS, ws.ElapsedMS))
	}
	fmt.Printf("\nMedian: cold %s, warm %s: **%s sooner** warm.\n\n", ms(median(cold)), ms(median(warm)), ratio(median(cold), median(warm)))

	// Cross-check of cache.best_ms: a cold rerun of seed 1 with --target stops where the first run first
	// reached its final score (same seed and workers: the same search up to that point).
	cache := filepath.Join(c.work, "unchanged-check.db")
	cs, err := solve(c, big12, "--cache", cache, "--no-warm-start", "--seed", "1", "--time-limit", c.unchTime.String())
	if err != nil {
		return err
	}
	rs, err := solve(c, big12, "--no-cache", "--seed", "1", "--target", target(cs.score()), "--time-limit", (2 * c.unchTime).String())
	if err != nil {
		return err
	}
	fmt.Printf("Cross-check, seed 1: cold run's best_ms %s; a cold rerun with --target %s stopped after %s (%s).\n\n",
		ms(cs.Cache.BestMS), target(cs.score()), ms(rs.ElapsedMS), rs.Status)
	return nil
}

// edit: a one-constraint edit, warm (from the original's stored schedules) vs cold.
func edit(c config) error {
	src, err := os.ReadFile(big12)
	if err != nil {
		return err
	}
	type row struct{ cold, warm []int64 }
	rows := make([]row, len(edits))
	fmt.Printf("### One-constraint edit of %s (every solve --time-limit %s, 2 workers, seeds 1–%d)\n\n", big12, c.editTime, c.seeds)
	fmt.Println("| edit | seed | cold final score | cold: time to it | warm start (rescored) | warm: time to it | ratio |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- |")
	paths := make([]string, len(edits))
	for i, e := range edits {
		if !bytes.Contains(src, []byte(e.from)) {
			return fmt.Errorf("%s no longer contains %q", big12, e.from)
		}
		paths[i] = filepath.Join(c.work, fmt.Sprintf("edit-%d.yaml", i))
		if err := os.WriteFile(paths[i], bytes.Replace(src, []byte(e.from), []byte(e.to), 1), 0o644); err != nil {
			return err
		}
	}
	for seed := 1; seed <= c.seeds; seed++ {
		s := fmt.Sprint(seed)
		base := filepath.Join(c.work, fmt.Sprintf("edit-base-%d.db", seed))
		if _, err := solve(c, big12, "--cache", base, "--no-warm-start", "--seed", s, "--time-limit", c.editTime.String()); err != nil {
			return err
		}
		for i, e := range edits {
			cache := filepath.Join(c.work, fmt.Sprintf("edit-%d-%d.db", i, seed))
			if err := copyFile(base, cache); err != nil {
				return err
			}
			cs, err := solve(c, paths[i], "--no-cache", "--seed", s, "--time-limit", c.editTime.String())
			if err != nil {
				return err
			}
			ws, err := solve(c, paths[i], "--cache", cache, "--seed", s, "--target", target(cs.score()), "--time-limit", c.editTime.String())
			if err != nil {
				return err
			}
			w := ws.ElapsedMS
			note := ""
			if ws.Status != "target reached" {
				note = " (not reached: counted as the limit)"
				w = c.editTime.Milliseconds()
			}
			rows[i].cold, rows[i].warm = append(rows[i].cold, cs.Cache.BestMS), append(rows[i].warm, w)
			start := "none"
			if ws.Cache.StartSoft != nil {
				start = fmt.Sprintf("%s: hard %d soft %d", ws.Cache.WarmStart, *ws.Cache.StartHard, *ws.Cache.StartSoft)
			}
			fmt.Printf("| %s | %d | hard %d soft %d | %s | %s | %s%s | %s |\n", e.name, seed, cs.Hard, cs.Soft, ms(cs.Cache.BestMS),
				start, ms(w), note, ratio(cs.Cache.BestMS, w))
		}
	}
	fmt.Println()
	for i, e := range edits {
		fmt.Printf("- %s: median cold %s, median warm %s: **%s sooner** warm.\n", e.name, ms(median(rows[i].cold)),
			ms(median(rows[i].warm)), ratio(median(rows[i].cold), median(rows[i].warm)))
	}
	fmt.Println()
	return nil
}

func copyFile(from, to string) error {
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(to+suffix, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// overhead: time a cold solve spends in the cache.
func overhead(c config) error {
	fmt.Printf("### Cache overhead on a cold solve (%s, --time-limit %s, 2 workers)\n\n", big12, c.overTime)
	full := filepath.Join(c.work, "full.db")
	size, err := fill(full)
	if err != nil {
		return err
	}
	fmt.Println("| cache | run | solve time | time in the cache | share |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	for _, kind := range []string{"new (created by the run)", fmt.Sprintf("full (%d problems × 5 schedules, %.1f MiB)", 1000, float64(size)/(1<<20))} {
		for r := 1; r <= 3; r++ {
			cache := filepath.Join(c.work, fmt.Sprintf("over-%d-%s.db", r, kind[:3]))
			if strings.HasPrefix(kind, "full") {
				if err := copyFile(full, cache); err != nil { // a fresh copy: the run stays cold
					return err
				}
			}
			s, err := solve(c, big12, "--cache", cache, "--seed", fmt.Sprint(r), "--time-limit", c.overTime.String())
			if err != nil {
				return err
			}
			if s.Cache.WarmStart != "none" {
				return fmt.Errorf("overhead run %d started warm (%s); it must be a cold solve", r, s.Cache.WarmStart)
			}
			fmt.Printf("| %s | %d | %s | %.1f ms | %.2f%% |\n", kind, r, ms(s.ElapsedMS), s.Cache.OverheadMS,
				100*s.Cache.OverheadMS/float64(s.ElapsedMS))
		}
	}
	// End to end: fixed work (a move budget), with and without the cache, alternating.
	const iters, pairs = "3000000", 7
	var with, without, withCPU, withoutCPU []int64
	for r := 1; r <= pairs; r++ {
		a, err := solve(c, big12, "--no-cache", "--iterations", iters, "--workers", "2")
		if err != nil {
			return err
		}
		b, err := solve(c, big12, "--cache", filepath.Join(c.work, fmt.Sprintf("e2e-%d.db", r)), "--iterations", iters, "--workers", "2")
		if err != nil {
			return err
		}
		without, with = append(without, a.wall.Milliseconds()), append(with, b.wall.Milliseconds())
		withoutCPU, withCPU = append(withoutCPU, a.cpu.Milliseconds()), append(withCPU, b.cpu.Milliseconds())
	}
	pct := func(a, b []int64) float64 { return 100 * float64(median(a)-median(b)) / float64(median(b)) }
	fmt.Printf("\nEnd to end, fixed work (--iterations %s --workers 2), %d alternating pairs of whole processes:\n\n", iters, pairs)
	fmt.Println("| | without the cache (--no-cache) | with a new cache | difference of medians |")
	fmt.Println("| --- | --- | --- | --- |")
	fmt.Printf("| wall time, median | %s | %s | %+.1f%% |\n", ms(median(without)), ms(median(with)), pct(with, without))
	fmt.Printf("| CPU time (user + system), median | %s | %s | %+.1f%% |\n", ms(median(withoutCPU)), ms(median(withCPU)), pct(withCPU, withoutCPU))
	fmt.Printf("| wall times of the runs | %v | %v | |\n\n", without, with)
	return nil
}

// fill creates a cache holding 1000 problems of the Big 12 size with 5 schedules each (the default
// limits) and returns its size.
func fill(path string) (int64, error) {
	ctx := context.Background()
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for p := range 1000 {
		key := store.Key{Fingerprint: fmt.Sprintf("sha256:synthetic-%04d", p), Shape: fmt.Sprintf("shape-%d", p%50),
			Name: fmt.Sprintf("synthetic %d", p), Source: "storebench", Teams: 16, Slots: 30}
		for k := range 5 {
			games := make([]flextime.Game, 240)
			for i := range games {
				games[i] = flextime.Game{Home: rng.IntN(16), Away: rng.IntN(16), Slot: i / 8}
			}
			if _, err := st.Put(ctx, key, games, flextime.Score{Soft: int64(rng.IntN(300000) + k)}, uint64(k)); err != nil {
				st.Close()
				return 0, err
			}
		}
	}
	if err := st.Close(); err != nil {
		return 0, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// memo: what a memoised compile would save.
func memo(c config) error {
	var files []string
	for _, g := range []string{"examples/*.yaml", "testdata/*.xml", "testdata/*.txt", "../shared/bench/itc2021/instances/*.xml",
		"../shared/bench/ttp/instances/*.txt"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	type res struct {
		file         string
		load, compil time.Duration
	}
	var out []res
	for _, f := range files {
		if strings.Contains(f, "_Sol") || strings.Contains(filepath.Base(f), "comp_best") || strings.HasSuffix(f, "SOURCE.md") {
			continue
		}
		var loads, comps []int64
		ok := true
		for range 15 {
			t0 := time.Now()
			p, err := load(f)
			t1 := time.Now()
			if err != nil {
				ok = false
				break
			}
			if _, err := constraints.Compile(p); err != nil {
				ok = false
				break
			}
			loads, comps = append(loads, t1.Sub(t0).Microseconds()), append(comps, time.Since(t1).Microseconds())
		}
		if ok {
			out = append(out, res{f, time.Duration(median(loads)) * time.Microsecond, time.Duration(median(comps)) * time.Microsecond})
		}
	}
	slices.SortFunc(out, func(a, b res) int { return int((b.load + b.compil) - (a.load + a.compil)) })
	fmt.Printf("### Memoised sub-evaluations: load + compile times (median of 15, %d problem files)\n\n", len(out))
	fmt.Println("| problem | load (parse, distances) | compile | total | share of a 30 s solve |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	for i, r := range out {
		if i < 5 || strings.HasPrefix(r.file, "examples/") {
			t := r.load + r.compil
			fmt.Printf("| %s | %.2f ms | %.2f ms | %.2f ms | %.3f%% |\n", r.file, ms64(r.load), ms64(r.compil), ms64(t), 100*t.Seconds()/30)
		}
	}
	// What a cache read costs: opening the store (with its integrity check) and one lookup.
	path := filepath.Join(c.work, "memo.db")
	if _, err := fill(path); err != nil {
		return err
	}
	var opens []int64
	for range 15 {
		t0 := time.Now()
		st, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			return err
		}
		if _, err := st.Best(context.Background(), "sha256:synthetic-0500"); err != nil {
			return err
		}
		st.Close()
		opens = append(opens, time.Since(t0).Microseconds())
	}
	fmt.Printf("\nFor comparison, opening a full cache (1000 problems) and reading one entry: %.2f ms (median of 15).\n\n",
		float64(median(opens))/1000)
	return nil
}

func ms64(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func load(path string) (*flextime.Problem, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		return robinx.LoadInstance(path)
	case ".txt":
		return ttp.Load(path, ttp.Options{})
	}
	return problem.Load(path)
}
