package solver

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// worker is one annealing search with its own random source and state.
type worker struct {
	id  int
	m   *constraints.Model
	rng *rand.Rand
	g   *constraints.Grid
	inc *constraints.Incremental
	mv  *mover

	// hardOnly is m without its soft primitives, nil when m has none. In the feasibility phase inc
	// evaluates on it (incHard is then set), so that a move costs only the hard primitives it touches.
	hardOnly *constraints.Model
	incHard  bool

	best      *constraints.Grid
	bestScore flextime.Score
	// improved is set when best improves; improvedAt is the epoch in which it last did.
	improved   bool
	improvedAt int

	wHard float64 // weight of infeasibility in the annealing objective
	w0    float64 // calibrated starting weight for the optimisation phase
	// feasibility is set while the worker's schedule has never been feasible since its last reset: the
	// search then anneals on the hard score alone (see enterPhase).
	feasibility bool

	t0, temp  float64
	shownTemp float64 // temp as of the worker's last meeting with the pool, for the observer
	cycle     int64   // moves of the current cooling cycle
	baseCycle int64   // moves of the first cycle, from the problem size
	// left is the number of moves the worker can still make, -1 when unknown; Solve sets it before each
	// epoch (see nextCycle).
	left       int64
	alpha      float64
	sinceCycle int64
	// fitted is set once the current phase's first cycle has been fitted to the budget (see fitCycle).
	fitted bool

	weights [numMoves]float64
	stats   [numMoves]MoveStats
	drawn   [numMoves]int64 // draws since the last weight update
	work    [numMoves]int64 // evaluation work (Incremental.Work) since the last weight update

	// budget, when not nil, bounds the breaks of the worker's schedules (see breakBudget). stalled counts
	// the draws since the hard score of the worker's best last fell, grows how often the worker has
	// stalled so, and repair the draws left of a repair descent (see budgetStall).
	budget  *breakBudget
	stalled int64
	grows   int
	repair  int64

	fixedOpp  []int32 // per cell: the opponent a fixed game puts there, or -1
	fixedHome []bool
}

const (
	coolBlock     = 256   // moves between temperature steps
	weightEvery   = 1000  // moves between infeasibility-weight updates
	weightFactor  = 1.02  // per update
	minHardWeight = 1.0   //
	maxHardWeight = 1e9   //
	tempRange     = 10.0  // ratio of start to end temperature within a cycle of the optimisation phase
	budgetRange   = 100.0 // the same for a worker on a break budget
	hardRange     = 10.0  // the same in the feasibility phase
	// Below a fiftieth or so of its starting temperature an optimisation cycle is frozen (a trace on NL10
	// and NL16), so a range of 1000 spent more than half of every cycle there. 100, side by side with
	// 1000 (2 workers, BENCHMARKS.md): NL10 30 s median 62218 against 63281, NL16 120 s 295052 against
	// 297479, NL12 60 s 118904 against 119063, ITC2021 Early 2 / Test 8 at 30 s 624 / 3248 against
	// 750 / 3386, Test 6 4394 against 4295. (The NL16, NL12 figures are of a build with 100 in the
	// feasibility phase too; it does not touch their optimisation.) 10, side by side with 100 (2 workers,
	// BENCHMARKS.md): NL8 reached its optimum within 10 s on 31 of 36 seeds against 19; NL12 at 300 s
	// (seed 1) 114876 against 117718; NL10, NL16, ITC2021 Early 1 at 60 s within the spread of a seed.
	// A worker on a break budget keeps 100: it starts cool, at doubledTemp of a cycle's starting
	// temperature, which a range of 10 would put at the cycle's very end.
	//
	// The feasibility phase freezes sooner: a trace of ITC2021 Early 10 (2 workers, seed 1) found every
	// new least number of violations at 0.18-1 hard units, none below, so with a range of 1000 three
	// quarters of each cycle went by frozen. Cooling only to a tenth of the start, side by side with 1000
	// (60 s, 2 workers, seeds 1-2, BENCHMARKS.md), the violations left: Early 10 26 / 41 against 40 / 45,
	// Early 5 38 / 50 against 62 / 55, Early 4 6 / 6 against 18 / 10, Test 7 8 / 15 against 7 / 11; Early
	// 4 at 600 s became feasible (seed 1). The cost: a last violation the frozen tail used to finish off
	// can take longer (Early 15, seed 1, feasible at 57 s instead of 24 s). Ranges 100, 30 and 4 did no
	// better than 10.
)

