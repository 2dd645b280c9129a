package solver

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// Errors Solve returns before searching.
var (
	// ErrUnsupported reports a problem shape the solver cannot search yet.
	ErrUnsupported = errors.New("solver: unsupported problem")
	// ErrBadStart reports a warm-start schedule that does not fit the problem.
	ErrBadStart = errors.New("solver: unusable start schedule")
)

// elite is one schedule of the shared pool.
type elite struct {
	g     *constraints.Grid
	score flextime.Score
	// budgeted is set when the schedule comes from a worker on a break budget.
	budgeted bool
}

// poolSize is the number of schedules the elite pool keeps.
const poolSize = 4

// Solve searches for the best schedule of m within the limits of opts. It returns the best schedule
// found when the context is cancelled, the time limit passes, the iteration budget is spent, the target
// is reached or a schedule costs nothing at all; the error is non-nil only when the search could not run
// at all.
func Solve(ctx context.Context, m *constraints.Model, opts Options) (*Result, error) {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers()
	}
	if opts.Epoch <= 0 {
		opts.Epoch = 20000
	}
	start := time.Now()
	var deadline time.Time
	if opts.TimeLimit > 0 {
		deadline = start.Add(opts.TimeLimit)
	}
	var warm *constraints.Grid
	if opts.Start != nil {
		g, err := constraints.GridFromGames(m.N, m.S, opts.Start, !m.Compact)
		if err != nil {
			return nil, fmt.Errorf("%w: the start schedule does not fit the problem: %v", ErrBadStart, err)
		}
		warm = g
	}
	workers := make([]*worker, opts.Workers)
	for i := range workers {
		w, err := newWorker(m, i, opts.Seed, warm)
		if err != nil {
			return nil, err
		}
		workers[i] = w
	}
	sr := &search{opts: opts, workers: workers, start: start, deadline: deadline}
	var status Status
	if opts.Iterations > 0 {
		status = sr.lockstep(ctx)
	} else {
		status = sr.freeRun(ctx)
	}
	pool, moves := sr.pool, sr.moves
	el := time.Since(start)
	res := &Result{Games: pool[0].g.Games(), Status: status, Moves: moves, Elapsed: el, Seed: opts.Seed, Workers: len(workers)}
	res.Score = m.Evaluate(res.Games)
	for k := range numMoves {
		st := MoveStats{Kind: moveNames[k]}
		for _, w := range workers {
			st.Drawn += w.stats[k].Drawn
			st.Valid += w.stats[k].Valid
			st.Accepted += w.stats[k].Accepted
			st.Improved += w.stats[k].Improved
		}
		res.Stats = append(res.Stats, st)
		res.Evaluated += st.Valid
	}
	return res, nil
}

// search is the state the workers of one solve share: the elite pool and the move counts.
type search struct {
	opts     Options
	workers  []*worker
	start    time.Time
	deadline time.Time

	mu       sync.Mutex // guards what follows in free-running mode
	pool     []elite
	moves    int64
	reported flextime.Score // the best score the observer has seen
	told     bool           // whether the observer has been called
}

// lockstep runs the workers in epochs that all of them finish before they meet in a fixed order, so that
// the same seed, worker count and iteration budget give the same schedule. It serves solves with an
// iteration budget, which it shares out evenly between the workers.
func (sr *search) lockstep(ctx context.Context) Status {
	opts, workers := sr.opts, sr.workers
	budget := make([]int64, len(workers)) // remaining moves per worker
	total := make([]int64, len(workers))  // moves made per worker
	for i := range budget {
		budget[i] = opts.Iterations / int64(len(workers))
		if int64(i) < opts.Iterations%int64(len(workers)) {
			budget[i]++
		}
	}
	for epoch := 1; ; epoch++ {
		made := make([]int64, len(workers))
		var eg errgroup.Group
		now := time.Now()
		for i, w := range workers {
			w.left = movesLeft(budget[i], total[i], now.Sub(sr.start), sr.deadline.Sub(now), !sr.deadline.IsZero())
			n := min(opts.Epoch, budget[i])
			if n == 0 {
				continue
			}
			eg.Go(func() error {
				made[i], _ = w.run(ctx, n, sr.deadline, opts.Target)
				return nil
			})
		}
		_ = eg.Wait()
		allSpent := true
		for i, w := range workers {
			sr.moves += made[i]
			total[i] += made[i]
			budget[i] -= made[i]
			if budget[i] != 0 {
				allSpent = false
			}
			sr.meet(w, epoch)
		}
		for _, w := range workers {
			if adoptsBudget(w, sr.pool) {
				w.takeBudget(epoch)
			}
		}
		if p, ok := sr.progress(workers[0].temp); ok {
			opts.Observer(p)
		}
		if st, ok := endsSearch(sr.pool[0].score, opts.Target); ok {
			return st
		}
		switch {
		case ctx.Err() != nil:
			return Canceled
		case sr.timeUp():
			return TimeLimit
		case allSpent:
			return IterationLimit
		}
		for _, w := range workers {
			restart(w, sr.pool, epoch, opts.Epoch)
		}
	}
}

