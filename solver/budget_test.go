package solver

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// budgetModel is a non-phased double round robin of n teams whose only constraint is a BR2 on every
// team and slot with the given limit.
func budgetModel(n, limit int) *constraints.Model {
	m := &constraints.Model{N: n, S: 2 * (n - 1), Compact: true}
	m.Format.Rounds = 2
	br := &constraints.BR2{Max: limit}
	for t := range n {
		br.Teams = append(br.Teams, t)
	}
	for s := range m.S {
		br.Slots = append(br.Slots, s)
	}
	m.Prims = []constraints.Prim{{Kernel: br, Weight: 1}}
	return m
}

// fits reports whether g keeps within every bound.
func (b *breakBudget) fits(g *constraints.Grid) bool {
	home := make([]uint64, len(b.home))
	b.venues(g, home)
	for k := range b.limits {
		if b.breaks(&b.limits[k], home) > b.limits[k].bound {
			return false
		}
	}
	return true
}

// TestBreakBudget applies random moves of every kind to the doubled construction, each only where the
// budget allows it, and checks after each that the budget's count is the schedule's breaks, that no
// refused move would have kept within the bound and no allowed one goes over it, and that relabelling
// never changes the breaks.
func TestBreakBudget(t *testing.T) {
	for _, n := range []int{6, 10, 16} {
		m := budgetModel(n, 0)
		if !doubledHelps(m) {
			t.Fatalf("n=%d: the doubled construction is not used", n)
		}
		rng := rand.New(rand.NewPCG(3, uint64(n)))
		g := constructDoubled(m, rng)
		b := newBreakBudget(m, g)
		if b == nil {
			t.Fatalf("n=%d: no budget for a season with a BR2", n)
		}
		l := &b.limits[0]
		if l.cur != n-2 || l.bound != n-2 {
			t.Fatalf("n=%d: budget starts with %d breaks, bound %d; want both %d", n, l.cur, l.bound, n-2)
		}
		b.stamp = math.MaxUint32 - 100 // the scratch stamps wrap during the test
		mv := newMover(m, g)
		mv.relabels = true
		var allowed, refused, relabels int
		for step := range 20000 {
			if step == 10000 {
				b.grow()
				if l.bound != n-2+budgetStep {
					t.Fatalf("n=%d: bound %d after grow, want %d", n, l.bound, n-2+budgetStep)
				}
			}
			kind := rng.IntN(moveGame)
			cells := mv.generate(kind, rng)
			if len(cells) == 0 {
				continue
			}
			after := g.Clone()
			writeCells(after, cells)
			want := countBreaks(after)
			if kind == moveRelabel && want != l.cur {
				t.Fatalf("n=%d step %d: relabel changed the breaks from %d to %d", n, step, l.cur, want)
			}
			if !b.allows(cells) {
				if want <= l.bound {
					t.Fatalf("n=%d step %d: %s refused, but it leaves %d breaks within the bound %d",
						n, step, moveNames[kind], want, l.bound)
				}
				refused++
				continue
			}
			if want > l.bound {
				t.Fatalf("n=%d step %d: %s allowed, but it leaves %d breaks over the bound %d",
					n, step, moveNames[kind], want, l.bound)
			}
			mv.apply(cells)
			b.commit()
			allowed++
			if kind == moveRelabel {
				relabels++
			}
			if l.cur != want || !b.fits(g) {
				t.Fatalf("n=%d step %d: budget counts %d breaks (fits %v), the schedule has %d",
					n, step, l.cur, b.fits(g), want)
			}
		}
		if allowed == 0 || refused == 0 || relabels == 0 {
			t.Errorf("n=%d: %d moves allowed (%d relabels), %d refused: want some of each", n, allowed, relabels,
				refused)
		}
		if countBreaks(g) > l.bound {
			t.Errorf("n=%d: %d breaks at the end, over the bound %d", n, countBreaks(g), l.bound)
		}
	}
}