func newWorker(m *constraints.Model, id int, seed uint64, start *constraints.Grid) (*worker, error) {
	w := &worker{id: id, m: m, left: -1, rng: rand.New(rand.NewPCG(seed, uint64(id)+0x9e3779b97f4a7c15))}
	w.hardOnly = hardModel(m)
	for k := range w.weights {
		w.weights[k] = 1
		w.stats[k].Kind = moveNames[k]
	}
	if len(m.Fixed) > 0 {
		w.fixedOpp = make([]int32, m.N*m.S)
		w.fixedHome = make([]bool, m.N*m.S)
		for i := range w.fixedOpp {
			w.fixedOpp[i] = -1
		}
		for _, f := range m.Fixed {
			w.fixedOpp[f.Home*m.S+f.Slot], w.fixedHome[f.Home*m.S+f.Slot] = int32(f.Away), true
			w.fixedOpp[f.Away*m.S+f.Slot], w.fixedHome[f.Away*m.S+f.Slot] = int32(f.Home), false
		}
	}
	var g *constraints.Grid
	binding := id%2 == 1 // odd workers start from the binding construction
	if start != nil {
		g = start.Clone()
	} else {
		var err error
		if g, err = startGrid(m, w.rng, binding); err != nil {
			return nil, err
		}
		if usesDoubled(m, binding) {
			w.budget = newBreakBudget(m, g)
		}
	}
	if err := w.reset(g); err != nil {
		return nil, err
	}
	for k := range w.weights {
		if !w.mv.allowed(k) {
			w.weights[k] = 0
		}
	}
	w.calibrate()
	switch {
	case start != nil:
		// A warm start is already a good schedule: begin where a cooling cycle is cool (at warmTemp of its
		// starting temperature) rather than melt it.
		w.coolStart(warmTemp)
	case usesDoubled(m, binding):
		// The doubled construction's breaks are the fewest possible, a shape the search does not find by
		// itself (constructDoubled): optimise it from the start, cool, instead of melting it in a
		// feasibility phase that all but ignores soft costs.
		w.enterPhase(false)
		w.coolStart(doubledTemp)
	}
	return w, nil
}

// coolStart moves the worker to the point of its cooling cycle where the temperature is frac of the
// cycle's starting one.
func (w *worker) coolStart(frac float64) {
	w.temp *= frac
	w.sinceCycle = int64(float64(w.cycle) * math.Log(1/frac) / math.Log(w.tempRange()))
}

// doubledTemp is the fraction of a cycle's starting temperature a worker on the doubled construction
// begins at. On ITC2021 Early 14 (20 s, 2 workers, seed 1) the search ended at 451 from 1.0, 415 from
// 0.3 and 396 from 0.1, against 477-579 from the doubled construction through the feasibility phase.
const doubledTemp = 0.1

// warmTemp is the fraction of a cycle's starting temperature a warm-started worker begins at: warm
// enough to leave the start's neighbourhood, cool enough not to melt it. Measured with
// scripts/storebench -part edit: 0.02 kept warm runs at their start (weight edit 0.3× the cold time),
// 0.15 let them improve it (2.1×). On the rewritten basketball example, from the same stored starts
// (weight edit, 30 s, the two seeds whose start was worse than the cold result), the time to the cold
// result was 13–17 s at 0.15, 1.7–4.6 s at 0.6 and 2.9–4.6 s at 1.0. Those runs cooled each cycle to
// a hundredth; with tempRange 10, from the same starts (seven edit runs, BENCHMARKS.md), 0.3, 1.0 and a
// range of 100 for warm workers were no faster than 0.6: two runs of the same build differed more.
const warmTemp = 0.6

