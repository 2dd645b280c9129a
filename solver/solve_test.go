package solver

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// checkSchedule checks the properties every returned schedule must have: every game of the round robin
// once, no team twice in a slot, and the reported score equal to a full evaluation.
func checkSchedule(t *testing.T, m *constraints.Model, res *Result) {
	t.Helper()
	if want := m.Format.Rounds * m.N * (m.N - 1) / 2; len(res.Games) != want {
		t.Fatalf("%d games, want %d", len(res.Games), want)
	}
	seen := map[[2]int]bool{}
	busy := map[[2]int]bool{}
	for _, g := range res.Games {
		key := [2]int{g.Home, g.Away}
		if m.Format.Rounds == 1 {
			key = [2]int{min(g.Home, g.Away), max(g.Home, g.Away)}
		}
		if seen[key] {
			t.Errorf("game %v played twice", key)
		}
		seen[key] = true
		for _, team := range []int{g.Home, g.Away} {
			if busy[[2]int{team, g.Slot}] {
				t.Errorf("team %d plays twice in slot %d", team, g.Slot)
			}
			busy[[2]int{team, g.Slot}] = true
		}
	}
	if full := m.Evaluate(res.Games); full != res.Score {
		t.Errorf("reported score %v, full evaluation %v", res.Score, full)
	}
}

func TestSolveProperties(t *testing.T) {
	for _, tc := range []modelCase{
		{"NL6", fromFile("NL6.txt", false)},
		{"NL6 mirrored", fromFile("NL6.txt", true)},
		{"Test1", fromFile("ITC2021_Test1.xml", false)},
		{"Test2", fromFile("ITC2021_Test2.xml", false)},
		{"single round robin with a fixed game", singleRR},
	} {
		for _, seed := range []uint64{1, 2, 3} {
			t.Run(tc.name, func(t *testing.T) {
				m := tc.model(t)
				res, err := Solve(t.Context(), m, Options{Workers: 2, Seed: seed, Iterations: 200000, Epoch: 10000})
				if err != nil {
					t.Fatal(err)
				}
				checkSchedule(t, m, res)
				if res.Status != IterationLimit || res.Moves != 200000 {
					t.Errorf("status %v after %d moves, want iteration limit after 200000", res.Status, res.Moves)
				}
				if !res.Score.Feasible() {
					t.Errorf("seed %d: no feasible schedule in 200000 moves: %v", seed, res.Score)
				}
			})
		}
	}
}

func TestSolveIsReproducible(t *testing.T) {
	m := loadModel(t, "ITC2021_Test1.xml", false)
	solveTwice(t, m, Options{Workers: 2, Seed: 42, Iterations: 100000, Epoch: 5000})
}