// TestBreakBudgetPartialLimits checks the budget's count and decisions against a recount of each limit
// on seasons with two BR2 constraints over some teams and slots each, one of more than 64 teams (a team
// set of two words): a move is refused exactly when it takes some limit's breaks up and over its bound.
func TestBreakBudgetPartialLimits(t *testing.T) {
	for _, n := range []int{12, 70} {
		rng := rand.New(rand.NewPCG(5, uint64(n)))
		m := budgetModel(n, 0)
		var brs []*constraints.BR2
		for range 2 {
			br := &constraints.BR2{}
			for t := range n {
				if rng.IntN(2) == 0 {
					br.Teams = append(br.Teams, t)
				}
			}
			for s := range m.S {
				if rng.IntN(3) > 0 {
					br.Slots = append(br.Slots, s)
				}
			}
			brs = append(brs, br)
		}
		m.Prims = []constraints.Prim{{Kernel: brs[0], Weight: 1}, {Kernel: brs[1], Weight: 1}}
		g := constructDoubled(m, rng)
		for _, br := range brs {
			br.Max = limitBreaks(g, br) + 4 // room to add some breaks and not others
		}
		b := newBreakBudget(m, g)
		b.stamp = math.MaxUint32 - 100 // the scratch stamps wrap during the test
		mv := newMover(m, g)
		mv.relabels = true
		var allowed, refused int
		for step := range 20000 {
			cells := mv.generate(rng.IntN(moveGame), rng)
			if len(cells) == 0 {
				continue
			}
			after := g.Clone()
			writeCells(after, cells)
			over := false
			for k, br := range brs {
				l := &b.limits[k]
				if l.cur != limitBreaks(g, br) {
					t.Fatalf("n=%d step %d: limit %d counts %d breaks, the schedule has %d", n, step, k, l.cur,
						limitBreaks(g, br))
				}
				if d := limitBreaks(after, br) - l.cur; d > 0 && l.cur+d > l.bound {
					over = true
				}
			}
			if ok := b.allows(cells); ok == over {
				t.Fatalf("n=%d step %d: allowed %v, but the move takes a limit over its bound: %v", n, step, ok, over)
			}
			if over {
				refused++
				continue
			}
			mv.apply(cells)
			b.commit()
			allowed++
		}
		if allowed == 0 || refused == 0 {
			t.Errorf("n=%d: %d moves allowed, %d refused: want some of each", n, allowed, refused)
		}
	}
}

// limitBreaks counts the breaks of g that br counts.
func limitBreaks(g *constraints.Grid, br *constraints.BR2) int {
	c := 0
	for _, t := range br.Teams {
		for _, s := range br.Slots {
			if s > 0 && g.Home[t*g.S+s] == g.Home[t*g.S+s-1] {
				c++
			}
		}
	}
	return c
}

// TestBreakBudgetOnlyWithBR2 checks that a season without a BR2 gets no budget, and that one whose
// limit is above the start's breaks is bounded by the limit.
func TestBreakBudgetOnlyWithBR2(t *testing.T) {
	m := budgetModel(8, 0)
	g := constructDoubled(m, rand.New(rand.NewPCG(1, 1)))
	m.Prims = nil
	if b := newBreakBudget(m, g); b != nil {
		t.Errorf("a season without BR2 got a break budget")
	}
	m = budgetModel(8, 20)
	b := newBreakBudget(m, g)
	if b == nil {
		t.Fatalf("a season with a BR2 got no break budget")
	}
	if l := b.limits[0]; l.bound != 20 || l.cur != 6 {
		t.Errorf("budget under a limit of 20 on a 6-break start: bound %d, %d breaks; want 20 and 6", l.bound, l.cur)
	}
}

// TestSolveOnBreakBudget solves a season whose only constraint is a hard BR2 no schedule meets (no breaks
// at all), so the budget worker stays infeasible and its budget grows: the same seed, workers and
// iteration budget give the same schedule, and that schedule has the fewest breaks there are, n-2.
func TestSolveOnBreakBudget(t *testing.T) {
	m := budgetModel(6, 0)
	m.Prims[0].Hard = true
	a := solveTwice(t, m, Options{Workers: 2, Seed: 9, Iterations: 2_000_000, Epoch: 50000})
	if a.Score.Hard != int64(m.N-2) || a.Score.Soft != 0 {
		t.Errorf("score %v, want %d hard (the fewest breaks) and no soft", a.Score, m.N-2)
	}
}

