package constraints

import (
	"fmt"
	"strings"

	"github.com/flextime/flextime"
)

// The raw kernel types, written with RobinX attribute names. RobinX/ITC2021 instances load into these,
// and power users may write them in a problem file.

func boundText(b Bound) string {
	switch {
	case b.Max == Unbounded:
		return fmt.Sprintf("at least %d allowed", b.Min)
	case b.Min == 0:
		return fmt.Sprintf("at most %d allowed", b.Max)
	case b.Min == b.Max:
		return fmt.Sprintf("exactly %d required", b.Min)
	}
	return fmt.Sprintf("between %d and %d allowed", b.Min, b.Max)
}

func modeWord(m Mode) string {
	switch m {
	case Home:
		return "home "
	case Away:
		return "away "
	}
	return ""
}

// CA1Entry is a raw CA1: each team of Teams plays between Min and Max games of Mode in Slots.
type CA1Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	Mode                    string           `yaml:"mode"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*CA1Entry)(nil)

// Type implements flextime.Constraint.
func (*CA1Entry) Type() string { return "CA1" }

func (e *CA1Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, false)
	slots := f.slots("slots", e.Slots)
	mode := f.mode("mode", e.Mode, true)
	bd := f.bound(e.Min, e.Max)
	if f.err != nil {
		return nil, f.err
	}
	k := NewCA1(len(c.p.Slots), teams, slots, mode, bd)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s plays %s %sgames in the constrained slots (%s), %s", c.teamLabel(d.Teams[0]),
			fmt.Sprint(d.Count), modeWord(mode), c.slotList(d.Slots), boundText(bd))
	}}}, nil
}

// CA2Entry is a raw CA2: each team of Teams1 plays between Min and Max games of Mode1 against Teams2 in
// Slots.
type CA2Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams1                  flextime.RefList `yaml:"teams1"`
	Teams2                  flextime.RefList `yaml:"teams2"`
	Slots                   flextime.RefList `yaml:"slots"`
	Mode1                   string           `yaml:"mode1"`
	Mode2                   string           `yaml:"mode2"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*CA2Entry)(nil)

// Type implements flextime.Constraint.
func (*CA2Entry) Type() string { return "CA2" }

func (e *CA2Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode2, "", "GLOBAL"), "mode2", "unknown CA2 mode2 %q (CA2 supports GLOBAL)", e.Mode2)
	t1 := f.teams("teams1", e.Teams1, false)
	t2 := f.teams("teams2", e.Teams2, false)
	slots := f.slots("slots", e.Slots)
	mode := f.mode("mode1", e.Mode1, true)
	bd := f.bound(e.Min, e.Max)
	if f.err != nil {
		return nil, f.err
	}
	k := NewCA2(len(c.p.Teams), len(c.p.Slots), t1, t2, slots, mode, bd)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s plays %d %sgames against %s in the constrained slots (%s), %s", c.teamLabel(d.Teams[0]),
			d.Count, modeWord(mode), c.teamList(t2), c.slotList(d.Slots), boundText(bd))
	}}}, nil
}

// CA3Entry is a raw CA3: each team of Teams1 plays between Min and Max games of Mode1 against Teams2 in
// every window of Intp consecutive slots.
type CA3Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams1                  flextime.RefList `yaml:"teams1"`
	Teams2                  flextime.RefList `yaml:"teams2"`
	Mode1                   string           `yaml:"mode1"`
	Mode2                   string           `yaml:"mode2"`
	Intp                    int              `yaml:"intp"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*CA3Entry)(nil)

// Type implements flextime.Constraint.
func (*CA3Entry) Type() string { return "CA3" }

func (e *CA3Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode2, "", "SLOTS"), "mode2", "unknown CA3 mode2 %q (CA3 supports SLOTS)", e.Mode2)
	f.check(e.Intp < 1 || e.Intp > len(c.p.Slots), "intp", "window length %d is outside 1..%d", e.Intp, len(c.p.Slots))
	t1 := f.teams("teams1", e.Teams1, false)
	t2 := f.teams("teams2", e.Teams2, false)
	mode := f.mode("mode1", e.Mode1, true)
	bd := f.bound(e.Min, e.Max)
	if f.err != nil {
		return nil, f.err
	}
	k := &CA3{Teams1: t1, Teams2: SetOf(len(c.p.Teams), t2), Mode: mode, Intp: e.Intp, Bound: bd}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s plays up to %d %sgames against %s within %d consecutive slots (%s to %s), %s",
			c.teamLabel(d.Teams[0]), d.Count, modeWord(mode), c.teamList(t2), e.Intp,
			c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]), boundText(bd))
	}}}, nil
}

// CA4Entry is a raw CA4: the teams of Teams1 together play between Min and Max games of Mode1 against
// Teams2, in Slots as a whole (Mode2 GLOBAL) or in every slot of Slots (Mode2 EVERY).
type CA4Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams1                  flextime.RefList `yaml:"teams1"`
	Teams2                  flextime.RefList `yaml:"teams2"`
	Slots                   flextime.RefList `yaml:"slots"`
	Mode1                   string           `yaml:"mode1"`
	Mode2                   string           `yaml:"mode2"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*CA4Entry)(nil)

