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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	mode, err := c.mode(b, "mode", e.Mode, true)
	if err != nil {
		return nil, err
	}
	bd, err := c.bound(b, e.Min, e.Max)
	if err != nil {
		return nil, err
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if m := strings.ToUpper(e.Mode2); m != "" && m != "GLOBAL" {
		return nil, flextime.Errorf(c.pos(b, "mode2", nil), "unknown CA2 mode2 %q", e.Mode2).WithHint("CA2 supports GLOBAL")
	}
	t1, err := c.teamSet(b, "teams1", e.Teams1, false)
	if err != nil {
		return nil, err
	}
	t2, err := c.teamSet(b, "teams2", e.Teams2, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	mode, err := c.mode(b, "mode1", e.Mode1, true)
	if err != nil {
		return nil, err
	}
	bd, err := c.bound(b, e.Min, e.Max)
	if err != nil {
		return nil, err
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if m := strings.ToUpper(e.Mode2); m != "" && m != "SLOTS" {
		return nil, flextime.Errorf(c.pos(b, "mode2", nil), "unknown CA3 mode2 %q", e.Mode2).WithHint("CA3 supports SLOTS")
	}
	if e.Intp < 1 || e.Intp > len(c.p.Slots) {
		return nil, flextime.Errorf(c.pos(b, "intp", nil), "window length %d is outside 1..%d", e.Intp, len(c.p.Slots))
	}
	t1, err := c.teamSet(b, "teams1", e.Teams1, false)
	if err != nil {
		return nil, err
	}
	t2, err := c.teamSet(b, "teams2", e.Teams2, false)
	if err != nil {
		return nil, err
	}
	mode, err := c.mode(b, "mode1", e.Mode1, true)
	if err != nil {
		return nil, err
	}
	bd, err := c.bound(b, e.Min, e.Max)
	if err != nil {
		return nil, err
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	var every bool
	switch strings.ToUpper(e.Mode2) {
	case "GLOBAL", "":
	case "EVERY":
		every = true
	default:
		return nil, flextime.Errorf(c.pos(b, "mode2", nil), "unknown CA4 mode2 %q", e.Mode2).WithHint("use GLOBAL or EVERY")
	}
	t1, err := c.teamSet(b, "teams1", e.Teams1, false)
	if err != nil {
		return nil, err
	}
	t2, err := c.teamSet(b, "teams2", e.Teams2, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	mode, err := c.mode(b, "mode1", e.Mode1, true)
	if err != nil {
		return nil, err
	}
	bd, err := c.bound(b, e.Min, e.Max)
	if err != nil {
		return nil, err
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if len(e.Meetings) == 0 {
		return nil, flextime.Errorf(c.pos(b, "meetings", nil), "no meetings given")
	}
	var ms []flextime.Game
	for i, m := range e.Meetings {
		h, err := c.team(b, fmt.Sprintf("meetings[%d].home", i), m.Home)
		if err != nil {
			return nil, err
		}
		a, err := c.team(b, fmt.Sprintf("meetings[%d].away", i), m.Away)
		if err != nil {
			return nil, err
		}
		ms = append(ms, flextime.Game{Home: h, Away: a})
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	bd, err := c.bound(b, e.Min, e.Max)
	if err != nil {
		return nil, err
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

func checkLEQ(c *compiler, b *flextime.ConstraintBase, field, v string) error {
	if m := strings.ToUpper(v); m != "" && m != "LEQ" {
		return flextime.Errorf(c.pos(b, field, nil), "unknown %s %q", field, v).WithHint("only LEQ is supported")
	}
	return nil
}

func (e *BR1Entry) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if err := checkLEQ(c, b, "mode1", e.Mode1); err != nil {
		return nil, err
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	mode, err := c.mode(b, "mode2", e.Mode2, true)
	if err != nil {
		return nil, err
	}
	if e.Intp < 0 {
		return nil, flextime.Errorf(c.pos(b, "intp", nil), "break limit must not be negative")
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if err := checkLEQ(c, b, "mode2", e.Mode2); err != nil {
		return nil, err
	}
	if m := strings.ToUpper(e.HomeMode); m != "" && m != "HA" {
		return nil, flextime.Errorf(c.pos(b, "homeMode", nil), "unknown homeMode %q", e.HomeMode).WithHint("only HA is supported")
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	if e.Intp < 0 {
		return nil, flextime.Errorf(c.pos(b, "intp", nil), "break limit must not be negative")
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if m := strings.ToUpper(e.Mode); m != "" && m != "H" {
		return nil, flextime.Errorf(c.pos(b, "mode", nil), "unknown FA2 mode %q", e.Mode).WithHint("only H is supported")
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	slots, err := c.slotSet(b, "slots", e.Slots)
	if err != nil {
		return nil, err
	}
	if e.Intp < 0 {
		return nil, flextime.Errorf(c.pos(b, "intp", nil), "difference limit must not be negative")
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
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if m := strings.ToUpper(e.Mode1); m != "" && m != "SLOTS" {
		return nil, flextime.Errorf(c.pos(b, "mode1", nil), "unknown SE1 mode1 %q", e.Mode1).WithHint("only SLOTS is supported")
	}
	if e.Max != nil && *e.Max < len(c.p.Slots) {
		return nil, flextime.Errorf(c.pos(b, "max", nil), "an upper separation limit is not supported yet")
	}
	return separation(c, b, e.Teams, e.Min, hard, w)
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
		return fmt.Sprintf("%s and %s meet in %s and %s with %d slots between, at least %d required",
			c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]), c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]),
			max(d.Count, 0), minSlots)
	}}}, nil
}
