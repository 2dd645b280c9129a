package constraints

import (
	"fmt"
	"strings"
	"time"

	"github.com/flextime/flextime"
)

// MaxStreak limits runs of consecutive home games and of consecutive away games.
type MaxStreak struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	// Home is the longest allowed run of home games; zero means no limit.
	Home int `yaml:"home"`
	// Away is the longest allowed run of away games; zero means no limit.
	Away int `yaml:"away"`
}

var _ entry = (*MaxStreak)(nil)

// Type implements flextime.Constraint.
func (*MaxStreak) Type() string { return "max-streak" }

func (e *MaxStreak) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Home < 0 || e.Away < 0, "home", "streak limits must not be negative")
	f.check(e.Home == 0 && e.Away == 0, "away", "neither home nor away limit is set (set away: 2 or home: 3)")
	if f.err != nil {
		return nil, f.err
	}
	all := SetOf(len(c.p.Teams), c.all(len(c.p.Teams)))
	var out []Prim
	for _, lim := range []struct {
		mode Mode
		k    int
	}{{Home, e.Home}, {Away, e.Away}} {
		if lim.k == 0 || lim.k >= len(c.p.Slots) {
			continue
		}
		mode, k := lim.mode, lim.k
		// On a compact season a team's games are its slots, and the window kernel CA3 says the same as a
		// streak over games; elsewhere a bye must not break a run.
		var kern Kernel = &CA3{Teams1: teams, Teams2: all, Mode: mode, Intp: k + 1, Bound: Bound{Max: k}}
		if !c.p.Compact() {
			kern = &Streak{Teams: teams, Mode: mode, Max: k}
		}
		out = append(out, Prim{Kernel: kern, Hard: hard, Weight: w, describe: func(d Detail) string {
			return fmt.Sprintf("%s plays %d %s games in a row (%s to %s), at most %d allowed", c.teamLabel(d.Teams[0]),
				len(d.Games), mode, c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]), k)
		}})
	}
	return out, nil
}

// NoRepeat forbids two teams meeting in consecutive slots.
type NoRepeat struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
}

var _ entry = (*NoRepeat)(nil)

// Type implements flextime.Constraint.
func (*NoRepeat) Type() string { return "no-repeat" }

func (e *NoRepeat) compile(c *compiler) ([]Prim, error) {
	hard, w, err := c.cost(&e.ConstraintBase, 0)
	if err != nil {
		return nil, err
	}
	return separation(c, &e.ConstraintBase, e.Teams, 1, hard, w)
}

// Separation asks for at least MinSlots slots between two meetings of the same pair.
type Separation struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	MinSlots                int              `yaml:"min-slots"`
}

var _ entry = (*Separation)(nil)

// Type implements flextime.Constraint.
func (*Separation) Type() string { return "separation" }

func (e *Separation) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(e.MinSlots < 1, "min-slots", "min-slots must be at least 1, found %d", e.MinSlots)
	if f.err != nil {
		return nil, f.err
	}
	return separation(c, &e.ConstraintBase, e.Teams, e.MinSlots, hard, w)
}

// Blackout keeps teams from playing (or hosting, or visiting) in given slots, on given dates or on given
// weekdays.
type Blackout struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	// Cannot is what the teams cannot do: play (the default), host or visit.
	Cannot   string           `yaml:"cannot"`
	Slots    flextime.RefList `yaml:"slots"`
	Dates    flextime.RefList `yaml:"dates"`
	Weekdays flextime.RefList `yaml:"weekdays"`
}

var _ entry = (*Blackout)(nil)

// Type implements flextime.Constraint.
func (*Blackout) Type() string { return "blackout" }

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if len(s) >= 3 {
		if d, ok := weekdays[s[:3]]; ok && strings.HasPrefix(strings.ToLower(d.String()), s) {
			return d, true
		}
	}
	return 0, false
}

func (e *Blackout) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	var mode Mode
	switch strings.ToLower(e.Cannot) {
	case "", "play":
		mode = Any
	case "host":
		mode = Home
	case "visit", "travel":
		mode = Away
	default:
		return nil, flextime.Errorf(c.pos(b, "cannot", nil), "unknown value %q", e.Cannot).WithHint("use play, host or visit")
	}
	if len(e.Slots)+len(e.Dates)+len(e.Weekdays) == 0 {
		return nil, flextime.Errorf(c.pos(b, "slots", nil), "a blackout needs slots, dates or weekdays")
	}
	sel, err := c.selectDays(b, e.Slots, e.Dates, e.Weekdays, 0, false)
	if err != nil {
		return nil, err
	}
	verb := map[Mode]string{Any: "play", Home: "host", Away: "visit"}[mode]
	return c.dayPrims(sel, teams, mode, Bound{Max: 0}, hard, w, func(d Detail) string {
		team := d.Teams[0]
		parts := make([]string, len(d.Games))
		for i, g := range d.Games {
			parts[i] = c.gameFor(g, team)
		}
		return fmt.Sprintf("%s %s, but cannot %s then", c.teamLabel(team), strings.Join(parts, "; "), verb)
	}), nil
}