// hardBreaks reports whether a hard constraint limits breaks: the construction then keeps the venues of
// its rounds alternating instead of shuffling the rounds.
func hardBreaks(m *constraints.Model) bool {
	for _, p := range m.Prims {
		switch p.Kernel.(type) {
		case *constraints.BR1, *constraints.BR2:
			if p.Hard {
				return true
			}
		}
	}
	return false
}

// reset makes g the worker's current schedule.
func (w *worker) reset(g *constraints.Grid) error {
	score := w.m.Evaluate(g.Games())
	// Before calibrate (t0 unset) the worker needs the soft costs of its moves whatever the score.
	if err := w.load(g, w.t0 > 0 && score.Hard > 0); err != nil {
		return err
	}
	w.newMover()
	if w.best == nil || score.Less(w.bestScore) {
		w.best, w.bestScore = g.Clone(), score
	}
	w.sinceCycle = 0
	if w.t0 > 0 {
		w.enterPhase(score.Hard > 0)
	}
	return nil
}

// hardModel returns m without its soft primitives, or nil when it has none.
func hardModel(m *constraints.Model) *constraints.Model {
	h := *m
	h.Prims = nil
	for _, p := range m.Prims {
		if p.Hard {
			h.Prims = append(h.Prims, p)
		}
	}
	if len(h.Prims) == len(m.Prims) {
		return nil
	}
	return &h
}

// load makes g the worker's schedule, evaluated on the hard primitives alone (hard set) or on all.
func (w *worker) load(g *constraints.Grid, hard bool) error {
	hard = w.hardOnlyFor(hard)
	m := w.m
	if hard {
		m = w.hardOnly
	}
	inc, err := constraints.NewIncremental(m, g)
	if err != nil {
		return err
	}
	w.g, w.inc, w.incHard = g, inc, hard
	return nil
}

// hardOnlyFor reports whether the evaluator leaves the soft primitives out when asked to evaluate the
// hard ones alone (hard set): only when the model has soft primitives to leave out.
func (w *worker) hardOnlyFor(hard bool) bool { return hard && w.hardOnly != nil }

// evaluateOn has inc evaluate the worker's schedule on the hard primitives alone (hard set) or on all
// of them, rebuilding it when it does not already.
func (w *worker) evaluateOn(hard bool) {
	if w.inc == nil || w.incHard == w.hardOnlyFor(hard) {
		return
	}
	if err := w.load(w.g, hard); err != nil {
		panic(err) // the grid has the model's size: it came from the same model
	}
}

// improves reports whether the worker's current score cur beats its best. Evaluated on the hard
// primitives alone, cur says nothing of soft costs, and only fewer violations count.
func (w *worker) improves(cur flextime.Score) bool {
	if w.incHard {
		return cur.Hard < w.bestScore.Hard
	}
	return cur.Less(w.bestScore)
}

// newMover makes the mover for the worker's current schedule and brings the budget's count up to it.
func (w *worker) newMover() {
	w.mv = newMover(w.m, w.g)
	if w.mv.partial {
		w.mv.track()
	}
	w.syncRelabels()
	if w.budget != nil {
		w.budget.recount(w.g)
	}
}

// drawsRelabels reports whether the worker draws relabel moves: on a break budget, where they keep the
// venue sequences the budget holds (see breakBudget), and otherwise in the optimisation phase only.
// A relabel keeps every pattern of venues and every pair's meetings and moves them to other names,
// which a feasible, nearly frozen schedule can still do. Side by side (ITC2021, 30 s, 2 workers,
// BENCHMARKS.md), the soft cost was lower in 10 of 14 feasible pairs, geometric mean 0.93 (Early 2 680
// → 487, Early 1 1059 → 774; Early 13 seed 3 rose 405 → 529); drawn in the feasibility phase too, they left
// Early 10, Early 5 and Early 4 further from feasible (27 → 44, 37 → 42, 6 → 13 violations at 60 s).
func (w *worker) drawsRelabels() bool { return w.budget != nil || !w.feasibility }