// solveTwice solves m twice with opts, checks that both runs give the same schedule and returns it.
func solveTwice(t *testing.T, m *constraints.Model, opts Options) *Result {
	t.Helper()
	a, err := Solve(t.Context(), m, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(t.Context(), m, opts)
	if err != nil {
		t.Fatal(err)
	}
	if a.Score != b.Score || len(a.Games) != len(b.Games) {
		t.Fatalf("two runs with the same seed: %v and %v", a.Score, b.Score)
	}
	for i := range a.Games {
		if a.Games[i] != b.Games[i] {
			t.Fatalf("two runs with the same seed differ at game %d: %v and %v", i, a.Games[i], b.Games[i])
		}
	}
	return a
}

func TestSolveStopsOnCancelAndTarget(t *testing.T) {
	m := loadModel(t, "NL6.txt", false)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := Solve(ctx, m, Options{Workers: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Canceled {
		t.Errorf("status %v, want canceled", res.Status)
	}
	checkSchedule(t, m, res)

	target := flextime.Score{Hard: 0, Soft: 1 << 40}
	res, err = Solve(t.Context(), m, Options{Workers: 2, Seed: 1, Target: &target, TimeLimit: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != TargetReached || target.Less(res.Score) {
		t.Errorf("status %v with score %v, want target reached", res.Status, res.Score)
	}
}

// perfectModel is an 8-team double round robin whose every cost can be zero: a hard blackout and a
// soft limit of two games running at one venue.
func perfectModel(t testing.TB) *constraints.Model {
	p := plainProblem("perfect", 2, 8, 14)
	streak := &constraints.MaxStreak{Teams: flextime.Refs("all"), Home: 2, Away: 2}
	streak.Weight = 1
	black := &constraints.Blackout{Teams: flextime.Refs("0", "1"), Cannot: "host", Slots: flextime.Refs("0", "5")}
	black.Hard = true
	p.Constraints = []flextime.Constraint{streak, black}
	m, err := constraints.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSolveStopsWhenPerfect checks that a solve stops once a schedule costs nothing, which no schedule can
// beat, with or without an iteration budget, and at once from a perfect warm start.
func TestSolveStopsWhenPerfect(t *testing.T) {
	m := perfectModel(t)
	const budget = 50_000_000
	for _, opts := range []Options{
		{Workers: 2, Seed: 1, Iterations: budget},
		{Workers: 2, Seed: 1, TimeLimit: 30 * time.Second},
	} {
		res, err := Solve(t.Context(), m, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkSchedule(t, m, res)
		if res.Status != Perfect || res.Score != (flextime.Score{}) || res.Moves >= budget {
			t.Fatalf("%+v: status %v with score %v after %d moves, want perfect at zero", opts, res.Status, res.Score, res.Moves)
		}
		warm, err := Solve(t.Context(), m, Options{Workers: 2, Seed: 2, Iterations: budget, Start: res.Games})
		if err != nil {
			t.Fatal(err)
		}
		if warm.Status != Perfect || warm.Moves != 0 || warm.Score != (flextime.Score{}) {
			t.Errorf("from a perfect start: status %v with score %v after %d moves, want perfect after none",
				warm.Status, warm.Score, warm.Moves)
		}
	}
	// A season that cannot cost nothing runs to its limit.
	res, err := Solve(t.Context(), loadModel(t, "NL6.txt", false), Options{Workers: 2, Seed: 1, Iterations: 100000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != IterationLimit {
		t.Errorf("NL6: status %v, want iteration limit", res.Status)
	}
}

// TestSolveDefaultsToTwoWorkersAtLeast checks that a solve given no worker count runs one worker per CPU
// and never fewer than two (see DefaultWorkers).
func TestSolveDefaultsToTwoWorkersAtLeast(t *testing.T) {
	m := loadModel(t, "NL6.txt", false)
	res, err := Solve(t.Context(), m, Options{Seed: 1, Iterations: 40000})
	if err != nil {
		t.Fatal(err)
	}
	if want := workersFor(runtime.NumCPU()); res.Workers != want {
		t.Errorf("%d workers, want %d", res.Workers, want)
	}
	if DefaultOptions().Workers != res.Workers {
		t.Errorf("DefaultOptions has %d workers, Solve ran %d", DefaultOptions().Workers, res.Workers)
	}
	checkSchedule(t, m, res)
	for _, c := range []struct{ cpus, want int }{{1, 2}, {2, 2}, {8, 8}} {
		if got := workersFor(c.cpus); got != c.want {
			t.Errorf("workersFor(%d) = %d, want %d", c.cpus, got, c.want)
		}
	}
}

func TestSolveWarmStart(t *testing.T) {
	m := loadModel(t, "ITC2021_Test1.xml", false)
	cold, err := Solve(t.Context(), m, Options{Workers: 1, Seed: 5, Iterations: 100000})
	if err != nil {
		t.Fatal(err)
	}
	// A warm start from the cold result can only keep or improve its score: the best is tracked from the
	// first schedule on.
	warm, err := Solve(t.Context(), m, Options{Workers: 1, Seed: 6, Iterations: 1000, Start: cold.Games})
	if err != nil {
		t.Fatal(err)
	}
	checkSchedule(t, m, warm)
	if cold.Score.Less(warm.Score) {
		t.Errorf("warm start from %v ended at %v", cold.Score, warm.Score)
	}
	if _, err := Solve(t.Context(), m, Options{Workers: 1, Iterations: 10, Start: cold.Games[1:]}); !errors.Is(err, ErrBadStart) {
		t.Errorf("incomplete start schedule: error %v, want ErrBadStart", err)
	}
}

func TestObserverSeesEveryImprovement(t *testing.T) {
	m := loadModel(t, "ITC2021_Test1.xml", false)
	var calls, improved int
	var last flextime.Score
	res, err := Solve(t.Context(), m, Options{Workers: 2, Seed: 9, Iterations: 200000, Epoch: 5000, Observer: func(p Progress) {
		calls++
		if p.Improved {
			improved++
			if len(p.Games) == 0 || m.Evaluate(p.Games) != p.Best {
				t.Errorf("improvement %d: schedule scores %v, progress says %v", improved, m.Evaluate(p.Games), p.Best)
			}
			last = p.Best
		} else if p.Games != nil {
			t.Errorf("call %d: games without an improvement", calls)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 20 || improved == 0 || last != res.Score {
		t.Errorf("%d calls, %d improvements, last improvement %v; want 20 calls (one per epoch) and the last one %v", calls, improved, last, res.Score)
	}
}

// Without an iteration budget the workers run free of each other; the observer still hears every
// improvement, from one goroutine, and the last one it hears is the result.
func TestFreeRunningWorkers(t *testing.T) {
	m := loadModel(t, "ITC2021_Test2.xml", false)
	var calls, improved int
	var last flextime.Score
	var lastMoves int64
	res, err := Solve(t.Context(), m, Options{Workers: 2, Seed: 3, TimeLimit: 500 * time.Millisecond, Epoch: 2000, Observer: func(p Progress) {
		calls++
		if p.Moves < lastMoves {
			t.Errorf("call %d: %d moves after %d", calls, p.Moves, lastMoves)
		}
		lastMoves = p.Moves
		if p.Improved {
			improved++
			if improved > 1 && !p.Best.Less(last) {
				t.Errorf("improvement %d: %v after %v", improved, p.Best, last)
			}
			if m.Evaluate(p.Games) != p.Best {
				t.Errorf("improvement %d: schedule scores %v, progress says %v", improved, m.Evaluate(p.Games), p.Best)
			}
			last = p.Best
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkSchedule(t, m, res)
	if res.Status != TimeLimit {
		t.Errorf("status %v, want time limit", res.Status)
	}
	if improved == 0 || last != res.Score || lastMoves != res.Moves {
		t.Errorf("%d improvements, last %v after %d moves; result %v after %d moves", improved, last, lastMoves, res.Score, res.Moves)
	}
	var drawn int64
	for _, st := range res.Stats {
		drawn += st.Drawn
	}
	if drawn != res.Moves {
		t.Errorf("%d moves drawn by kind, %d counted", drawn, res.Moves)
	}
}

func TestMovesLeft(t *testing.T) {
	s := time.Second
	for _, c := range []struct {
		budget, made        int64
		elapsed, toDeadline time.Duration
		hasDeadline         bool
		want                int64
	}{
		{500, 1000, s, 3 * s, true, 500}, // an iteration budget decides, whatever the clock says
		{-1, 1000, s, 3 * s, true, 3000}, // 1000 moves a second for 3 more seconds
		{-1, 1000, 2 * s, -s, true, 0},   // past the deadline
		{-1, 0, 0, 3 * s, true, -1},      // no rate measured yet
		{-1, 1000, s, 0, false, -1},      // no limit at all
		{7, 0, 0, 0, false, 7},           // budget without a deadline
	} {
		if got := movesLeft(c.budget, c.made, c.elapsed, c.toDeadline, c.hasDeadline); got != c.want {
			t.Errorf("movesLeft(%d, %d, %v, %v, %v) = %d, want %d", c.budget, c.made, c.elapsed, c.toDeadline, c.hasDeadline, got, c.want)
		}
	}
}

func TestNextCycleGrowsAndFitsTheBudget(t *testing.T) {
	w := &worker{baseCycle: 100}
	w.setCycle(100)
	var got []int64
	for range 8 {
		w.nextCycle(-1)
		got = append(got, w.cycle)
	}
	if want := []int64{200, 400, 800, 1600, 3200, 6400, 6400, 6400}; !slices.Equal(got, want) {
		t.Errorf("cycles without a budget = %v, want %v", got, want)
	}
	for _, c := range []struct{ cycle, left, want int64 }{
		{100, 1000, 200}, // 200 now leaves room for a 400 after it
		{100, 500, 500},  // 200 then 300 left, less than the 400 that would follow: take all 500
		{100, 10, 100},   // never shorter than the first cycle
		{3200, 100000, 6400},
	} {
		w.setCycle(c.cycle)
		w.nextCycle(c.left)
		if w.cycle != c.want {
			t.Errorf("after a cycle of %d with %d moves left: next %d, want %d", c.cycle, c.left, w.cycle, c.want)
		}
		if w.alpha <= 0 || w.alpha >= 1 {
			t.Errorf("alpha %v for a cycle of %d", w.alpha, w.cycle)
		}
	}
}

// TestFitCycleEndsWithTheBudget checks that the first cycle of the optimisation phase is fitted to a
// budget that cannot hold it and a cycle after it, cooling to the end temperature it had planned exactly
// at the budget's end, that a budget with room is left alone, that the fit happens once per phase, and
// never in the feasibility phase.
func TestFitCycleEndsWithTheBudget(t *testing.T) {
	const first = 1000 * coolBlock
	for _, c := range []struct {
		since, left int64
		fit         bool
	}{
		{0, 10 * first, false},       // room for this cycle and a doubled one
		{0, 2 * first, true},         // stretched to two first lengths
		{first / 4, first / 2, true}, // shortened: would have ended warm
		{first / 2, 2 * first, true}, // the rest (1/2) and a doubled cycle (2) need 5/2
		{first / 2, first / 2 * 5, false},
	} {
		w := &worker{temp: 10}
		w.setCycle(first)
		w.sinceCycle = c.since
		for range c.since / coolBlock {
			w.temp *= w.alpha
		}
		end := w.temp * math.Pow(w.alpha, float64(first-c.since)/coolBlock)
		w.fitCycle(-1)
		if w.fitted || w.cycle != first {
			t.Fatalf("fitted with an unknown budget")
		}
		w.fitCycle(c.left)
		if !w.fitted {
			t.Errorf("since %d, left %d: not marked fitted", c.since, c.left)
		}
		if !c.fit {
			if w.cycle != first {
				t.Errorf("since %d, left %d: cycle %d, want %d unchanged", c.since, c.left, w.cycle, first)
			}
			continue
		}
		if w.cycle != c.since+c.left {
			t.Errorf("since %d, left %d: cycle %d, want %d", c.since, c.left, w.cycle, c.since+c.left)
		}
		if got := w.temp * math.Pow(w.alpha, float64(c.left)/coolBlock); math.Abs(got-end) > 1e-9*end {
			t.Errorf("since %d, left %d: ends at temperature %g, planned %g", c.since, c.left, got, end)
		}
		cycle := w.cycle
		w.fitCycle(c.left / 2)
		if w.cycle != cycle {
			t.Errorf("since %d, left %d: fitted twice in one phase", c.since, c.left)
		}
	}
	// The feasibility phase ends when the schedule is feasible, not with the budget: it keeps its cycles.
	w := &worker{temp: 10, feasibility: true}
	w.setCycle(first)
	w.fitCycle(first / 2)
	if w.cycle != first {
		t.Errorf("feasibility phase: cycle fitted to %d", w.cycle)
	}
}