// freeRun runs every worker in epochs of its own, without waiting for the others: a worker meets the pool
// as soon as it ends an epoch. Workers whose moves cost more work per move than others' (another start,
// another mix of move kinds) no longer hold the others up at every epoch's end, as in lockstep; the price
// is that the order of the meetings, and so the schedule, depends on timing. It serves solves without an
// iteration budget, which end at a time limit, a target, a perfect score or a cancellation and never
// repeat exactly anyway.
func (sr *search) freeRun(ctx context.Context) Status {
	opts := sr.opts
	ctx, stop := context.WithCancel(ctx) // stops the other workers once one reaches the target or zero
	defer stop()
	ended := make(chan struct{}, 1) // an epoch ended somewhere: time to tell the observer
	var eg errgroup.Group
	for _, w := range sr.workers {
		eg.Go(func() error {
			var total int64 // moves this worker made
			for epoch := 1; ; epoch++ {
				w.left = movesLeft(-1, total, time.Since(sr.start), time.Until(sr.deadline), !sr.deadline.IsZero())
				n, done := w.run(ctx, opts.Epoch, sr.deadline, opts.Target)
				sr.mu.Lock()
				total += n
				sr.moves += n
				sr.meet(w, epoch)
				adopt := false
				if !done {
					restart(w, sr.pool, epoch, opts.Epoch)
					adopt = adoptsBudget(w, sr.pool)
				}
				w.shownTemp = w.temp
				sr.mu.Unlock()
				if adopt {
					w.takeBudget(epoch) // outside the lock: a construction can take seconds
				}
				select {
				case ended <- struct{}{}:
				default:
				}
				if done {
					stop()
					return nil
				}
			}
		})
	}
	finished := make(chan struct{})
	go func() {
		_ = eg.Wait()
		close(finished)
	}()
	for running := true; running; {
		select {
		case <-ended:
		case <-finished:
			running = false
		}
		sr.mu.Lock()
		p, ok := sr.progress(sr.workers[0].shownTemp)
		sr.mu.Unlock()
		if ok {
			opts.Observer(p) // outside the lock: a slow observer holds up no worker
		}
	}
	if st, ok := endsSearch(sr.pool[0].score, opts.Target); ok {
		return st
	}
	if sr.timeUp() {
		return TimeLimit
	}
	return Canceled
}

// endsSearch reports whether a best score ends the search, and with which status: TargetReached when it is
// as good as the target (nil: none), Perfect when it costs nothing at all, which no schedule can beat
// (every weight, penalty and distance is at least zero).
func endsSearch(best flextime.Score, target *flextime.Score) (Status, bool) {
	switch {
	case target != nil && !target.Less(best):
		return TargetReached, true
	case best == (flextime.Score{}):
		return Perfect, true
	}
	return 0, false
}

// timeUp reports whether the time limit has passed.
func (sr *search) timeUp() bool { return !sr.deadline.IsZero() && !time.Now().Before(sr.deadline) }

// meet offers a worker's best schedule to the pool after an epoch and retunes its move weights.
func (sr *search) meet(w *worker, epoch int) {
	if w.improved {
		w.improved, w.improvedAt = false, epoch
	}
	sr.pool = offer(sr.pool, w)
	w.retune()
}

// progress returns what the observer, if any, is to hear of where the search stands (with the schedule
// when it improved), and false when there is no observer or nothing to tell yet.
func (sr *search) progress(temp float64) (Progress, bool) {
	if sr.opts.Observer == nil || len(sr.pool) == 0 {
		return Progress{}, false
	}
	el := time.Since(sr.start)
	best := sr.pool[0].score
	p := Progress{Elapsed: el, Best: best, Moves: sr.moves, MovesPerSec: rate(sr.moves, el), Temperature: temp}
	if !sr.told || best.Less(sr.reported) {
		p.Improved, p.Games = true, sr.pool[0].g.Games()
		sr.reported = best
	}
	sr.told = true
	return p, true
}

