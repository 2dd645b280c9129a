package solver

import (
	"runtime"
	"time"

	"github.com/flextime/flextime"
)

// Options control a solve. The zero value of each field has the meaning its comment gives.
type Options struct {
	// Workers is the number of parallel search workers; zero means DefaultWorkers.
	Workers int
	// Seed seeds every worker's random source (worker i uses Seed and i).
	Seed uint64
	// TimeLimit stops the search after this long; zero means no limit.
	TimeLimit time.Duration
	// Iterations is the budget of move evaluations, summed over workers; zero means no limit.
	Iterations int64
	// Target stops the search once the best score is at least this good; nil means no target.
	Target *flextime.Score
	// Epoch is the number of moves each worker makes between two meetings of the pool; zero means
	// 20000.
	Epoch int64
	// Observer, when set, is called from the coordinating goroutine after every epoch: with an iteration
	// budget once all workers have ended it, without one whenever some worker has ended one (epochs that
	// end while it runs are told in one call).
	Observer func(Progress)
	// Start, when set, is the schedule every worker starts from (a warm start), instead of a constructed
	// one. It must be a complete round robin of the model's size: every team once in every slot. The
	// search repairs whatever it violates.
	Start []flextime.Game
}

// DefaultOptions returns options with DefaultWorkers workers, a 30 second time limit and seed 1.
func DefaultOptions() Options {
	return Options{Workers: DefaultWorkers(), Seed: 1, TimeLimit: 30 * time.Second}
}

// DefaultWorkers is the worker count when none is given: one per CPU, and never fewer than two. The
// workers start from different constructions, and on some seasons only the second one's start leads to a
// feasible schedule, so on a machine with one CPU two workers sharing it do better than one alone.
// Pinned to one core (taskset, 30 s, seeds 1-2, BENCHMARKS.md), one worker / two: ITC2021 Early 12
// feasible in 0 / 2 runs, Early 13 1 / 2, Test 6 least 15 / 1 violations; Early 1 and Test 8 feasible in
// both, at 2.3-2.7x the time to the first feasible schedule; NL10 median 61692 / 62311.
func DefaultWorkers() int { return workersFor(runtime.NumCPU()) }

// workersFor is DefaultWorkers on a machine with the given number of CPUs.
func workersFor(cpus int) int { return max(cpus, 2) }

// Progress is what the observer hears.
type Progress struct {
	Elapsed     time.Duration
	Best        flextime.Score
	Moves       int64
	MovesPerSec float64
	// Temperature is the first worker's temperature at the end of its last epoch.
	Temperature float64
	// Improved is set when Best is better than at the previous call; Games then holds the best schedule
	// (a copy the observer may keep). Games is nil otherwise.
	Improved bool
	Games    []flextime.Game
}

// Status says why a solve stopped.
type Status int

// Statuses.
const (
	// TargetReached: the best score reached Options.Target.
	TargetReached Status = iota
	// TimeLimit: Options.TimeLimit passed.
	TimeLimit
	// IterationLimit: Options.Iterations moves were made.
	IterationLimit
	// Canceled: the context was cancelled.
	Canceled
	// Perfect: the best schedule costs nothing at all, hard or soft (see endsSearch).
	Perfect
)

func (s Status) String() string {
	return [...]string{"target reached", "time limit", "iteration limit", "canceled", "perfect score"}[s]
}

// MoveStats counts what happened to the moves of one kind.
type MoveStats struct {
	Kind     string `json:"kind"`
	Drawn    int64  `json:"drawn"`    // random draws
	Valid    int64  `json:"valid"`    // draws that made a move (evaluated)
	Accepted int64  `json:"accepted"` // evaluated moves kept
	Improved int64  `json:"improved"` // kept moves that lowered the weighted objective
}

// Result is the outcome of a solve.
type Result struct {
	Games  []flextime.Game
	Score  flextime.Score
	Status Status
	// Moves counts the random draws of all workers, Evaluated the draws that made a valid move and were
	// scored (the sum of Stats' Valid). Draws that make no move cost little, and their share depends on
	// the season's format, so Evaluated is the figure to compare the speed of runs by.
	Moves     int64
	Evaluated int64
	Elapsed   time.Duration
	Seed      uint64
	Workers   int
	Stats     []MoveStats
}

// Rates returns the draws and the evaluated moves per second of wall time.
func (r *Result) Rates() (moves, evaluated float64) {
	return rate(r.Moves, r.Elapsed), rate(r.Evaluated, r.Elapsed)
}