// Type implements flextime.Constraint.
func (*CA4Entry) Type() string { return "CA4" }

func (e *CA4Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode2, "", "GLOBAL", "EVERY"), "mode2", "unknown CA4 mode2 %q (use GLOBAL or EVERY)", e.Mode2)
	every := strings.EqualFold(e.Mode2, "EVERY")
	t1 := f.teams("teams1", e.Teams1, false)
	t2 := f.teams("teams2", e.Teams2, false)
	slots := f.slots("slots", e.Slots)
	mode := f.mode("mode1", e.Mode1, true)
	bd := f.bound(e.Min, e.Max)
	if f.err != nil {
		return nil, f.err
	}
	k := NewCA4(len(c.p.Teams), t1, t2, slots, mode, every, bd)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s together play %d %sgames against %s in %s, %s", c.teamList(t1), d.Count, modeWord(mode),
			c.teamList(t2), c.slotList(d.Slots), boundText(bd))
	}}}, nil
}

// Meeting is a game between two teams without a slot.
type Meeting struct {
	Home flextime.Ref `yaml:"home"`
	Away flextime.Ref `yaml:"away"`
}

// GA1Entry is a raw GA1: between Min and Max of Meetings are played in Slots.
type GA1Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Meetings                []Meeting        `yaml:"meetings"`
	Slots                   flextime.RefList `yaml:"slots"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*GA1Entry)(nil)

// Type implements flextime.Constraint.
func (*GA1Entry) Type() string { return "GA1" }

func (e *GA1Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(len(e.Meetings) == 0, "meetings", "no meetings given")
	var ms []flextime.Game
	for i, m := range e.Meetings {
		h := f.team(fmt.Sprintf("meetings[%d].home", i), m.Home)
		a := f.team(fmt.Sprintf("meetings[%d].away", i), m.Away)
		ms = append(ms, flextime.Game{Home: h, Away: a})
	}
	slots := f.slots("slots", e.Slots)
	bd := f.bound(e.Min, e.Max)
	if f.err != nil {
		return nil, f.err
	}
	k := &GA1{Meetings: ms, Slots: slots, Bound: bd}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		parts := make([]string, len(ms))
		for i, m := range ms {
			parts[i] = c.teamLabel(m.Home) + " v " + c.teamLabel(m.Away)
		}
		return fmt.Sprintf("%d of the meetings %s are played in %s, %s", d.Count, strings.Join(parts, ", "),
			c.slotList(slots), boundText(bd))
	}}}, nil
}

// BR1Entry is a raw BR1: each team of Teams has at most Intp breaks of Mode2 in Slots.
type BR1Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	Mode1                   string           `yaml:"mode1"`
	Mode2                   string           `yaml:"mode2"`
	Intp                    int              `yaml:"intp"`
}

var _ entry = (*BR1Entry)(nil)

// Type implements flextime.Constraint.
func (*BR1Entry) Type() string { return "BR1" }

// oneOf reports whether v is one of the accepted spellings, ignoring case.
func oneOf(v string, accepted ...string) bool {
	for _, a := range accepted {
		if strings.EqualFold(v, a) {
			return true
		}
	}
	return false
}

func (e *BR1Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode1, "", "LEQ"), "mode1", "unknown mode1 %q (only LEQ is supported)", e.Mode1)
	teams := f.teams("teams", e.Teams, false)
	slots := f.slots("slots", e.Slots)
	mode := f.mode("mode2", e.Mode2, true)
	f.check(e.Intp < 0, "intp", "break limit must not be negative")
	if f.err != nil {
		return nil, f.err
	}
	k := &BR1{Teams: teams, Slots: slots, Mode: mode, Max: e.Intp}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s has %d %sbreaks (%s), at most %d allowed", c.teamLabel(d.Teams[0]), d.Count, modeWord(mode),
			c.slotList(d.Slots), e.Intp)
	}}}, nil
}

// BR2Entry is a raw BR2: the teams of Teams together have at most Intp breaks in Slots.
type BR2Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	HomeMode                string           `yaml:"homeMode"`
	Mode2                   string           `yaml:"mode2"`
	Intp                    int              `yaml:"intp"`
}

var _ entry = (*BR2Entry)(nil)

// Type implements flextime.Constraint.
func (*BR2Entry) Type() string { return "BR2" }

func (e *BR2Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode2, "", "LEQ"), "mode2", "unknown mode2 %q (only LEQ is supported)", e.Mode2)
	f.check(!oneOf(e.HomeMode, "", "HA"), "homeMode", "unknown homeMode %q (only HA is supported)", e.HomeMode)
	teams := f.teams("teams", e.Teams, false)
	slots := f.slots("slots", e.Slots)
	f.check(e.Intp < 0, "intp", "break limit must not be negative")
	if f.err != nil {
		return nil, f.err
	}
	k := &BR2{Teams: teams, Slots: slots, Max: e.Intp}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("the teams have %d breaks in total, at most %d allowed", d.Count, e.Intp)
	}}}, nil
}

// FA2Entry is a raw FA2: after every slot of Slots, each pair of Teams differs by at most Intp in the
// number of home games played so far.
type FA2Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	Mode                    string           `yaml:"mode"`
	Intp                    int              `yaml:"intp"`
}

var _ entry = (*FA2Entry)(nil)

// Type implements flextime.Constraint.
func (*FA2Entry) Type() string { return "FA2" }

func (e *FA2Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode, "", "H"), "mode", "unknown FA2 mode %q (only H is supported)", e.Mode)
	teams := f.teams("teams", e.Teams, false)
	slots := f.slots("slots", e.Slots)
	f.check(e.Intp < 0, "intp", "difference limit must not be negative")
	if f.err != nil {
		return nil, f.err
	}
	k := &FA2{Teams: teams, Slots: slots, Max: e.Intp}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s and %s differ by %d home games after %s, at most %d allowed", c.teamLabel(d.Teams[0]),
			c.teamLabel(d.Teams[1]), d.Count, c.slotLabel(d.Slots[0]), e.Intp)
	}}}, nil
}

// SE1Entry is a raw SE1: each pair of Teams has at least Min slots between its two meetings.
type SE1Entry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Mode1                   string           `yaml:"mode1"`
	Min                     int              `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*SE1Entry)(nil)

