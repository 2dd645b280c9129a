package constraints

import (
	"math"

	"github.com/flextime/flextime"
)

// Kernel is one primitive of the constraint kernel.
type Kernel interface {
	// Kind is the kernel's short name, such as "CA1" or "travel".
	Kind() string
	// Eval returns the total deviation of the schedule in t. When emit is not nil it is called once for
	// every violated part, and the deviations it reports add up to the total.
	Eval(t *Table, emit func(Detail)) int64
	// key writes the parameters that decide the kernel's scores, for the model's fingerprint.
	key(w *keyWriter)
}

// Detail is one violated part of a kernel primitive: for example one team's count in a slot set, one
// window, one pair.
type Detail struct {
	Teams     []int
	Slots     []int
	Games     []flextime.Game
	Count     int64 // what was measured: games, breaks, a gap, slots between meetings, a distance
	Deviation int64
}

// Mode selects which of a team's games count: home, away or both.
type Mode uint8

// Modes.
const (
	Home Mode = 1
	Away Mode = 2
	Any  Mode = Home | Away
)

func (m Mode) match(home bool) bool {
	if home {
		return m&Home != 0
	}
	return m&Away != 0
}

func (m Mode) String() string {
	switch m {
	case Home:
		return "home"
	case Away:
		return "away"
	}
	return "any"
}

// Unbounded is the Max of a bound with no upper limit.
const Unbounded = math.MaxInt32

// Bound is an inclusive range [Min, Max] with a graded deviation.
type Bound struct{ Min, Max int }

func (b Bound) dev(c int) int64 {
	switch {
	case c > b.Max:
		return int64(c - b.Max)
	case c < b.Min:
		return int64(b.Min - c)
	}
	return 0
}