// movesLeft estimates how many moves a worker can still make: its remaining iteration budget when it has
// one (negative: none), so that a solve with an iteration budget stays deterministic whatever its time
// limit; otherwise what its rate so far (made moves in elapsed) makes of the time to the deadline; -1
// when neither limits it. The cooling cycles plan with it (see worker.nextCycle).
func movesLeft(budget, made int64, elapsed, toDeadline time.Duration, hasDeadline bool) int64 {
	if budget >= 0 || !hasDeadline || made == 0 || elapsed <= 0 {
		return budget
	}
	return int64(float64(made) * max(toDeadline.Seconds(), 0) / elapsed.Seconds())
}

func rate(moves int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(moves) / d.Seconds()
}

// offer adds a worker's best schedule to the pool unless an equally good one is there already.
func offer(pool []elite, w *worker) []elite {
	for _, e := range pool {
		if e.score == w.bestScore && slices.Equal(e.g.Opp, w.best.Opp) && slices.Equal(e.g.Home, w.best.Home) {
			return pool
		}
	}
	pool = append(pool, elite{g: w.best.Clone(), score: w.bestScore, budgeted: w.budget != nil})
	slices.SortStableFunc(pool, func(a, b elite) int {
		switch {
		case a.score.Less(b.score):
			return -1
		case b.score.Less(a.score):
			return 1
		}
		return 0
	})
	if len(pool) > poolSize {
		pool = pool[:poolSize]
	}
	return pool
}

// restart sends a worker that has not improved its best for two cooling cycles back to a schedule of
// the pool, drawn by the worker's own random source with the better schedules more likely. A worker on
// a break budget goes back to its own best: two budget workers that restarted from each other's
// schedules would end up searching one basin (see adoptsBudget).
func restart(w *worker, pool []elite, epoch int, epochLen int64) {
	if int64(epoch-w.improvedAt)*epochLen < 2*w.cycle {
		return
	}
	if w.budget != nil {
		pool = []elite{{g: w.best, score: w.bestScore}}
	}
	i := min(w.rng.IntN(len(pool)), w.rng.IntN(len(pool)))
	if err := w.reset(pool[i].g.Clone()); err == nil {
		w.improvedAt = epoch
	}
}

// adoptsBudget reports whether a worker without a break budget, on a season the doubled construction
// serves, is to take one (see takeBudget): when the pool's best schedule is feasible, comes from a
// worker on a budget and beats the worker's own best.
//
// The workers without a budget are there for seasons whose hard constraints need more breaks than a
// budget allows (ITC2021 Early 15: with every worker on a budget, 30 s, seeds 1-3, none feasible).
// Where the budget worker leads, it decides the season alone (the solver of 26364ad, 60 s: Early 9
// 353, 463, 192 against 663, 663, 658 for the worker without; Early 13 314, 394 against 513, 431), and
// a second budget worker, from a start of its own, is a second draw of its spread. Side by side with
// 26364ad (60 s, 2 workers, seeds 1-6; BENCHMARKS.md): Early 9 lower on every seed (median 270 against
// 292.5), Early 13 about the same (355.5 against 356). The switch at once, with budget workers that
// restarted from each other's schedules, had left Early 9 higher (median 370 against 253).
func adoptsBudget(w *worker, pool []elite) bool {
	if w.budget != nil || len(pool) == 0 || !doubledHelps(w.m) {
		return false
	}
	b := pool[0]
	return b.budgeted && b.score.Hard == 0 && b.score.Less(w.bestScore)
}

// takeBudget makes the worker search as the workers on the doubled construction do: from a start of
// its own, cool, with a break budget. Its best so far has been offered to the pool; it starts a new one.
func (w *worker) takeBudget(epoch int) {
	g := constructDoubled(w.m, w.rng)
	w.best, w.budget = nil, newBreakBudget(w.m, g)
	if err := w.reset(g); err != nil {
		panic(err) // g has the model's size
	}
	w.enterPhase(false)
	w.coolStart(doubledTemp)
	w.improvedAt = epoch
}
