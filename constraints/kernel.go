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
	// Tag tells apart the rules of a primitive that checks several, for its message; zero otherwise.
	Tag int
}

// Mode selects which of a team's cells count: its home games, its away games, both, or (in CA1, for
// seasons with byes) the slots in which it has no game.
type Mode uint8

// Modes.
const (
	Home Mode = 1
	Away Mode = 2
	Any  Mode = Home | Away
	Bye  Mode = 4
)

func (m Mode) match(home bool) bool {
	if home {
		return m&Home != 0
	}
	return m&Away != 0
}

// cell reports whether a cell with opponent opp (-1 for a bye) and venue home counts under m.
func (m Mode) cell(opp int32, home bool) bool {
	if opp < 0 {
		return m&Bye != 0
	}
	return m.match(home)
}

func (m Mode) String() string {
	switch m {
	case Home:
		return "home"
	case Away:
		return "away"
	case Bye:
		return "bye"
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
