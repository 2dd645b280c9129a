package solver

import (
	"math/rand/v2"
	"testing"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// TestConstructions checks that both constructions give valid round robins for even team counts whose
// halves are even and odd, in every format, and that the binding construction is not perfect (some pair
// of rounds has a partial swap rounds move).
func TestConstructions(t *testing.T) {
	for _, n := range []int{4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 30, 40} {
		for _, binding := range []bool{false, true} {
			for _, f := range []struct {
				rounds           int
				phased, mirrored bool
			}{{1, false, false}, {2, true, false}, {2, true, true}} {
				m := &constraints.Model{N: n, S: f.rounds * (n - 1), Compact: true}
				m.Format.Rounds, m.Format.Phased, m.Format.Mirrored = f.rounds, f.phased, f.mirrored
				rng := rand.New(rand.NewPCG(uint64(n), 3))
				g := construct(m, rng, binding)
				if d := structuralCost(m, g); d != 0 {
					t.Errorf("n=%d binding=%t format=%+v: structural cost %d", n, binding, m.Format, d)
				}
				if binding && bindingHelps(n) && f.rounds == 1 {
					mv := newMover(m, g)
					found := false
					for a := 0; a < m.S && !found; a++ {
						for b := a + 1; b < m.S && !found; b++ {
							mv.cells = mv.cells[:0]
							mv.partialSwapRounds(0, a, b)
							found = len(mv.cells) > 0
						}
					}
					if !found {
						t.Errorf("n=%d: the binding construction has no partial swap rounds move from team 0", n)
					}
				}
			}
		}
	}
}

// TestCircleBreaks checks that the circle method in its own round order gives the fewest breaks a round
// robin can have, n-2: every team alternates home and away except two, which have one break each.
func TestCircleBreaks(t *testing.T) {
	for _, n := range []int{4, 6, 8, 10, 16, 18, 20, 30} {
		home := make([][]bool, n)
		for i := range home {
			home[i] = make([]bool, n-1)
		}
		for r, games := range circleRounds(n) {
			for _, gm := range games {
				home[gm[0]][r], home[gm[1]][r] = true, false
			}
		}
		breaks := 0
		for _, row := range home {
			for r := 1; r < n-1; r++ {
				if row[r] == row[r-1] {
					breaks++
				}
			}
		}
		if breaks != n-2 {
			t.Errorf("n=%d: %d breaks, want %d", n, breaks, n-2)
		}
	}
}

// TestBindingAlternates checks that with a hard break limit the binding construction orients its games
// so that most teams alternate: fewer than a third of the changes of slot are breaks, where random
// venues give about half.
func TestBindingAlternates(t *testing.T) {
	for _, n := range []int{8, 12, 16, 18, 20} {
		m := &constraints.Model{N: n, S: 2 * (n - 1)}
		m.Format.Rounds, m.Format.Phased = 2, true
		m.Prims = []constraints.Prim{{Kernel: &constraints.BR2{Max: 0}, Hard: true, Weight: 1}}
		for seed := range uint64(5) {
			g := construct(m, rand.New(rand.NewPCG(seed, 9)), true)
			breaks := countBreaks(g)
			if structuralCost(m, g) != 0 {
				t.Errorf("n=%d seed %d: not a phased double round robin", n, seed)
			}
			if 3*breaks >= n*(m.S-1) {
				t.Errorf("n=%d seed %d: %d breaks in %d slot changes", n, seed, breaks, n*(m.S-1))
			}
		}
	}
}

// TestDoubledBreaks checks that on a non-phased double round robin with a break constraint and no
// separation constraint, the even workers' construction is a valid double round robin with n-2 breaks,
// and that a separation constraint or a phased format turns it off.
func TestDoubledBreaks(t *testing.T) {
	for _, n := range []int{4, 6, 8, 10, 16, 18, 20, 30} {
		m := doubledModel(n)
		if !doubledHelps(m) {
			t.Fatalf("n=%d: the doubled construction is not used", n)
		}
		g := construct(m, rand.New(rand.NewPCG(uint64(n), 1)), false)
		if d := structuralCost(m, g); d != 0 {
			t.Errorf("n=%d: structural cost %d", n, d)
		}
		if breaks := countBreaks(g); breaks != n-2 {
			t.Errorf("n=%d: %d breaks, want %d", n, breaks, n-2)
		}
	}
	// Fixed games that some labelling of the doubled circle method holds are all put in place, and the
	// breaks stay n-2; fixed games no labelling holds (a team meeting two opponents in one pair of slots)
	// leave a valid double round robin with the fewest left out.
	for seed := range uint64(4) {
		n := 12
		m := doubledModel(n)
		rng := rand.New(rand.NewPCG(seed, 5))
		src := relabel(doubled(n, m.S, seed%2 == 1, false), rng.Perm(n))
		games := src.Games()
		for _, k := range rng.Perm(len(games))[:6] {
			m.Fixed = append(m.Fixed, games[k])
		}
		g := construct(m, rng, false)
		for _, f := range m.Fixed {
			if !placed(g, f) {
				t.Errorf("seed %d: fixed game %+v not in place", seed, f)
			}
		}
		if b := countBreaks(g); b != n-2 {
			t.Errorf("seed %d: %d breaks with fixed games, want %d", seed, b, n-2)
		}
		a, b := m.Fixed[0], m.Fixed[1]
		m.Fixed = []flextime.Game{{Home: 0, Away: 1, Slot: 4}, {Home: 0, Away: 2, Slot: 5}, a, b}
		g = construct(m, rng, false)
		if d := structuralCost(m, g); d != 0 {
			t.Errorf("seed %d: structural cost %d with conflicting fixed games", seed, d)
		}
		if placed(g, m.Fixed[0]) && placed(g, m.Fixed[1]) {
			t.Errorf("seed %d: two games of team 0 in one pair of slots both placed", seed)
		}
		if n := countPlaced(g, m.Fixed); n < 3 {
			t.Errorf("seed %d: %d of 4 fixed games placed, want 3", seed, n)
		}
	}
	// Every game of a 30-team season fixed, as a circle method with shuffled rounds lays them out: far more
	// than the labels can place and than the search's step bound covers; the construction still ends with
	// a valid double round robin.
	{
		m := doubledModel(30)
		rng := rand.New(rand.NewPCG(11, 5))
		m.Format.Phased = true
		m.Fixed = construct(m, rng, false).Games()
		m.Format.Phased = false
		g := construct(m, rng, false)
		if d := structuralCost(m, g); d != 0 {
			t.Errorf("all games fixed: structural cost %d", d)
		}
	}
	m := doubledModel(8)
	m.Prims = append(m.Prims, constraints.Prim{Kernel: &constraints.SE1{Min: 1}, Weight: 1})
	if doubledHelps(m) {
		t.Error("the doubled construction is used under a separation constraint")
	}
	m.Prims = m.Prims[:1]
	m.Format.Phased = true
	if doubledHelps(m) {
		t.Error("the doubled construction is used on a phased format")
	}
}

// TestWalkKeepsVenues checks the walk that loosens the doubled construction: every venue and every
// fixed game in place stays, the schedule stays a valid double round robin with n-2 breaks, its
// timetable changes, and for 18 teams (n-1 prime) partial round swaps that keep the venues exist
// afterwards (none do before).
func TestWalkKeepsVenues(t *testing.T) {
	n := 18
	m := doubledModel(n)
	rng := rand.New(rand.NewPCG(3, 4))
	g := relabel(doubled(n, m.S, false, false), rng.Perm(n))
	games := g.Games()
	for _, k := range rng.Perm(len(games))[:4] {
		m.Fixed = append(m.Fixed, games[k])
	}
	if k := venueKeepingSwaps(m, g, rigidDraws, rng); k != 0 {
		t.Fatalf("the doubled circle method has %d venue-keeping partial round swaps, want none", k)
	}
	before := g.Clone()
	walkKeepingVenues(m, g, doubledWalk, rng)
	moved := 0
	for i := range g.Opp {
		if g.Home[i] != before.Home[i] {
			t.Fatalf("cell %d: venue changed", i)
		}
		if g.Opp[i] != before.Opp[i] {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("the walk changed no game")
	}
	for _, f := range m.Fixed {
		if !placed(g, f) {
			t.Errorf("fixed game %+v taken out of place", f)
		}
	}
	if d := structuralCost(m, g); d != 0 {
		t.Errorf("structural cost %d after the walk", d)
	}
	if b := countBreaks(g); b != n-2 {
		t.Errorf("%d breaks after the walk, want %d", b, n-2)
	}
	if k := venueKeepingSwaps(m, g, rigidDraws, rng); k == 0 {
		t.Errorf("no venue-keeping partial round swap after a walk that moved %d cells", moved)
	}
}

// doubledModel is an n-team compact double round robin, free of phase and mirror, with a soft limit of
// no breaks: a season the doubled construction serves.
func doubledModel(n int) *constraints.Model {
	m := &constraints.Model{N: n, S: 2 * (n - 1), Compact: true}
	m.Format.Rounds = 2
	m.Prims = []constraints.Prim{{Kernel: &constraints.BR2{Max: 0}, Weight: 1}}
	return m
}

// structuralCost is g's cost under the round robin rules of m's format.
func structuralCost(m *constraints.Model, g *constraints.Grid) int64 {
	return (&constraints.Structure{Format: m.Format}).Eval(constraints.NewTable(m.N, m.S, g.Games()), nil)
}

// countBreaks counts the breaks of every team: two slots running at the same venue.
func countBreaks(g *constraints.Grid) int {
	breaks := 0
	for t := range g.N {
		for s := 1; s < g.S; s++ {
			if g.Home[t*g.S+s] == g.Home[t*g.S+s-1] {
				breaks++
			}
		}
	}
	return breaks
}

// countPlaced counts the fixed games in place.
func countPlaced(g *constraints.Grid, fixed []flextime.Game) int {
	n := 0
	for _, f := range fixed {
		if placed(g, f) {
			n++
		}
	}
	return n
}
