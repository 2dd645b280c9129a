package solver

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
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
}

// poolSize is the number of schedules the elite pool keeps.
const poolSize = 4

// Solve searches for the best schedule of m within the limits of opts. It returns the best schedule
// found when the context is cancelled, the time limit passes, the iteration budget is spent or the target
// is reached; the error is non-nil only when the search could not run at all.
func Solve(ctx context.Context, m *constraints.Model, opts Options) (*Result, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
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
	budget := make([]int64, len(workers)) // remaining moves per worker; -1 means unlimited
	for i := range budget {
		budget[i] = -1
		if opts.Iterations > 0 {
			budget[i] = opts.Iterations / int64(len(workers))
			if int64(i) < opts.Iterations%int64(len(workers)) {
				budget[i]++
			}
		}
	}
	var pool []elite
	var moves int64
	var reported flextime.Score // the best score the observer has seen
	status := IterationLimit
	total := make([]int64, len(workers)) // moves made per worker
	for epoch := 1; ; epoch++ {
		made := make([]int64, len(workers))
		var eg errgroup.Group
		now := time.Now()
		for i, w := range workers {
			w.left = movesLeft(budget[i], total[i], now.Sub(start), deadline.Sub(now), !deadline.IsZero())
			n := opts.Epoch
			if budget[i] >= 0 {
				n = min(n, budget[i])
			}
			if n == 0 {
				continue
			}
			eg.Go(func() error {
				made[i], _ = w.run(ctx, n, deadline, opts.Target)
				return nil
			})
		}
		_ = eg.Wait()
		allSpent := true
		for i, w := range workers {
			moves += made[i]
			total[i] += made[i]
			if budget[i] >= 0 {
				budget[i] -= made[i]
			}
			if budget[i] != 0 {
				allSpent = false
			}
			if w.improved {
				w.improved, w.improvedAt = false, epoch
			}
			pool = offer(pool, w)
			w.retune()
		}
		best := pool[0].score
		if opts.Observer != nil {
			el := time.Since(start)
			p := Progress{Elapsed: el, Best: best, Moves: moves, MovesPerSec: rate(moves, el), Temperature: workers[0].temp}
			if epoch == 1 || best.Less(reported) {
				p.Improved, p.Games = true, pool[0].g.Games()
				reported = best
			}
			opts.Observer(p)
		}
		switch {
		case opts.Target != nil && !opts.Target.Less(best):
			status = TargetReached
		case ctx.Err() != nil:
			status = Canceled
		case !deadline.IsZero() && time.Now().After(deadline):
			status = TimeLimit
		case allSpent:
			status = IterationLimit
		default:
			restart(workers, pool, epoch, opts.Epoch)
			continue
		}
		break
	}
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
	}
	return res, nil
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
	pool = append(pool, elite{g: w.best.Clone(), score: w.bestScore})
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

// restart sends each worker that has not improved its best for two cooling cycles back to a schedule
// of the pool, drawn by the worker's own random source with the better schedules more likely.
func restart(workers []*worker, pool []elite, epoch int, epochLen int64) {
	for _, w := range workers {
		if int64(epoch-w.improvedAt)*epochLen < 2*w.cycle {
			continue
		}
		i := min(w.rng.IntN(len(pool)), w.rng.IntN(len(pool)))
		if err := w.reset(pool[i].g.Clone()); err == nil {
			w.improvedAt = epoch
		}
	}
}