// syncRelabels has the mover draw relabels when drawsRelabels says so, and gives the kind a weight to
// match: none when not drawn, and a team swap's (what a relabel costs) when newly drawn, until the next
// retune measures it.
func (w *worker) syncRelabels() {
	w.mv.relabels = w.drawsRelabels()
	switch {
	case !w.mv.allowed(moveRelabel):
		w.weights[moveRelabel] = 0
	case w.weights[moveRelabel] == 0:
		w.weights[moveRelabel] = w.weights[moveSwapTeams]
	}
}

// returnToBest makes the worker's best schedule its current one again, keeping the temperature.
func (w *worker) returnToBest() error {
	if err := w.load(w.best.Clone(), w.feasibility); err != nil {
		return err
	}
	w.newMover()
	if !w.feasibility {
		w.wHard = w.w0
	}
	return nil
}

// hardT0 is the starting temperature of a feasibility cycle, in units of hard deviation: a move that adds
// one violation is kept with probability e^-1.
//
// The feasibility phase anneals on the hard score alone and does not evaluate the soft primitives at
// all (see hardOnly). Weighing soft costs in there never helped: at 30 or 3 typical soft changes to a
// hard unit (60 s, 2 workers, BENCHMARKS.md) the feasible ITC2021 results were no better and the seasons
// that are hard to make feasible ended further from it, and at 1000, a tie-breaker, they cost the moves
// their time: most of an ITC2021 season's primitives are soft. Without them, side by side (2 workers,
// BENCHMARKS.md), runs that stop at the first feasible schedule made 1.4-3.9 times as many moves per
// second; at 60 s (seeds 1-2) the violations left fell on Early 10 41 → 36 and 37 → 34, Early 5 45 → 31
// and 39 → 36, Test 7 8 → 6 and 11 → 5 (Early 4 6 → 6 and 5 → 7); at 30 s (3 seeds) every seed of Early
// 12, 15 and Test 6 became feasible (2, 1 and 1 of 3 had), the median time to it fell on Early 2 from
// 24.6 s to 10.5 s and on Early 1 from 4.6 s to 1.3 s; and the soft cost at 30 s (seed 1) fell on 9 of
// 11 ITC2021 seasons.
const hardT0 = 1.0

// enterPhase sets the objective and temperature of the feasibility phase (feasibility true) or the
// optimisation phase.
func (w *worker) enterPhase(feasibility bool) {
	w.feasibility = feasibility
	w.sinceCycle = 0
	w.fitted = false
	if feasibility {
		w.wHard = 1
		w.temp = hardT0
	} else {
		w.wHard = w.w0
		w.temp = w.t0 * 0.5
	}
	if w.cycle > 0 {
		w.setCycle(w.cycle) // the phase's temperature range
	}
	if w.mv != nil {
		w.syncRelabels()
	}
	w.evaluateOn(feasibility)
}

// phaseT0 is the temperature a cycle of the current phase starts from.
func (w *worker) phaseT0() float64 {
	if w.feasibility {
		return hardT0 // the hard weight is 1 throughout the phase
	}
	return w.t0
}

// calibrate sets the starting temperature and hard weight from a sample of random moves, and the cycle
// length from the problem size.
func (w *worker) calibrate() {
	var sumSoft, sumHard float64
	var nSoft, nHard int
	for range 300 {
		cells := w.mv.generate(w.rng.IntN(numMoves), w.rng)
		if len(cells) == 0 {
			continue
		}
		d := w.inc.Try(cells)
		w.inc.Undo()
		if d.Soft != 0 {
			sumSoft += math.Abs(float64(d.Soft))
			nSoft++
		}
		if d.Hard != 0 {
			sumHard += math.Abs(float64(d.Hard))
			nHard++
		}
	}
	meanSoft, meanHard := 1.0, 1.0
	if nSoft > 0 {
		meanSoft = max(sumSoft/float64(nSoft), 1)
	}
	if nHard > 0 {
		meanHard = max(sumHard/float64(nHard), 1)
	}
	// One unit of hard deviation weighs about as much as a typical soft change to start with; the weight
	// then adapts. (Weighing a typical hard change, meanHard units, as one soft change made single
	// violations so cheap that the optimisation phase of heavily constrained seasons walked out of the
	// feasible region and never improved its best: measured side by side, 20 s, one worker, seeds 1-3,
	// ITC2021 Early 1 and Early 13 end 20-44% lower, the Big 12 basketball example 2-15%, NL10, NL12 and
	// CIRC10 within noise, Early 3 1-13% higher.)
	w.wHard = max(minHardWeight, meanSoft)
	w.t0 = 0.5 * meanSoft
	if nSoft == 0 {
		w.t0 = 0.5 * w.wHard * meanHard
	}
	w.w0 = w.wHard
	w.enterPhase(w.inc.Score().Hard > 0)
	n := int64(w.m.N)
	w.baseCycle = min(max(20000*n*n, 200000), 3000000)
	w.setCycle(w.baseCycle)
}