// TestBudgetRepair drives a worker on a break budget that cannot become feasible within it (a hard wish
// for five home games running, which takes eight breaks, where the budget allows four and then six)
// through its first stalls: the first grows the budget; the second sends the worker back to its best for
// a repair descent, which even at a high temperature keeps no move that worsens the annealing objective
// and may add breaks; after it the budget counts the schedule's breaks again under the same bound, and
// moves may not add breaks while the schedule is over it.
func TestBudgetRepair(t *testing.T) {
	const n = 6
	m := budgetModel(n, 0)
	m.Prims = append(m.Prims, constraints.Prim{Weight: 1, Hard: true,
		Kernel: constraints.NewCA1(m.S, []int{0}, []int{0, 1, 2, 3, 4}, constraints.Home,
			constraints.Bound{Min: 5, Max: constraints.Unbounded})})
	w, err := newWorker(m, 0, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.budget == nil {
		t.Fatal("worker 0 has no break budget")
	}
	l := &w.budget.limits[0]
	if l.bound != n-2 {
		t.Fatalf("start: bound %d, want %d", l.bound, n-2)
	}
	w.baseCycle, w.stalled = 2000, 0
	step := func() {
		if _, stop := w.run(t.Context(), 1, time.Time{}, nil); stop {
			t.Fatal("the worker stopped")
		}
	}
	for draws := 0; w.repair == 0; draws++ {
		if draws == 1_000_000 {
			t.Fatal("no repair descent in a million draws")
		}
		if w.bestScore.Hard == 0 {
			t.Fatalf("feasible within a budget of %d breaks", l.bound)
		}
		step()
	}
	if w.repair != repairDraws || w.inc.Score() != w.bestScore || l.bound != n-2+budgetStep {
		t.Fatalf("repair of %d draws from %v (best %v), bound %d; want %d draws from the best, bound %d (one growth)",
			w.repair, w.inc.Score(), w.bestScore, l.bound, repairDraws, n-2+budgetStep)
	}
	w.temp = 1e9 // a descent keeps no worse move however warm the cycle is
	objective := func() float64 { s := w.inc.Score(); return w.wHard*float64(s.Hard) + float64(s.Soft) }
	for w.repair > 0 {
		repairing := w.repair > 1 // the draw that ends the descent is an ordinary one
		before := objective()
		step()
		if after := objective(); repairing && after > before {
			t.Fatalf("repair draw %d: the objective rose from %g to %g", repairDraws-w.repair, before, after)
		}
	}
	breaks := countBreaks(w.g)
	if l.cur != breaks || l.bound != n-2+budgetStep {
		t.Fatalf("after the repair: budget counts %d breaks under bound %d; the schedule has %d, want bound %d",
			l.cur, l.bound, breaks, n-2+budgetStep)
	}
	if breaks <= l.bound {
		t.Fatalf("the repair left %d breaks, within the bound %d: the test wants a descent that adds breaks",
			breaks, l.bound)
	}
	for range 5000 {
		limit := max(l.bound, l.cur)
		step()
		if b := countBreaks(w.g); b > limit || b != l.cur {
			t.Fatalf("after the repair: %d breaks, budget counts %d, limit %d", b, l.cur, limit)
		}
	}
}

func TestRelabelsOnlyOnceFeasibleOrOnABudget(t *testing.T) {
	m := loadModel(t, "ITC2021_Early_10.xml", false)
	w, err := newWorker(m, 0, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w.budget != nil || !w.feasibility {
		t.Fatalf("worker 0 on Early 10: budget %v, feasibility phase %v; the test wants no budget and an infeasible start",
			w.budget != nil, w.feasibility)
	}
	drawn := func(moves int64) int64 {
		before := w.stats[moveRelabel].Drawn
		if _, stop := w.run(t.Context(), moves, time.Time{}, nil); stop {
			t.Fatal("the worker stopped")
		}
		w.retune()
		return w.stats[moveRelabel].Drawn - before
	}
	if d := drawn(20000); d != 0 || w.mv.allowed(moveRelabel) {
		t.Fatalf("feasibility phase: %d relabels drawn (allowed %v), want none", d, w.mv.allowed(moveRelabel))
	}
	w.enterPhase(false)
	if d := drawn(20000); d == 0 || !w.mv.allowed(moveRelabel) {
		t.Fatalf("optimisation phase: %d relabels drawn (allowed %v), want some", d, w.mv.allowed(moveRelabel))
	}
	if err := w.reset(w.g.Clone()); err != nil {
		t.Fatal(err)
	}
	if !w.feasibility {
		t.Fatal("a reset to an infeasible schedule left the worker out of the feasibility phase")
	}
	if d := drawn(20000); d != 0 || w.weights[moveRelabel] != 0 {
		t.Fatalf("back in the feasibility phase: %d relabels drawn (weight %g), want none", d, w.weights[moveRelabel])
	}
}

// TestTakeBudget checks when a worker without a break budget takes one (the pool's best feasible, from a
// budget worker, better than its own) and what it then holds: a budget, a start of n-2 breaks scored as
// its new best, the optimisation phase, and restarts from its own best alone.
func TestTakeBudget(t *testing.T) {
	const n = 8
	m := budgetModel(n, 0)
	w, err := newWorker(m, 1, 4, nil) // odd: the binding construction, without a budget
	if err != nil {
		t.Fatal(err)
	}
	if w.budget != nil {
		t.Fatal("worker 1 starts with a break budget")
	}
	if w.bestScore.Soft <= int64(n-2) {
		t.Fatalf("the binding start has %v; the test wants more breaks than n-2", w.bestScore)
	}
	lead := elite{g: w.best, score: flextime.Score{Soft: int64(n - 2)}, budgeted: true}
	for _, c := range []struct {
		name string
		pool []elite
		want bool
	}{
		{"budget worker ahead", []elite{lead}, true},
		{"no budget behind the lead", []elite{{g: lead.g, score: lead.score}}, false},
		{"lead infeasible", []elite{{g: lead.g, score: flextime.Score{Hard: 1}, budgeted: true}}, false},
		{"lead no better", []elite{{g: lead.g, score: w.bestScore, budgeted: true}}, false},
		{"empty pool", nil, false},
	} {
		if got := adoptsBudget(w, c.pool); got != c.want {
			t.Errorf("%s: adoptsBudget %v, want %v", c.name, got, c.want)
		}
	}
	w.takeBudget(3)
	if w.budget == nil || adoptsBudget(w, []elite{lead}) {
		t.Fatal("after takeBudget: no budget, or it would take another")
	}
	if b := countBreaks(w.g); b != n-2 || w.budget.limits[0].cur != b {
		t.Errorf("after takeBudget: %d breaks, the budget counts %d; want %d", b, w.budget.limits[0].cur, n-2)
	}
	if sc := m.Evaluate(w.g.Games()); w.bestScore != sc || w.inc.Score() != sc || !slices.Equal(w.best.Opp, w.g.Opp) {
		t.Errorf("after takeBudget: best %v, current %v, the start scores %v", w.bestScore, w.inc.Score(), sc)
	}
	if w.feasibility || w.improvedAt != 3 {
		t.Errorf("after takeBudget: feasibility phase %v, improved at epoch %d; want the optimisation phase, epoch 3", w.feasibility, w.improvedAt)
	}
	other := elite{g: lead.g, score: flextime.Score{}, budgeted: true}
	w.improvedAt = -2 // two cycles without improving: restart
	restart(w, []elite{other}, 0, w.cycle)
	if w.improvedAt != 0 {
		t.Fatal("the worker did not restart")
	}
	if !slices.Equal(w.g.Opp, w.best.Opp) || slices.Equal(w.g.Opp, other.g.Opp) {
		t.Error("a budget worker restarted from another worker's schedule, not its own best")
	}
}
