package constraints

// DayCount bounds, per team, its games of a mode (home, away or any) that are played on a set of
// venue-local days; a multi-day series counts when any of its days is in the set. It is what blackout
// dates and weekdays, weekend home games and TV days compile to when the venues do not all see a slot on
// the same date (start times written in one time zone, or series that move with a team).
type DayCount struct {
	Teams []int
	Mode  Mode
	Bound
	// Days are the counted day numbers (days since 1970-01-01).
	Days []int32
	Cal  *Calendar
	// FirstOnly counts a series by its first day alone (the day after the team travels to it).
	FirstOnly bool
	lo        int32  // the first day of in
	in        []bool // in[d-lo]: day d is counted
}

var _ cellKernel = (*DayCount)(nil)

// NewDayCount returns a DayCount over cal.
func NewDayCount(cal *Calendar, teams []int, mode Mode, days []int32, b Bound) *DayCount {
	k := &DayCount{Teams: teams, Mode: mode, Bound: b, Days: days, Cal: cal}
	if len(days) == 0 {
		return k
	}
	lo, hi := days[0], days[0]
	for _, d := range days {
		lo, hi = min(lo, d), max(hi, d)
	}
	k.lo, k.in = lo, make([]bool, hi-lo+1)
	for _, d := range days {
		k.in[d-lo] = true
	}
	return k
}

// Kind implements Kernel.
func (*DayCount) Kind() string { return "days" }

// Eval implements Kernel.
func (k *DayCount) Eval(t *Table, emit func(Detail)) int64 { return evalCells(k, t, emit) }

func (k *DayCount) teamSet() []int       { return k.Teams }
func (k *DayCount) bound() Bound         { return k.Bound }
func (k *DayCount) slotWatched(int) bool { return true }
func (k *DayCount) depends() uint8       { return onBoth }

func (k *DayCount) cellCounts(t, s int, opp int32, home bool) bool {
	if opp < 0 || !k.Mode.match(home) {
		return false
	}
	h, a := t, int(opp)
	if !home {
		h, a = a, h
	}
	first, last := k.Cal.Days(h, a, s)
	if first == noDay {
		return false
	}
	if k.FirstOnly {
		last = first
	}
	for d := max(first, k.lo); d <= last && int(d-k.lo) < len(k.in); d++ {
		if k.in[d-k.lo] {
			return true
		}
	}
	return false
}

func (k *DayCount) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(int(k.Mode), k.Min, k.Max)
	w.bool(k.FirstOnly)
	for _, d := range k.Days {
		w.int(int64(d))
	}
}

// DaySeparation asks for at least Min days between the first days of a pair's first two meetings
// (venue-local dates), for every pair of a team set that meets twice. Each missing day costs 1.
type DaySeparation struct {
	Teams  []int
	Min    int
	Cal    *Calendar
	member Set
}

var _ pairKernel = (*DaySeparation)(nil)

// NewDaySeparation returns a DaySeparation over a season of n teams.
func NewDaySeparation(cal *Calendar, n int, teams []int, minDays int) *DaySeparation {
	return &DaySeparation{Teams: teams, Min: minDays, Cal: cal, member: SetOf(n, teams)}
}

// Kind implements Kernel.
func (*DaySeparation) Kind() string { return "day-separation" }

// Eval implements Kernel.
func (k *DaySeparation) Eval(t *Table, emit func(Detail)) int64 { return evalPairs(k, t, emit) }

func (k *DaySeparation) pairMembers() Set { return k.member }
func (k *DaySeparation) depends() uint8   { return onBoth }

func (k *DaySeparation) pairDev(i, j int, ms []meeting, emit func(Detail)) int64 {
	if len(ms) < 2 {
		return 0
	}
	day := func(m meeting) int32 {
		h, a := i, j
		if !m.IHome {
			h, a = j, i
		}
		d, _ := k.Cal.Days(h, a, m.Slot)
		return d
	}
	a, b := day(ms[0]), day(ms[1])
	if a == noDay || b == noDay {
		return 0
	}
	gap := int64(b - a)
	if gap >= int64(k.Min) {
		return 0
	}
	d := int64(k.Min) - gap
	if emit != nil {
		emit(Detail{Teams: []int{i, j}, Slots: []int{ms[0].Slot, ms[1].Slot}, Count: gap, Deviation: d})
	}
	return d
}

func (k *DaySeparation) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Min)
}