// Growth of the cooling cycles: each cycle is cycleGrowth times as long as the one before, up to
// maxCycleGrowth times the first, and the last one that fits the remaining budget takes all of it. A short
// solve gets quick cycles; a long one ends with a slow cooling, which pays at long budgets. Measured side
// by side (2 workers, BENCHMARKS.md), median against cycles of the first length throughout: NL16 120 s
// (seeds 1-2) 297479 against 305571, NL12 60 s 119063 against 120944, NL10 30 s (seeds 1-3) 63281
// against 62967, ITC2021 Early 1, Early 13 and Test 6 at 30 s unchanged (their first cycle outlasts the
// run). Growth 4 did no better (NL16 297617, NL12 119505); one cycle of twelve first lengths, NL16's
// whole 120 s, 294615.
const (
	cycleGrowth    = 2
	maxCycleGrowth = 64
)

// tempRange is the ratio of start to end temperature of a cycle in the current phase.
func (w *worker) tempRange() float64 {
	switch {
	case w.feasibility:
		return hardRange
	case w.budget != nil:
		return budgetRange
	}
	return tempRange
}

// setCycle makes the current cooling cycle n moves long.
func (w *worker) setCycle(n int64) {
	w.cycle = n
	w.alpha = math.Pow(1/w.tempRange(), float64(coolBlock)/float64(n))
}

// nextCycle sets the length of the cycle that begins: cycleGrowth times the last one, or all of the
// remaining budget (left moves, unknown when negative) when that would not leave room for a cycle longer
// still.
func (w *worker) nextCycle(left int64) {
	next := min(w.cycle*cycleGrowth, w.baseCycle*maxCycleGrowth)
	if left >= 0 && !roomForAnother(left, next, next) {
		next = max(left, w.baseCycle)
	}
	w.setCycle(next)
}

// roomForAnother reports whether left moves hold the rest moves of a cycle of length cycle and then the
// cycle after it, cycleGrowth times as long.
func roomForAnother(left, rest, cycle int64) bool { return left >= rest+cycle*cycleGrowth }

// fitCycle fits the first cycle of the optimisation phase to the budget, once the budget is known (left
// moves, unknown when negative): when the rest of the cycle and a cycle after it would not both fit, the
// rest of the cycle is stretched or shortened to end with the budget, cooling to the same end
// temperature. Its length comes from the problem size before the search speed is known, so a short solve
// would otherwise end inside its first cycle while still warm, or in a stub of a second. The feasibility
// phase ends when a schedule is feasible, not with the budget, and keeps its cycles: fitted too, the
// infeasible ITC2021 instances ended further from feasible (Early 10 at 60 s, 61 violations against 49).
// Measured side by side (2 workers, BENCHMARKS.md) on the ITC2021 instances at 60 s, whose first
// optimisation cycle took about half the run.
func (w *worker) fitCycle(left int64) {
	if w.fitted || left < 0 || w.feasibility {
		return
	}
	w.fitted = true
	rest := w.cycle - w.sinceCycle
	if rest <= 0 || roomForAnother(left, rest, w.cycle) {
		return
	}
	end := w.temp * math.Pow(w.alpha, float64(rest)/coolBlock)
	n := max(left, coolBlock)
	w.cycle = w.sinceCycle + n
	w.alpha = math.Pow(end/w.temp, float64(coolBlock)/float64(n))
}

