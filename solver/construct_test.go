package solver

import (
	"math/rand/v2"
	"testing"

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
				games := g.Games()
				k := &constraints.Structure{Format: m.Format}
				if d := k.Eval(constraints.NewTable(n, m.S, games), nil); d != 0 {
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
