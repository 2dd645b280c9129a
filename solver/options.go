package solver

import (
	"runtime"
	"time"

	"github.com/flextime/flextime"
)

// Options control a solve. The zero value of each field has the meaning its comment gives.
type Options struct {
	// Workers is the number of parallel search workers; zero means one per CPU.
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

// DefaultOptions returns options with one worker per CPU, a 30 second time limit and seed 1.
func DefaultOptions() Options {
	return Options{Workers: runtime.NumCPU(), Seed: 1, TimeLimit: 30 * time.Second}
}

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
)

func (s Status) String() string {
	return [...]string{"target reached", "time limit", "iteration limit", "canceled"}[s]
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
	Games   []flextime.Game
	Score   flextime.Score
	Status  Status
	Moves   int64
	Elapsed time.Duration
	Seed    uint64
	Workers int
	Stats   []MoveStats
}