// run makes up to budget moves, checking the context and deadline every so often. It returns the number
// of moves made and whether the search must stop.
func (w *worker) run(ctx context.Context, budget int64, deadline time.Time, target *flextime.Score) (int64, bool) {
	var done int64
	if w.finished(target) {
		return 0, true // a warm start may already be as good as asked, or perfect
	}
	cur := w.inc.Score()
	w.fitCycle(w.left)
	for done < budget {
		if done%1024 == 0 {
			if ctx.Err() != nil || (!deadline.IsZero() && time.Now().After(deadline)) {
				return done, true
			}
		}
		done++
		if w.budget != nil && w.budgetStall() {
			cur = w.inc.Score()
		}
		kind := w.pick()
		w.stats[kind].Drawn++
		w.drawn[kind]++
		cells := w.mv.generate(kind, w.rng)
		if len(cells) == 0 || w.breaksFixed(cells) {
			continue
		}
		repairing := w.repair > 0
		if w.budget != nil && !repairing && !w.budget.allows(cells) {
			continue
		}
		w.stats[kind].Valid++
		// Metropolis: keep a move that worsens the objective by delta with probability e^(-delta/temp),
		// that is when delta is at most -temp·ln u for a uniform u drawn beforehand, which lets the
		// evaluator stop scoring a move as soon as it is sure to exceed that.
		limit := 0.0
		if !repairing {
			limit = -w.temp * math.Log(w.rng.Float64())
		}
		d, keep := w.inc.TryWithin(cells, w.wHard, limit)
		w.work[kind] += int64(w.inc.Work())
		if keep {
			delta := w.wHard*float64(d.Hard) + float64(d.Soft)
			w.inc.Commit()
			w.mv.kept(cells)
			if w.budget != nil && !repairing {
				w.budget.commit()
			}
			cur.Hard += d.Hard
			cur.Soft += d.Soft
			w.stats[kind].Accepted++
			if delta < 0 {
				w.stats[kind].Improved++
			}
			if w.feasibility && cur.Hard == 0 {
				w.enterPhase(false) // evaluates the soft primitives again
				cur = w.inc.Score()
			}
			if w.improves(cur) {
				if cur.Hard < w.bestScore.Hard {
					w.stalled = 0
				}
				w.best.CopyFrom(w.g)
				w.bestScore = cur
				if w.incHard {
					w.bestScore = w.m.Evaluate(w.g.Games())
				}
				w.improved = true
				if w.finished(target) {
					return done, true
				}
			}
		} else {
			w.inc.Undo()
		}
		if done%weightEvery == 0 && !w.feasibility {
			if cur.Hard > 0 {
				w.wHard = min(w.wHard*weightFactor, maxHardWeight)
			} else {
				w.wHard = max(w.wHard/weightFactor, minHardWeight)
			}
			// Strategic oscillation may leave the feasible region for a better objective and find no way
			// back: a schedule one violation away that no move repairs. When the weight has grown a
			// thousandfold without restoring feasibility, go back to the best schedule.
			if cur.Hard > 0 && w.wHard > 1000*w.w0 && w.bestScore.Hard == 0 {
				if err := w.returnToBest(); err == nil {
					cur = w.inc.Score()
				}
			}
		}
		if done%coolBlock == 0 {
			w.temp *= w.alpha
			w.sinceCycle += coolBlock
			if w.sinceCycle >= w.cycle {
				w.sinceCycle = 0
				w.temp = w.phaseT0() * 0.5
				left := int64(-1)
				if w.left >= 0 {
					left = max(w.left-done, 0)
				}
				w.nextCycle(left)
			}
		}
	}
	return done, false
}

// finished reports whether the worker's best ends the search (see endsSearch).
func (w *worker) finished(target *flextime.Score) bool {
	_, ok := endsSearch(w.bestScore, target)
	return ok
}

