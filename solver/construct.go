package solver

import (
	"math/rand/v2"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// construct returns a valid round robin for the model: a 1-factorization of the teams (the circle
// method, or for diversity a binding of two half-size factorizations) with random team labels, venues
// alternating where the construction allows, the second half of a double round robin mirroring the
// first in the same round order (which makes it phased; a non-phased format is free to leave that shape
// during the search), and then as many fixed games put in place as round swaps and venue swaps can
// manage without disturbing the ones already placed.
//
// The circle method gives a perfect 1-factorization when n-1 is prime: the union of any two rounds is
// one cycle through every team, so no partial swap rounds move exists until other moves break that
// shape, which in a phased half they never do. The binding construction has short cycles between its
// rounds, so workers alternate between the two. When a hard constraint limits breaks, the binding
// construction keeps its rounds in order and orients its games so that as many teams as possible
// alternate (about 130-150 breaks in a 20-team double round robin, against 54 for the circle method).
func construct(m *constraints.Model, rng *rand.Rand, binding bool) *constraints.Grid {
	canonical := hardBreaks(m)
	n, S := m.N, m.S
	g := constraints.NewGrid(n, S)
	var rounds [][][2]int
	if binding && bindingHelps(n) {
		rounds = bindingRounds(n, rng)
	} else {
		rounds = circleRounds(n)
	}
	// The circle method's alternating venues give the fewest breaks possible (n-2 in a round robin) only
	// in its own round order: it is kept when a hard constraint limits breaks, and shuffled otherwise
	// (for travel, few breaks means no road trips).
	perm := rng.Perm(n)
	order := rng.Perm(n - 1)
	if canonical {
		for i := range order {
			order[i] = i
		}
	}
	for r, games := range rounds {
		s := order[r]
		for _, gm := range games {
			ta, tb := perm[gm[0]], perm[gm[1]]
			g.Opp[ta*S+s], g.Home[ta*S+s] = int32(tb), true
			g.Opp[tb*S+s], g.Home[tb*S+s] = int32(ta), false
		}
	}
	if canonical && binding && bindingHelps(n) {
		orientAlternating(g, n-1, rng)
	}
	if m.Format.Rounds >= 2 {
		// The second half repeats the first with venues swapped, which keeps its breaks as few.
		half := n - 1
		for s := range half {
			for t := range n {
				d := t*S + half + s
				g.Opp[d], g.Home[d] = g.Opp[t*S+s], !g.Home[t*S+s]
			}
		}
	}
	placeFixed(m, g)
	return g
}

// bindingHelps reports whether the binding construction has short cycles between rounds: the cyclic
// Latin square of an odd prime half k = n/2 is one cycle between any two of its rounds.
func bindingHelps(n int) bool {
	k := n / 2
	if n < 8 {
		return false
	}
	if k%2 == 0 {
		return true
	}
	for d := 3; d*d <= k; d += 2 {
		if k%d == 0 {
			return true
		}
	}
	return false
}

// circleRounds is the circle method: n-1 rounds of (home, away) pairs, venues alternating so that most
// teams have few breaks.
func circleRounds(n int) [][][2]int {
	rounds := make([][][2]int, n-1)
	for r := range n - 1 {
		for i := range n / 2 {
			a := (r + i) % (n - 1)
			b := (r + n - 1 - i) % (n - 1)
			if i == 0 {
				b = n - 1
			}
			// De Werra's orientation: the fixed team alternates, and the pair at distance i hosts on the side
			// the parity of i gives. Two teams then alternate all season and the others have one break each,
			// n-2 in all, the fewest a round robin can have.
			if (i == 0 && r%2 == 1) || (i > 0 && i%2 == 0) {
				a, b = b, a
			}
			rounds[r] = append(rounds[r], [2]int{a, b})
		}
	}
	return rounds
}

// bindingRounds builds a 1-factorization of n = 2k teams from two copies of k teams (0..k-1 and
// k..2k-1) and the complete bipartite graph between them. For even k, each copy plays a circle-method
// round robin in parallel (k-1 rounds) and the k rounds of a cyclic Latin square pair the copies. For
// odd k, each copy plays a round robin with a bye (k rounds), the two teams on a bye meet each other, and
// the cyclic Latin square without its diagonal gives the other k-1 rounds. Venues are drawn at random.
func bindingRounds(n int, rng *rand.Rand) [][][2]int {
	k := n / 2
	var rounds [][][2]int
	pair := func(a, b int) [2]int {
		if rng.IntN(2) == 0 {
			return [2]int{a, b}
		}
		return [2]int{b, a}
	}
	if k%2 == 0 {
		for _, r := range circleRounds(k) {
			var games [][2]int
			for _, gm := range r {
				games = append(games, pair(gm[0], gm[1]), pair(gm[0]+k, gm[1]+k))
			}
			rounds = append(rounds, games)
		}
		for j := range k {
			var games [][2]int
			for i := range k {
				games = append(games, pair(i, k+(i+j)%k))
			}
			rounds = append(rounds, games)
		}
		return rounds
	}
	// Odd k: a round robin of k+1 with a dummy team k; whoever meets the dummy has the bye.
	for _, r := range circleRounds(k + 1) {
		var games [][2]int
		for _, gm := range r {
			a, b := gm[0], gm[1]
			if a == k || b == k {
				bye := a + b - k
				games = append(games, pair(bye, bye+k))
				continue
			}
			games = append(games, pair(a, b), pair(a+k, b+k))
		}
		rounds = append(rounds, games)
	}
	for j := 1; j < k; j++ {
		var games [][2]int
		for i := range k {
			games = append(games, pair(i, k+(i+j)%k))
		}
		rounds = append(rounds, games)
	}
	return rounds
}

// placeFixed moves fixed games into their slots by swapping rounds (within a half when the format is
// phased) and venues, never disturbing a fixed game already in place.
func placeFixed(m *constraints.Model, g *constraints.Grid) {
	if len(m.Fixed) == 0 {
		return
	}
	S := g.S
	mv := newMover(m, g)
	locked := make([]bool, S)
	apply := func(cells []constraints.Cell) {
		for _, c := range cells {
			g.Opp[int(c.T)*S+int(c.S)], g.Home[int(c.T)*S+int(c.S)] = c.Opp, c.Home
		}
	}
	for _, f := range m.Fixed {
		if placed(g, f) {
			locked[f.Slot] = true
			continue
		}
		// Find a meeting of the pair that can be moved to the fixed slot.
		for s := range S {
			// In a double round robin the pair's meeting at f.Home is the one to move; in a single one the
			// only meeting moves and its venue is swapped if need be.
			if int(g.Opp[f.Home*S+s]) != f.Away || (m.Format.Rounds >= 2 && !g.Home[f.Home*S+s]) {
				continue
			}
			if s != f.Slot {
				if locked[s] || locked[f.Slot] || s >= mv.span || f.Slot >= mv.span || !mv.sameHalf(s, f.Slot) {
					continue
				}
				mv.cells = mv.cells[:0]
				mv.swapRounds(s, f.Slot)
				apply(mv.cells)
			}
			if !g.Home[f.Home*S+f.Slot] && m.Format.Rounds < 2 {
				mv.cells = mv.cells[:0]
				mv.swapHomes(f.Home, f.Away)
				apply(mv.cells)
			}
			break
		}
		if placed(g, f) {
			locked[f.Slot] = true
		}
	}
}

func placed(g *constraints.Grid, f flextime.Game) bool {
	i := f.Home*g.S + f.Slot
	return int(g.Opp[i]) == f.Away && g.Home[i]
}

// orientAlternating sets the venues of the first k slots slot by slot so that as many teams as possible
// alternate: a game between a team that was at home and one that was away keeps both alternating.
func orientAlternating(g *constraints.Grid, k int, rng *rand.Rand) {
	S := g.S
	for s := 1; s < k; s++ {
		for t := range g.N {
			o := int(g.Opp[t*S+s])
			if o < t {
				continue
			}
			pt, po := g.Home[t*S+s-1], g.Home[o*S+s-1]
			th := !pt
			if pt == po {
				th = rng.IntN(2) == 0
			}
			g.Home[t*S+s], g.Home[o*S+s] = th, !th
		}
	}
}
