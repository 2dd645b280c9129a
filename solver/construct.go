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
// Where usesDoubled, the construction is constructDoubled instead.
func construct(m *constraints.Model, rng *rand.Rand, binding bool) *constraints.Grid {
	if usesDoubled(m, binding) {
		return constructDoubled(m, rng)
	}
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

// usesDoubled reports whether construct starts from constructDoubled: for the workers that do not use
// the binding construction, where doubledHelps.
func usesDoubled(m *constraints.Model, binding bool) bool { return !binding && doubledHelps(m) }

// doubledHelps reports whether the doubled construction suits the model: a compact double round robin
// free of phase and mirror, with a constraint on breaks and none on the slots between two meetings of a
// pair (which the doubled construction puts side by side).
func doubledHelps(m *constraints.Model) bool {
	f := m.Format
	if !m.Compact || f.Rounds != 2 || f.Phased || f.Mirrored || m.S != 2*(m.N-1) {
		return false
	}
	breaks := false
	for _, p := range m.Prims {
		switch p.Kernel.(type) {
		case *constraints.SE1:
			return false
		case *constraints.BR1, *constraints.BR2:
			breaks = true
		}
	}
	return breaks
}

// constructDoubled returns a double round robin with n-2 breaks, the fewest any can have: a team that
// never breaks alternates from the first slot, home or away, and two teams with the same pattern can
// never meet, so at most two teams have no break. Each round of the circle method is played twice
// running, in slots 2r and 2r+1, at the other venue the second time; the first of the two games is at
// the venue of the circle method in even rounds and at the other venue in odd ones. A team then
// alternates inside each pair of slots, and between pairs it breaks exactly where its circle-method
// pattern does not alternate: once, or never for two teams.
//
// Moving a round would add breaks, so fixed games are put in place by the choice of team labels (and of
// the season's direction and venues, which keep the breaks as they are); those no labelling found places
// are left out of place for the search to move.
//
// Each labelled draw then takes a walk of venue-keeping moves (see walkKeepingVenues), so that the
// search starts from a timetable it can rearrange without adding breaks. Where the walk cannot do that
// (no partial round swap of the best draw keeps the venues, as for 20 teams), the start comes from
// constructHAPFirst instead, which has n-2 breaks too and timetables the venue-keeping moves can
// rearrange. Side by side (flextime bench, 30 s, 2 workers, 6 seeds; BENCHMARKS.md), ITC2021 Early 14
// best and median 8 and 21 with it, 93 and 109 without (10 and 20, 52 and 110 in other runs); the
// medians of Early 13 and Early 15 (3 seeds) within their spread.
func constructDoubled(m *constraints.Model, rng *rand.Rand) *constraints.Grid {
	var variants [4]*constraints.Grid // by direction and venues: bit 0 reversed, bit 1 swapped
	for v := range variants {
		variants[v] = doubled(m.N, m.S, v&1 == 1, v&2 == 2)
	}
	var best *constraints.Grid
	var bestScore flextime.Score
	for range doubledTries {
		g := labelDoubled(m, &variants, rng)
		walkKeepingVenues(m, g, doubledWalk, rng)
		if sc := m.Evaluate(g.Games()); best == nil || sc.Less(bestScore) {
			best, bestScore = g, sc
		}
	}
	if venueKeepingSwaps(m, best, rigidDraws, rng) == 0 {
		if g := constructHAPFirst(m, rng); g != nil {
			return g
		}
	}
	return best
}

// rigidDraws is the number of partial round swaps venueKeepingSwaps draws to tell a rigid start: after
// the walk, 20000 draws found 500-760 that keep the venues on ITC2021 Early 8, Early 9 and Test 6 (18
// teams) and none on Early 13, 14, 15 (20 teams) or Test 2 (6), three labelled starts each.
const rigidDraws = 20000

// venueKeepingSwaps counts, of draws random partial round swaps on g, those that are valid and keep
// every venue.
func venueKeepingSwaps(m *constraints.Model, g *constraints.Grid, draws int, rng *rand.Rand) int {
	mv := newMover(m, g)
	none := make([]bool, len(g.Opp))
	c := 0
	for range draws {
		if cells := mv.generate(movePartialSwapRounds, rng); len(cells) > 0 && keepsVenues(g, cells, none) {
			c++
		}
	}
	return c
}

// doubledTries is the number of labellings constructDoubled draws, keeping the best. Of 200 draws on
// ITC2021 Early 14, Early 8 and Early 9, the best had 7, 4 and 15 hard violations where a typical draw
// has 9-15, 8-19 and 22-39.
const doubledTries = 16

// walkKeepingVenues makes up to steps random moves on g that leave every team's venue in every slot as
// it was (team swaps, partial swaps of rounds and of teams, round swaps between slots whose venues are
// the same), and none that takes a fixed game in place out of its slot; it gives up after drawing
// walkDraws per step.
//
// The doubled circle method is rigid where n-1 is prime (every ITC2021 season with 12, 14, 18 or 20
// teams): any two of its rounds make one cycle through every team, so no partial round swap keeps the
// venues, and about 1-2 % of partial team swaps do. Of 200,000 draws of each on a labelled start of
// ITC2021 Early 9 (18 teams), before / after a walk of doubledWalk steps: partial round swaps valid
// 6,121 / 103,168, keeping the venues 0 / 5,855; partial team swaps keeping the venues 3,747 / 12,079.
// On Early 14 (20 teams) the walk makes partial round swaps valid (5,420 / 44,256) but none keeps the
// venues. Either way the walk keeps the breaks as they are, and teams no longer meet each opponent in
// two slots running, which the constraints on the games against a group within a few slots (CA3) charge
// for.
func walkKeepingVenues(m *constraints.Model, g *constraints.Grid, steps int, rng *rand.Rand) {
	S := g.S
	fixed := make([]bool, len(g.Opp))
	for _, f := range m.Fixed {
		if placed(g, f) {
			fixed[f.Home*S+f.Slot], fixed[f.Away*S+f.Slot] = true, true
		}
	}
	kinds := [...]int{moveSwapTeams, movePartialSwapRounds, movePartialSwapTeams, moveSwapRounds}
	mv := newMover(m, g)
	for draws, done := 0, 0; done < steps && draws < walkDraws*steps; draws++ {
		cells := mv.generate(kinds[rng.IntN(len(kinds))], rng)
		if len(cells) == 0 || !keepsVenues(g, cells, fixed) {
			continue
		}
		mv.apply(cells)
		done++
	}
}

// keepsVenues reports whether setting cells on g leaves every venue as it is and every cell where
// fixed holds its game.
func keepsVenues(g *constraints.Grid, cells []constraints.Cell, fixed []bool) bool {
	for _, c := range cells {
		i := int(c.T)*g.S + int(c.S)
		if g.Home[i] != c.Home || (fixed[i] && g.Opp[i] != c.Opp) {
			return false
		}
	}
	return true
}

// doubledWalk is the number of steps of the walk each doubled draw takes, and walkDraws the draws
// allowed per step. Side by side (flextime bench, 30 s, 2 workers, seeds 1-3; BENCHMARKS.md), best and
// median with the walk / without: ITC2021 Early 9 253 and 373 / 407 and 447, Early 13 351 and 429 / 349
// and 466, Early 14 88 and 103 / 93 and 95, Early 8 1520 and 1535 / 1489 and 1528, Early 15 the same.
// Walks of 50 and 1000 steps did worse than 200 on Early 9 and Early 13 (one 60 s run each).
const (
	doubledWalk = 200
	walkDraws   = 1000
)

// labelDoubled draws team labels and one of the variants of the doubled circle method (its directions
// and venues) that put the fixed games in place, leaving out none, one, two, four and so on until some
// labelling is found.
func labelDoubled(m *constraints.Model, variants *[4]*constraints.Grid, rng *rand.Rand) *constraints.Grid {
	for skips := 0; ; skips = min(max(2*skips, 1), len(m.Fixed)) {
		for _, v := range rng.Perm(4) {
			c := variants[v]
			if perm, ok := fixedLabels(m, c, skips, rng); ok {
				return relabel(c, perm)
			}
		}
		// With every fixed game allowed out, the search's first descent succeeds within its steps.
	}
}

// doubled is the doubled circle method in its own labels, in reverse slot order when reversed and with
// every venue swapped when swapped.
func doubled(n, S int, reversed, swapped bool) *constraints.Grid {
	g := constraints.NewGrid(n, S)
	for r, games := range circleRounds(n) {
		for _, gm := range games {
			ta, tb := gm[0], gm[1]
			if (r%2 == 1) != swapped {
				ta, tb = tb, ta
			}
			for k, s := range [2]int{2 * r, 2*r + 1} {
				if reversed {
					s = S - 1 - s
				}
				g.Opp[ta*S+s], g.Home[ta*S+s] = int32(tb), k == 0
				g.Opp[tb*S+s], g.Home[tb*S+s] = int32(ta), k == 1
			}
		}
	}
	return g
}

// relabel returns g with team t of g renamed perm[t].
func relabel(g *constraints.Grid, perm []int) *constraints.Grid {
	S := g.S
	out := constraints.NewGrid(g.N, S)
	for t := range g.N {
		for s := range S {
			out.Opp[perm[t]*S+s], out.Home[perm[t]*S+s] = int32(perm[int(g.Opp[t*S+s])]), g.Home[t*S+s]
		}
	}
	return out
}

// fixedLabelSteps bounds the search of fixedLabels, beyond the n steps per fixed game of its first
// descent.
const fixedLabelSteps = 10000

// fixedLabels looks for team labels perm (team t of c becomes perm[t]) under which c holds every fixed
// game of m but at most skips of them, by a depth-first search over the games of each fixed game's slot,
// in random order; the teams no placed fixed game names get the labels left, at random. ok is false when
// the search finds none within its bound of steps. With skips at least the number of fixed games it
// always succeeds: its first descent places or leaves out each fixed game in turn, n steps each.
func fixedLabels(m *constraints.Model, c *constraints.Grid, skips int, rng *rand.Rand) ([]int, bool) {
	n, S := c.N, c.S
	of := make([]int, n) // of[real team] = team of c, or -1
	perm := make([]int, n)
	for i := range n {
		of[i], perm[i] = -1, -1
	}
	steps, limit := 0, fixedLabelSteps+n*len(m.Fixed)
	var place func(k, skips int) bool
	place = func(k, skips int) bool {
		if k == len(m.Fixed) {
			return true
		}
		f := m.Fixed[k]
		for _, x := range rng.Perm(n) {
			if steps++; steps > limit {
				return false
			}
			if !c.Home[x*S+f.Slot] {
				continue
			}
			y := int(c.Opp[x*S+f.Slot])
			// x must be f.Home and y f.Away: each either already so, or both free.
			okH := of[f.Home] == x || (of[f.Home] < 0 && perm[x] < 0)
			okA := of[f.Away] == y || (of[f.Away] < 0 && perm[y] < 0)
			if !okH || !okA {
				continue
			}
			newH, newA := of[f.Home] < 0, of[f.Away] < 0
			if newH {
				of[f.Home], perm[x] = x, f.Home
			}
			if newA {
				of[f.Away], perm[y] = y, f.Away
			}
			if place(k+1, skips) {
				return true
			}
			if newH {
				of[f.Home], perm[x] = -1, -1
			}
			if newA {
				of[f.Away], perm[y] = -1, -1
			}
		}
		return skips > 0 && place(k+1, skips-1)
	}
	if !place(0, skips) {
		return nil, false
	}
	var free []int
	for t := range n {
		if of[t] < 0 {
			free = append(free, t)
		}
	}
	rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	for x := range n {
		if perm[x] < 0 {
			perm[x], free = free[0], free[1:]
		}
	}
	return perm, true
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
				mv.apply(mv.cells)
			}
			if !g.Home[f.Home*S+f.Slot] && m.Format.Rounds < 2 {
				mv.cells = mv.cells[:0]
				mv.swapHomes(f.Home, f.Away)
				mv.apply(mv.cells)
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