// budgetStall counts a draw on a break budget and acts when the worker's best has been infeasible for
// baseCycle draws since its hard score last fell or the worker last acted so, each time waiting twice as
// long as the time before: by turns it grows the budget and it runs a repair descent, growth first. It
// reports whether the worker's schedule was replaced.
//
// Growing at every stall of baseCycle draws melted the shape the budget keeps: on Early 14 (60 s, one
// worker, seed 1) the bound went from 18 breaks to 58 while one violation stood, and the run ended
// feasible at 535 with 70 breaks; with the doubling it ended one violation short, at 96 with 26 breaks.
//
// A repair descent goes back to the worker's best and for repairDraws draws keeps only the moves that do
// not worsen the annealing objective (at the starting hard weight, which then rises as usual while
// infeasible), with no budget: the last violations of a schedule with few breaks are often venues that
// only more breaks put right, at a soft cost the descent weighs against them. Then the budget counts the
// breaks the descent left, its bound unchanged, so that moves may not add breaks while over it. Side by
// side, 60 s, 2 workers, seeds 1-4 (BENCHMARKS.md), without / with: Early 9 568 / 283, 708 / 336, 782 /
// 436, 648 / 403; Early 14 92 / 109, 72 / 54, 191 / 76, 216 / 114. Repairing at the first stall, before
// any growth, cost Early 14 (107 and 99 on seeds 1-2), whose budget workers find a feasible schedule
// after a growth; raising the bound to the breaks the descent left cost it more (149, 276).
func (w *worker) budgetStall() bool {
	if w.repair > 0 {
		if w.repair--; w.repair == 0 {
			w.budget.recount(w.g)
		}
		return false
	}
	w.stalled++
	if w.stalled < w.baseCycle<<w.grows || w.bestScore.Hard == 0 {
		return false
	}
	w.stalled = 0
	repair := w.grows%2 == 1
	w.grows = min(w.grows+1, maxBudgetGrows)
	if !repair {
		w.budget.grow()
		return false
	}
	if err := w.returnToBest(); err != nil {
		return false
	}
	w.repair = repairDraws
	return true
}

// repairDraws is the length of a repair descent (see budgetStall): on Early 9 (one worker, 60 s) the
// first descent took the best from 4 violations to none in 200000 draws, about a sixth of a second.
const repairDraws = 200000

// maxBudgetGrows caps the doubling of budgetStall's wait (and keeps the shift in range).
const maxBudgetGrows = 20

// breaksFixed reports whether a move would take a fixed game that is in place out of its slot.
func (w *worker) breaksFixed(cells []constraints.Cell) bool {
	if w.fixedOpp == nil {
		return false
	}
	for _, c := range cells {
		i := int(c.T)*w.m.S + int(c.S)
		f := w.fixedOpp[i]
		if f < 0 || w.g.Opp[i] != f || w.g.Home[i] != w.fixedHome[i] {
			continue
		}
		if c.Opp != f || c.Home != w.fixedHome[i] {
			return true
		}
	}
	return false
}

// pick draws a move kind with probability proportional to its weight.
func (w *worker) pick() int {
	var total float64
	for _, x := range w.weights {
		total += x
	}
	r := w.rng.Float64() * total
	for k, x := range w.weights {
		if r < x {
			return k
		}
		r -= x
	}
	return numMoves - 1
}

// retune sets the move weights from what was measured since the last call: every kind gets the same
// share of the search time, so its draw probability is inversely proportional to its measured work per
// draw (Incremental.Work, plus a fixed cost per draw). A move that costs a hundred times more is drawn a
// hundred times less often. Shares by accepted moves per unit of work, with a floor, did worse: the
// cheap venue swaps, accepted often on plateaus, took the time from the moves that change opponents,
// which both the travel of the TTP and the constraints on who meets whom when need. Measured side by
// side (15 s, 2 workers, seeds 1-3; BENCHMARKS.md): with a 25 % floor NL16 ended 0.5-5.6 % higher
// seed for seed; 5 % and 15 % floors had done worse than 25 % on ITC2021 and the Big 12 example.
func (w *worker) retune() {
	var sum float64
	for k := range w.weights {
		if !w.mv.allowed(k) {
			w.weights[k], w.drawn[k], w.work[k] = 0, 0, 0
			continue
		}
		cost := float64(w.work[k]+4*w.drawn[k]+64) / float64(w.drawn[k]+1)
		w.weights[k] = 1 / cost
		sum += w.weights[k]
		w.drawn[k], w.work[k] = 0, 0
	}
	for k := range w.weights {
		w.weights[k] /= sum
	}
}
