package solver

import (
	"math/rand/v2"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// construct returns a valid round robin for the model: the circle method with random team labels and a
// random round order, venues alternating so that most teams have few breaks, the second half of a double
// round robin mirroring the first (which makes it phased; a non-phased format is free to leave that
// shape during the search), and then as many fixed games put in place as round swaps and venue swaps
// can manage without disturbing the ones already placed.
func construct(m *constraints.Model, rng *rand.Rand) *constraints.Grid {
	n, S := m.N, m.S
	g := constraints.NewGrid(n, S)
	perm := rng.Perm(n)
	rounds := rng.Perm(n - 1)
	for r := range n - 1 {
		s := rounds[r]
		for i := range n / 2 {
			a := (r + i) % (n - 1)
			b := (r + n - 1 - i) % (n - 1)
			if i == 0 {
				b = n - 1
			}
			if (r+i)%2 == 1 {
				a, b = b, a
			}
			ta, tb := perm[a], perm[b]
			g.Opp[ta*S+s], g.Home[ta*S+s] = int32(tb), true
			g.Opp[tb*S+s], g.Home[tb*S+s] = int32(ta), false
		}
	}
	if m.Format.Rounds >= 2 {
		half := n - 1
		second := rng.Perm(half)
		if m.Format.Mirrored {
			for i := range second {
				second[i] = i
			}
		}
		for s := range half {
			for t := range n {
				d := t*S + half + second[s]
				g.Opp[d], g.Home[d] = g.Opp[t*S+s], !g.Home[t*S+s]
			}
		}
	}
	placeFixed(m, g)
	return g
}

// placeFixed moves fixed games into their slots by swapping rounds (within a half when the format is
// phased) and venues, never disturbing a fixed game already in place.
func placeFixed(m *constraints.Model, g *constraints.Grid) {
	if len(m.Fixed) == 0 {
		return
	}
	S := g.S
	mv := newMover(g, m.Format.Rounds, m.Format.Phased, m.Format.Mirrored)
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
