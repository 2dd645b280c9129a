package solver

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// TestMinBreakPatterns checks the pattern sets drawn for constructHAPFirst: half the teams at home in
// every slot, every team at home in half the slots, n-2 breaks, none at a slot that is not drawn.
func TestMinBreakPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{6, 12, 20} {
		S := 2 * (n - 1)
		for range 20 {
			breaks := drawBreakSlots(n, S, rng)
			if breaks == nil {
				continue
			}
			pats := minBreakPatterns(n, S, breaks)
			if len(pats) != n {
				t.Fatalf("n=%d: %d patterns", n, len(pats))
			}
			total := 0
			for s := range S {
				home := 0
				for _, p := range pats {
					if p[s] {
						home++
					}
					if s > 0 && p[s] == p[s-1] {
						total++
						if !slices.Contains(breaks, s) {
							t.Errorf("n=%d: a break at slot %d, not one of %v", n, s, breaks)
						}
					}
				}
				if home != n/2 {
					t.Errorf("n=%d breaks %v: %d teams at home in slot %d", n, breaks, home, s)
				}
			}
			if total != n-2 {
				t.Errorf("n=%d breaks %v: %d breaks, want %d", n, breaks, total, n-2)
			}
			for i, p := range pats {
				if c := countTrue(p); c != S/2 {
					t.Errorf("n=%d: pattern %d at home %d times, want %d", n, i, c, S/2)
				}
			}
		}
	}
}

func countTrue(p []bool) int {
	c := 0
	for _, v := range p {
		if v {
			c++
		}
	}
	return c
}

// TestCoverTimetable checks that a timetable found for a pattern set is a valid double round robin with
// exactly those venues, and that a pattern set no timetable fits gives nil.
func TestCoverTimetable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{6, 12, 20} {
		m := doubledModel(n)
		found := 0
		for range 20 {
			pats := drawPatternSet(n, m.S, rng)
			if pats == nil {
				continue
			}
			g := coverTimetable(pats, nil, hapCoverSteps, rng)
			if g == nil {
				continue
			}
			found++
			if d := structuralCost(m, g); d != 0 {
				t.Fatalf("n=%d: structural cost %d", n, d)
			}
			for tm := range n {
				for s := range m.S {
					if g.Home[tm*m.S+s] != pats[tm][s] {
						t.Fatalf("n=%d: team %d slot %d not at the venue of its pattern", n, tm, s)
					}
				}
			}
		}
		if found == 0 {
			t.Errorf("n=%d: no timetable found for 20 drawn pattern sets", n)
		}
	}
	// Two teams with the same pattern can never meet.
	same := [][]bool{
		{true, false, true, false, true, false},
		{true, false, true, false, true, false},
		{false, true, false, true, false, true},
		{false, true, false, true, false, true},
	}
	if g := coverTimetable(same, nil, hapCoverSteps, rng); g != nil {
		t.Errorf("a timetable for a pattern set with two equal patterns: %v", g.Games())
	}
}

// TestConstructHAPFirst checks the start it builds: a valid double round robin with n-2 breaks, the
// fixed games in place, no game in a slot a hard constraint forbids it, and partial round swaps that
// keep every venue, where the doubled circle method's start of 20 teams has none even after its walk.
func TestConstructHAPFirst(t *testing.T) {
	n := 20
	for seed := range uint64(2) {
		rng := rand.New(rand.NewPCG(seed, 11))
		// Fixed and forbidden games taken from another start of the same kind, so that they fit together.
		src := constructHAPFirst(doubledModel(n), rand.New(rand.NewPCG(seed, 12)))
		if src == nil {
			t.Fatalf("seed %d: no start without constraints", seed)
		}
		m := doubledModel(n)
		games := src.Games()
		for _, k := range rng.Perm(len(games))[:6] {
			m.Fixed = append(m.Fixed, games[k])
		}
		banned := flextime.Game{Home: games[0].Away, Away: games[0].Home, Slot: (games[0].Slot + 1) % m.S}
		m.Prims = append(m.Prims, constraints.Prim{Hard: true, Weight: 1, Kernel: &constraints.GA1{
			Meetings: []flextime.Game{{Home: banned.Home, Away: banned.Away}}, Slots: []int{banned.Slot}, Bound: constraints.Bound{Max: 0}}})
		g := constructHAPFirst(m, rng)
		if g == nil {
			t.Fatalf("seed %d: no start", seed)
		}
		if d := structuralCost(m, g); d != 0 {
			t.Fatalf("seed %d: structural cost %d", seed, d)
		}
		if b := countBreaks(g); b != n-2 {
			t.Errorf("seed %d: %d breaks, want %d", seed, b, n-2)
		}
		if p := countPlaced(g, m.Fixed); p != len(m.Fixed) {
			t.Errorf("seed %d: %d of %d fixed games in place", seed, p, len(m.Fixed))
		}
		if placed(g, banned) {
			t.Errorf("seed %d: forbidden game %+v played", seed, banned)
		}
		if c := venueKeepingSwaps(m, g, rigidDraws, rng); c == 0 {
			t.Errorf("seed %d: no venue-keeping partial round swap in %d draws", seed, rigidDraws)
		}
		doubledStart := relabel(doubled(n, m.S, false, false), rng.Perm(n))
		walkKeepingVenues(doubledModel(n), doubledStart, doubledWalk, rng)
		if c := venueKeepingSwaps(m, doubledStart, rigidDraws, rng); c != 0 {
			t.Errorf("seed %d: the walked doubled start has %d venue-keeping partial round swaps; constructDoubled assumes none for 20 teams", seed, c)
		}
	}
}

