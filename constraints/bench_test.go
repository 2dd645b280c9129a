package constraints_test

import (
	"testing"

	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/robinx"
)

// BenchmarkEvaluate measures full evaluation of a stored solution of a 20-team ITC2021 instance
// (Early 10: 38 slots, 1261 constraints).
func BenchmarkEvaluate(b *testing.B) {
	for _, tc := range []struct{ name, inst, sol string }{
		{"Early10", "ITC2021_Early_10.xml", "Early_10_comp_best.xml"},
		{"Early1", "ITC2021_Early_1.xml", "Early_1_comp_best.xml"},
	} {
		p, err := robinx.LoadInstance("../testdata/" + tc.inst)
		if err != nil {
			b.Fatal(err)
		}
		m, err := constraints.Compile(p)
		if err != nil {
			b.Fatal(err)
		}
		s, _, err := robinx.LoadSolution("../testdata/"+tc.sol, p)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"/Evaluate", func(b *testing.B) {
			for b.Loop() {
				m.Evaluate(s.Games)
			}
		})
		b.Run(tc.name+"/Explain", func(b *testing.B) {
			for b.Loop() {
				m.Explain(s.Games)
			}
		})
	}
}
