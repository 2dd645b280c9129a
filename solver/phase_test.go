package solver

import (
	"testing"
	"time"

	"github.com/flextime/flextime/constraints"
)

func TestHardModel(t *testing.T) {
	m := loadModel(t, "ITC2021_Test2.xml", false)
	h := hardModel(m)
	if h == nil {
		t.Fatal("no hard-only model for a season with soft constraints")
	}
	var want []constraints.Prim
	for _, p := range m.Prims {
		if p.Hard {
			want = append(want, p)
		}
	}
	if len(h.Prims) != len(want) || len(want) == len(m.Prims) {
		t.Fatalf("hard-only model has %d primitives; the season has %d, %d of them hard", len(h.Prims), len(m.Prims), len(want))
	}
	for i, p := range h.Prims {
		if !p.Hard || p.Name != want[i].Name || p.Kernel != want[i].Kernel {
			t.Fatalf("primitive %d of the hard-only model is %s (hard %v), want %s", i, p.Name, p.Hard, want[i].Name)
		}
	}
	if h.N != m.N || h.S != m.S || h.Fingerprint != m.Fingerprint {
		t.Fatal("the hard-only copy changed the model it came from")
	}
	if hardModel(h) != nil {
		t.Fatal("a model with no soft primitives got a hard-only copy")
	}
}

// TestFeasibilityPhaseEvaluatesHardOnly follows workers that start infeasible: until their schedule is
// feasible they evaluate moves on the hard primitives alone (the soft score stays 0, the hard one is the
// schedule's), their best always carries its full score, and once feasible they evaluate everything.
func TestFeasibilityPhaseEvaluatesHardOnly(t *testing.T) {
	m := loadModel(t, "ITC2021_Test2.xml", false)
	started := 0
	for id := range 2 {
		w, err := newWorker(m, id, 7, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !w.feasibility {
			continue
		}
		started++
		for step := 0; w.feasibility; step++ {
			if step == 10000 {
				t.Fatalf("worker %d: not feasible after %d moves", id, step*100)
			}
			full := m.Evaluate(w.g.Games())
			if s := w.inc.Score(); !w.incHard || s.Soft != 0 || s.Hard != full.Hard {
				t.Fatalf("worker %d, feasibility phase: evaluator on hard only %v, score %v; the schedule scores %v",
					id, w.incHard, s, full)
			}
			if b := m.Evaluate(w.best.Games()); b != w.bestScore {
				t.Fatalf("worker %d: best scored %v, it scores %v", id, w.bestScore, b)
			}
			if _, stop := w.run(t.Context(), 100, time.Time{}, nil); stop {
				t.Fatal("the worker stopped")
			}
		}
		if _, stop := w.run(t.Context(), 1000, time.Time{}, nil); stop {
			t.Fatal("the worker stopped")
		}
		if full := m.Evaluate(w.g.Games()); w.incHard || w.inc.Score() != full {
			t.Fatalf("worker %d, optimisation phase: evaluator on hard only %v, score %v; the schedule scores %v",
				id, w.incHard, w.inc.Score(), full)
		}
		if b := m.Evaluate(w.best.Games()); b != w.bestScore || b.Hard != 0 {
			t.Fatalf("worker %d: best scored %v, it scores %v", id, w.bestScore, b)
		}
	}
	if started == 0 {
		t.Fatal("no worker started infeasible: the test wants one")
	}
}