func (c *compiler) anyDated() bool { return len(c.dates) > 0 }

// Fixed pins a game to a slot. Hard unless a weight makes it a soft wish. Teams, instead of Home and
// Away, pins the meeting of two teams whichever hosts.
type Fixed struct {
	flextime.ConstraintBase `yaml:",inline"`
	Home                    flextime.Ref     `yaml:"home"`
	Away                    flextime.Ref     `yaml:"away"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slot                    flextime.Ref     `yaml:"slot"`
}

var _ entry = (*Fixed)(nil)

// Type implements flextime.Constraint.
func (*Fixed) Type() string { return "fixed" }

func (e *Fixed) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	if !b.Hard && b.Weight == 0 {
		b.Hard = true
	}
	f := c.fields(b)
	hard, w := f.cost(0)
	either := len(e.Teams) > 0
	var h, a int
	if either {
		f.check(e.Home.Name != "" || e.Away.Name != "", "teams", "give either teams (either venue) or home and away, not both")
		f.check(len(e.Teams) != 2, "teams", "a meeting has two teams, found %d", len(e.Teams))
		if f.err == nil {
			h = f.team("teams[0]", e.Teams[0])
			a = f.team("teams[1]", e.Teams[1])
		}
	} else {
		h = f.team("home", e.Home)
		a = f.team("away", e.Away)
	}
	if either {
		f.check(h == a, "teams", "a team cannot play itself")
	} else {
		f.check(h == a, "away", "a team cannot play itself")
	}
	if f.err != nil {
		return nil, f.err
	}
	s, ok := c.slotIndex(e.Slot)
	if !ok {
		known := make([]string, 0, len(c.p.Slots))
		for _, sl := range c.p.Slots {
			known = append(known, sl.ID)
		}
		return nil, c.unknown(b, "slot", e.Slot, "slot", known)
	}
	ms := []flextime.Game{{Home: h, Away: a}}
	if either {
		ms = append(ms, flextime.Game{Home: a, Away: h})
	}
	k := &GA1{Meetings: ms, Slots: []int{s}, Bound: Bound{Min: 1, Max: 1}}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, Name: b.Name, Type: "fixed", describe: func(Detail) string {
		if either {
			return fmt.Sprintf("%s and %s should meet in %s, but do not", c.teamLabel(h), c.teamLabel(a), c.slotLabel(s))
		}
		return fmt.Sprintf("%s should host %s in %s, but does not", c.teamLabel(h), c.teamLabel(a), c.slotLabel(s))
	}}}, nil
}

// slotIndex resolves one slot written as its id or as the date of exactly one slot.
func (c *compiler) slotIndex(r flextime.Ref) (int, bool) {
	if s, ok := c.slots[r.Name]; ok {
		return s, true
	}
	if d, ok := c.dates[r.Name]; ok && len(d) == 1 {
		return d[0], true
	}
	return 0, false
}

// TravelEntry adds the distance teams travel to the objective.
type TravelEntry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	// HomeBetweenDays, when set, sends a team home between two games more than this many days apart;
	// otherwise a team travels straight from one road game to the next, as in the TTP.
	HomeBetweenDays *int `yaml:"home-between-days"`
}

var _ entry = (*TravelEntry)(nil)

// Type implements flextime.Constraint.
func (*TravelEntry) Type() string { return "travel" }

func (e *TravelEntry) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 1)
	if err != nil {
		return nil, err
	}
	if hard {
		return nil, flextime.Errorf(c.pos(b, "hard", nil), "travel is an objective and cannot be hard").WithHint("give it a weight")
	}
	if c.p.Distance == nil {
		return nil, flextime.Errorf(c.pos(b, "type", nil), "travel needs distances").
			WithHint("add a distances matrix, or locations for every team")
	}
	teams, err := c.teamSet(b, "teams", e.Teams, true)
	if err != nil {
		return nil, err
	}
	k := &Travel{Teams: teams, N: len(c.p.Teams), Dist: c.distances()}
	if h := e.HomeBetweenDays; h != nil {
		switch {
		case *h < 0:
			return nil, flextime.Errorf(c.pos(b, "home-between-days", nil), "home-between-days must not be negative, found %d", *h)
		case !c.anyDated():
			return nil, flextime.Errorf(c.pos(b, "home-between-days", nil), "home-between-days needs dated slots")
		}
		k.GoHome, k.HomeAfter, k.Cal = true, *h, c.cal
		c.dayRules = true
	}
	unit := c.unit()
	return []Prim{{Kernel: k, Hard: false, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s travels %d%s", c.teamLabel(d.Teams[0]), d.Count, unit)
	}}}, nil
}
