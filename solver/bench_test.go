package solver

import (
	"math/rand/v2"
	"testing"

	"github.com/flextime/flextime/constraints"
)

// BenchmarkMoveEval measures move evaluations (draw, incremental score, undo) per second for each move
// kind, on NL16 (TTP), ITC2021 Early 10 (20 teams, 1261 constraints) and the Big 12 basketball example
// (a partial round robin on a dated calendar).
func BenchmarkMoveEval(b *testing.B) {
	for _, inst := range []string{"NL16.txt", "ITC2021_Early_10.xml", "big12-mbb.yaml"} {
		m := loadModel(b, inst, false)
		for kind := range numMoves {
			mv0 := newMover(m, constraints.NewGrid(m.N, m.S))
			mv0.relabels = true // drawn in a solve once feasible or on a break budget; measured wherever valid
			if !mv0.allowed(kind) {
				continue
			}
			b.Run(inst+"/"+moveNames[kind], func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				g, err := startGrid(m, rng, true)
				if err != nil {
					b.Fatal(err)
				}
				inc, err := constraints.NewIncremental(m, g)
				if err != nil {
					b.Fatal(err)
				}
				mv := newMover(m, g)
				mv.relabels = true
				var evaluated int
				for b.Loop() {
					cells := mv.generate(kind, rng)
					if len(cells) == 0 {
						continue
					}
					inc.Try(cells)
					inc.Undo()
					evaluated++
				}
				b.ReportMetric(float64(evaluated)/b.Elapsed().Seconds(), "evals/s")
			})
		}
	}
}