// Type implements flextime.Constraint.
func (*SE1Entry) Type() string { return "SE1" }

func (e *SE1Entry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	f.check(!oneOf(e.Mode1, "", "SLOTS"), "mode1", "unknown SE1 mode1 %q (only SLOTS is supported)", e.Mode1)
	f.check(e.Max != nil && *e.Max < len(c.p.Slots), "max", "an upper separation limit is not supported yet")
	if f.err != nil {
		return nil, f.err
	}
	return separation(c, &e.ConstraintBase, e.Teams, e.Min, hard, w)
}

// separation compiles an SE1 over a team set.
func separation(c *compiler, b *flextime.ConstraintBase, refs flextime.RefList, minSlots int, hard bool, w int64) ([]Prim, error) {
	teams, err := c.teamSet(b, "teams", refs, true)
	if err != nil {
		return nil, err
	}
	if minSlots < 0 {
		return nil, flextime.Errorf(c.pos(b, "min", nil), "separation must not be negative")
	}
	k := &SE1{Teams: teams, Min: minSlots, member: SetOf(len(c.p.Teams), teams)}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		between := "slots"
		if d.Count == 1 {
			between = "slot"
		}
		return fmt.Sprintf("%s and %s meet in %s and %s with %d %s between, at least %d required",
			c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]), c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]),
			max(d.Count, 0), between, minSlots)
	}}}, nil
}