// TestAssignPatternsCost checks the incremental descent of assignPatterns against a fresh evaluation: the
// cost it returns is that of the venues of its assignment under the venue-only constraints, plus the
// fixed games whose teams are not home and away in their slot.
func TestAssignPatternsCost(t *testing.T) {
	n := 12
	m := doubledModel(n)
	rng := rand.New(rand.NewPCG(7, 8))
	for k := range 8 {
		slots := rng.Perm(m.S)[:6]
		m.Prims = append(m.Prims, constraints.Prim{Hard: k%2 == 0, Weight: int64(1 + k%3), Kernel: constraints.NewCA1(m.S,
			[]int{k}, slots, constraints.Home, constraints.Bound{Max: 2})})
	}
	src := relabel(doubled(n, m.S, false, false), rng.Perm(n))
	games := src.Games()
	for _, i := range rng.Perm(len(games))[:5] {
		m.Fixed = append(m.Fixed, games[i])
	}
	rules := newHAPRules(m)
	nonzero := 0
	for range 6 {
		pats := drawPatternSet(n, m.S, rng)
		if pats == nil {
			continue
		}
		_, perm, got := assignPatterns(rules, pats, rng)
		rows := patternRows(make([][]bool, n), pats, perm)
		// These constraints read venues only: any pairing of each slot's home and away teams will do.
		sc := rules.venues.Evaluate(venueGrid(rows).Games())
		for _, f := range m.Fixed {
			if !rows[f.Home][f.Slot] || rows[f.Away][f.Slot] {
				sc.Hard++
			}
		}
		if sc != got {
			t.Fatalf("assignPatterns reports %v, a fresh evaluation gives %v", got, sc)
		}
		if got.Hard+got.Soft > 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Fatal("every assignment cost nothing: the check compared zeros only")
	}
}

// TestHAPRulesSettle checks when constructHAPFirst stops drawing pattern sets: at the first assignment
// without a hard venue cost, unless every soft constraint reads venues alone, when only one that costs
// nothing at all ends the draws.
func TestHAPRulesSettle(t *testing.T) {
	n := 12
	venueSoft := doubledModel(n) // its BR2 is soft
	venueSoft.Prims = append(venueSoft.Prims, constraints.Prim{Weight: 1, Kernel: constraints.NewCA1(venueSoft.S,
		[]int{0}, []int{1, 2}, constraints.Home, constraints.Bound{Max: 1})})
	mixed := doubledModel(n)
	mixed.Prims = append(mixed.Prims, constraints.Prim{Weight: 1, Kernel: &constraints.GA1{
		Meetings: []flextime.Game{{Home: 0, Away: 1}}, Slots: []int{3}, Bound: constraints.Bound{Max: 0}}})
	hardOnly := doubledModel(n)
	hardOnly.Prims[0].Hard = true
	for _, tc := range []struct {
		name      string
		m         *constraints.Model
		venueSoft bool
	}{
		{"soft venue rules only", venueSoft, true},
		{"a soft rule on meetings", mixed, false},
		{"no soft rule", hardOnly, false},
	} {
		r := newHAPRules(tc.m)
		if r.venueSoft != tc.venueSoft {
			t.Errorf("%s: venueSoft %t, want %t", tc.name, r.venueSoft, tc.venueSoft)
		}
		for _, c := range []struct {
			sc   flextime.Score
			want bool
		}{
			{flextime.Score{Hard: 1}, false},
			{flextime.Score{Hard: 0, Soft: 3}, !tc.venueSoft},
			{flextime.Score{}, true},
		} {
			if got := r.settles(c.sc); got != c.want {
				t.Errorf("%s: settles(%v) = %t, want %t", tc.name, c.sc, got, c.want)
			}
		}
	}
}
