package solver

import (
	"math/rand/v2"
	"testing"

	"github.com/flextime/flextime/constraints"
)

// BenchmarkMoveEval measures move evaluations (draw, incremental score, undo) per second for each move
// kind, on NL16 (TTP) and ITC2021 Early 10 (20 teams, 1261 constraints).
func BenchmarkMoveEval(b *testing.B) {
	for _, inst := range []string{"NL16.txt", "ITC2021_Early_10.xml"} {
		m := loadModel(b, inst, false)
		for kind := range numMoves {
			b.Run(inst+"/"+moveNames[kind], func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				g := construct(m, rng, true)
				inc, err := constraints.NewIncremental(m, g)
				if err != nil {
					b.Fatal(err)
				}
				mv := newMover(m, g)
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
