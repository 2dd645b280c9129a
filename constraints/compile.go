package constraints

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/flextime/flextime"
)

// Prim is one compiled kernel primitive with its cost and the name it is reported under.
type Prim struct {
	Kernel Kernel
	Hard   bool
	Weight int64
	// Name is what reports call it: the constraint's own name, or its type.
	Name string
	// Type is the catalogue type it was compiled from ("max-streak", "CA1", "structure", ...).
	Type string
	// Index is the position of the source constraint in Problem.Constraints, or -1.
	Index    int
	describe func(d Detail) string
}

// Model is a problem compiled for evaluation: dense ids, bitsets, a distance matrix and primitives.
type Model struct {
	Problem *flextime.Problem
	N, S    int
	Format  flextime.Format
	Prims   []Prim
	// Compact is set when every team plays in every slot (see flextime.Problem.Compact); otherwise grid
	// cells may be empty (byes).
	Compact bool
	// Games is the number of meetings every team has; every unordered pair meets between PairMin and
	// PairMax times.
	Games            int
	PairMin, PairMax int
	// Cal holds the venue-local days and start times of the slots.
	Cal *Calendar
	// dayRules is set when some primitive reads Cal (its days then belong in the fingerprint).
	dayRules bool
	// Fixed are the pinned games the solver must not move.
	Fixed []flextime.Game
	// Fingerprint is a hash of the compiled problem: equal fingerprints score every schedule alike.
	Fingerprint string
}

// Compile checks a problem and compiles it. Errors are *flextime.InputError values naming the field.
func Compile(p *flextime.Problem) (*Model, error) {
	c, err := newCompiler(p)
	if err != nil {
		return nil, err
	}
	m := &Model{Problem: p, N: len(p.Teams), S: len(p.Slots), Format: p.Format, Compact: p.Compact(), Cal: c.cal}
	m.Games = p.Format.Games(m.N)
	m.PairMin, m.PairMax = p.Format.Rounds, p.Format.Rounds
	if p.Format.Partial() {
		q := m.Games / (m.N - 1)
		m.PairMin, m.PairMax = q, q
		if m.Games%(m.N-1) != 0 {
			m.PairMax = q + 1
		}
	}
	st := &Structure{Format: p.Format, Sparse: !m.Compact, Games: m.Games, PairMin: m.PairMin, PairMax: m.PairMax}
	m.Prims = append(m.Prims, Prim{Kernel: st, Hard: true, Weight: 1, Name: "structure",
		Type: "structure", Index: -1, describe: c.describeStructure})
	for i, g := range p.Fixed {
		e := &Fixed{Home: flextime.Ref{Name: p.Teams[g.Home].ID}, Away: flextime.Ref{Name: p.Teams[g.Away].ID},
			Slot: flextime.Ref{Name: p.Slots[g.Slot].ID}}
		e.Hard = true
		e.Where = flextime.Position{File: p.Source, Path: fmt.Sprintf("fixed[%d]", i)}
		prims, err := e.compile(c)
		if err != nil {
			return nil, err
		}
		for j := range prims {
			prims[j].Index = -1
		}
		m.Prims = append(m.Prims, prims...)
	}
	for i, con := range p.Constraints {
		e, ok := con.(entry)
		if !ok {
			return nil, flextime.Errorf(con.Base().Where, "constraint type %q cannot be compiled", con.Type())
		}
		prims, err := e.compile(c)
		if err != nil {
			return nil, err
		}
		for j := range prims {
			prims[j].Index = i
			if prims[j].Name == "" {
				prims[j].Name = e.Type()
				if n := con.Base().Name; n != "" {
					prims[j].Name = n
				}
			}
			if prims[j].Type == "" {
				prims[j].Type = e.Type()
			}
		}
		m.Prims = append(m.Prims, prims...)
	}
	// A hard GA1 that asks for one meeting in one slot is a fixed game, whatever it was written as (a
	// fixed entry, a RobinX GA1): the solver places it first and keeps it there.
	for _, p := range m.Prims {
		if ga, ok := p.Kernel.(*GA1); ok && p.Hard && len(ga.Meetings) == 1 && len(ga.Slots) == 1 && ga.Min >= 1 {
			m.Fixed = append(m.Fixed, flextime.Game{Home: ga.Meetings[0].Home, Away: ga.Meetings[0].Away, Slot: ga.Slots[0]})
		}
	}
	m.dayRules = c.dayRules
	m.Fingerprint = fingerprint(m)
	return m, nil
}

// compiler resolves the user's references against a problem.
type compiler struct {
	p      *flextime.Problem
	teams  map[string]int
	groups map[string]int
	slots  map[string]int
	dates  map[string][]int
	cal    *Calendar
	// dayRules is set once a primitive that reads the calendar is compiled.
	dayRules bool
}

func newCompiler(p *flextime.Problem) (*compiler, error) {
	n, s := len(p.Teams), len(p.Slots)
	f := p.Format
	switch {
	case n < 2:
		return nil, flextime.Errorf(p.At("teams"), "a season needs at least 2 teams, found %d", n)
	case n > flextime.MaxTeams:
		return nil, flextime.Errorf(p.At("teams"), "%d teams is more than the %d flextime supports", n, flextime.MaxTeams)
	case s > flextime.MaxSlots:
		return nil, flextime.Errorf(p.At("slots"), "%d slots is more than the %d flextime supports", s, flextime.MaxSlots)
	case !f.Partial() && f.Rounds != 1 && f.Rounds != 2:
		return nil, flextime.Errorf(p.At("format").Child("rounds"), "rounds must be 1 or 2, found %d", f.Rounds)
	case f.Mirrored && f.Rounds != 2:
		return nil, flextime.Errorf(p.At("format").Child("mirrored"), "a mirrored format needs 2 rounds")
	case f.Series < 0 || f.Series > 7:
		return nil, flextime.Errorf(p.At("format").Child("series"), "a series is 1 to 7 games, found %d", f.Series)
	}
	if err := checkShape(p); err != nil {
		return nil, err
	}
	if p.Distance != nil {
		if len(p.Distance) != n {
			return nil, flextime.Errorf(p.At("distances"), "distance matrix has %d rows for %d teams", len(p.Distance), n)
		}
		for i, row := range p.Distance {
			if len(row) != n {
				return nil, flextime.Errorf(p.At("distances").Child(fmt.Sprintf("[%d]", i)), "row has %d entries for %d teams", len(row), n)
			}
		}
	}
	c := &compiler{p: p, teams: map[string]int{}, groups: map[string]int{}, slots: map[string]int{}, dates: map[string][]int{},
		cal: NewCalendar(p)}
	for i, t := range p.Teams {
		if _, dup := c.teams[t.ID]; dup {
			return nil, flextime.Errorf(p.At("teams").Child(fmt.Sprintf("[%d]", i)).Child("id"), "duplicate team id %q", t.ID)
		}
		c.teams[t.ID] = i
	}
	for i, g := range p.Groups {
		c.groups[g.Name] = i
	}
	for i, sl := range p.Slots {
		if _, dup := c.slots[sl.ID]; dup {
			return nil, flextime.Errorf(p.At("slots").Child(fmt.Sprintf("[%d]", i)), "duplicate slot id %q", sl.ID)
		}
		c.slots[sl.ID] = i
		if sl.HasDate() {
			d := sl.Date.Format(time.DateOnly)
			c.dates[d] = append(c.dates[d], i)
		}
	}
	for i, g := range p.Fixed {
		if g.Home < 0 || g.Home >= n || g.Away < 0 || g.Away >= n || g.Slot < 0 || g.Slot >= s || g.Home == g.Away {
			return nil, flextime.Errorf(p.At("fixed").Child(fmt.Sprintf("[%d]", i)), "fixed game refers to an unknown team or slot")
		}
	}
	return c, nil
}

// checkShape checks that the format can be played in the slots at all: a team plays at most once per
// slot, and with an odd number of teams one team sits out every slot.
func checkShape(p *flextime.Problem) error {
	n, s, f := len(p.Teams), len(p.Slots), p.Format
	games := f.Games(n)
	if f.Partial() {
		switch {
		case f.Phased || f.Mirrored:
			return flextime.Errorf(p.At("format"), "a partial round robin (games per team) cannot be phased or mirrored").
				WithHint("remove phased and mirrored, or use kind: round-robin")
		case games > 2*(n-1):
			return flextime.Errorf(p.At("format").Child("games"), "%d games per team is more than a double round robin of %d teams (%d)",
				games, n, 2*(n-1)).WithHint("use at most %d games", 2*(n-1))
		case n*games%2 == 1:
			return flextime.Errorf(p.At("format").Child("games"), "%d teams with %d games each is an odd number of team-games (%d), which no schedule can pair up",
				n, games, n*games).WithHint("make the number of teams or of games even")
		}
	} else if (f.Phased || f.Mirrored) && !p.Compact() {
		field := "phased"
		if f.Mirrored {
			field = "mirrored"
		}
		return flextime.Errorf(p.At("format").Child(field), "a %s format needs a compact double round robin: an even number of teams and exactly %d slots, found %d teams and %d slots",
			field, f.Rounds*(n-1), n, s).WithHint("remove %s, or change the slots", field)
	}
	// Each slot holds at most n/2 games (rounded down), and each team plays at most one of them.
	need := games
	if n%2 == 1 {
		total := n * games / 2
		need = max(need, (total+n/2-1)/(n/2))
	}
	if s < need {
		why := fmt.Sprintf("%d games per team need at least %d slots", games, need)
		if n%2 == 1 && need > games {
			why = fmt.Sprintf("%d teams with %d games each need at least %d slots (with an odd number of teams one team sits out every slot)", n, games, need)
		}
		return flextime.Errorf(p.At("slots"), "%s, found %d", why, s).
			WithHint("add slots, or lower the number of games")
	}
	return nil
}

// pos returns the position of a field of a constraint, at ref when known.
func (c *compiler) pos(b *flextime.ConstraintBase, field string, ref *flextime.Ref) flextime.Position {
	p := b.Where.Child(field)
	if p.File == "" {
		p.File = c.p.Source
	}
	if ref != nil && ref.Pos.Line > 0 {
		p.Line, p.Col = ref.Pos.Line, ref.Pos.Col
	}
	return p
}

// cost returns the hardness and weight of a constraint; def is the weight used when none is given
// (zero makes one of hard or weight required).
func (c *compiler) cost(b *flextime.ConstraintBase, def int64) (bool, int64, error) {
	switch {
	case b.Weight < 0:
		return false, 0, flextime.Errorf(c.pos(b, "weight", nil), "weight must not be negative, found %d", b.Weight)
	case b.Hard && b.Weight == 0:
		return true, 1, nil
	case b.Hard:
		return true, b.Weight, nil
	case b.Weight > 0:
		return false, b.Weight, nil
	case def > 0:
		return false, def, nil
	}
	return false, 0, flextime.Errorf(c.pos(b, "weight", nil), "constraint is neither hard nor weighted").
		WithHint("add hard: true, or weight: N for a soft constraint")
}

// team resolves a single team id.
func (c *compiler) team(b *flextime.ConstraintBase, field string, r flextime.Ref) (int, error) {
	if i, ok := c.teams[r.Name]; ok {
		return i, nil
	}
	return 0, c.unknown(b, field, r, "team", c.teamNames())
}

func (c *compiler) teamNames() []string {
	out := make([]string, 0, len(c.teams))
	for _, t := range c.p.Teams {
		out = append(out, t.ID)
	}
	return out
}

func (c *compiler) unknown(b *flextime.ConstraintBase, field string, r flextime.Ref, what string, known []string) error {
	e := flextime.Errorf(c.pos(b, field, &r), "unknown %s %q", what, r.Name)
	if s := flextime.Suggest(r.Name, known); s != "" {
		e = e.WithHint("did you mean %q?", s)
	}
	return e
}

// teamSet resolves a list of team ids, group names and "all". An empty list means all teams when
// emptyAll is set and is an error otherwise.
func (c *compiler) teamSet(b *flextime.ConstraintBase, field string, refs flextime.RefList, emptyAll bool) ([]int, error) {
	if len(refs) == 0 {
		if emptyAll {
			return c.all(len(c.p.Teams)), nil
		}
		return nil, flextime.Errorf(c.pos(b, field, nil), "no teams given").WithHint("list team ids, group names, or all")
	}
	in := make([]bool, len(c.p.Teams))
	for k, r := range refs {
		f := fmt.Sprintf("%s[%d]", field, k)
		if len(refs) == 1 {
			f = field
		}
		switch {
		case r.Name == "all":
			for i := range in {
				in[i] = true
			}
		case c.has(c.teams, r.Name):
			in[c.teams[r.Name]] = true
		case c.has(c.groups, r.Name):
			for _, t := range c.p.Groups[c.groups[r.Name]].Teams {
				in[t] = true
			}
		default:
			known := c.teamNames()
			for _, g := range c.p.Groups {
				known = append(known, g.Name)
			}
			return nil, c.unknown(b, f, r, "team or group", known)
		}
	}
	var out []int
	for i, ok := range in {
		if ok {
			out = append(out, i)
		}
	}
	return out, nil
}

func (c *compiler) has(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func (c *compiler) all(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// slotSet resolves slot ids, dates (YYYY-MM-DD), ranges "a..b" of slot ids, and "all". An empty list
// means all slots.
func (c *compiler) slotSet(b *flextime.ConstraintBase, field string, refs flextime.RefList) ([]int, error) {
	if len(refs) == 0 {
		return c.all(len(c.p.Slots)), nil
	}
	in := make([]bool, len(c.p.Slots))
	for k, r := range refs {
		f := fmt.Sprintf("%s[%d]", field, k)
		if len(refs) == 1 {
			f = field
		}
		idx, err := c.slotRef(b, f, r)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			in[i] = true
		}
	}
	var out []int
	for i, ok := range in {
		if ok {
			out = append(out, i)
		}
	}
	return out, nil
}

func (c *compiler) slotRef(b *flextime.ConstraintBase, field string, r flextime.Ref) ([]int, error) {
	if r.Name == "all" {
		return c.all(len(c.p.Slots)), nil
	}
	if i, ok := c.slots[r.Name]; ok {
		return []int{i}, nil
	}
	if d, ok := c.dates[r.Name]; ok {
		return d, nil
	}
	if lo, hi, ok := strings.Cut(r.Name, ".."); ok {
		a, okA := c.slots[strings.TrimSpace(lo)]
		z, okZ := c.slots[strings.TrimSpace(hi)]
		if okA && okZ && a <= z {
			return c.all(z + 1)[a:], nil
		}
		return nil, flextime.Errorf(c.pos(b, field, &r), "bad slot range %q", r.Name).
			WithHint("write FIRST..LAST with two slot ids in order")
	}
	if _, err := time.Parse(time.DateOnly, r.Name); err == nil {
		return nil, flextime.Errorf(c.pos(b, field, &r), "no slot is dated %s", r.Name)
	}
	known := make([]string, 0, len(c.p.Slots))
	for _, s := range c.p.Slots {
		known = append(known, s.ID)
	}
	return nil, c.unknown(b, field, r, "slot", known)
}

func parseMode(s string) (Mode, bool) {
	switch strings.ToUpper(s) {
	case "H", "HOME":
		return Home, true
	case "A", "AWAY":
		return Away, true
	case "HA", "ANY", "":
		return Any, true
	}
	return 0, false
}

// mode parses a mode field; what lists the accepted spellings for the message.
func (c *compiler) mode(b *flextime.ConstraintBase, field, v string, allowAny bool) (Mode, error) {
	m, ok := parseMode(v)
	if !ok || (!allowAny && m == Any) {
		want := "H or A"
		if allowAny {
			want = "H, A or HA"
		}
		return 0, flextime.Errorf(c.pos(b, field, nil), "unknown mode %q", v).WithHint("use %s", want)
	}
	return m, nil
}

func (c *compiler) bound(b *flextime.ConstraintBase, lo, hi *int) (Bound, error) {
	if lo == nil && hi == nil {
		return Bound{Max: Unbounded}, flextime.Errorf(c.pos(b, "max", nil), "neither min nor max is given").WithHint("set max: N and/or min: N")
	}
	return c.boundAt(b, "min", "max", lo, hi)
}

// fields resolves the fields of one constraint one after another, keeping the first error, so that a
// compile method reads as a list of its fields.
type fields struct {
	c   *compiler
	b   *flextime.ConstraintBase
	err error
}

func (c *compiler) fields(b *flextime.ConstraintBase) *fields { return &fields{c: c, b: b} }

func (f *fields) cost(def int64) (bool, int64) {
	if f.err != nil {
		return false, 0
	}
	hard, w, err := f.c.cost(f.b, def)
	f.err = err
	return hard, w
}

func (f *fields) teams(name string, refs flextime.RefList, emptyAll bool) []int {
	if f.err != nil {
		return nil
	}
	out, err := f.c.teamSet(f.b, name, refs, emptyAll)
	f.err = err
	return out
}

func (f *fields) team(name string, r flextime.Ref) int {
	if f.err != nil {
		return 0
	}
	t, err := f.c.team(f.b, name, r)
	f.err = err
	return t
}

func (f *fields) slots(name string, refs flextime.RefList) []int {
	if f.err != nil {
		return nil
	}
	out, err := f.c.slotSet(f.b, name, refs)
	f.err = err
	return out
}

func (f *fields) mode(name, v string, allowAny bool) Mode {
	if f.err != nil {
		return 0
	}
	m, err := f.c.mode(f.b, name, v, allowAny)
	f.err = err
	return m
}

func (f *fields) bound(lo, hi *int) Bound {
	if f.err != nil {
		return Bound{}
	}
	b, err := f.c.bound(f.b, lo, hi)
	f.err = err
	return b
}

// check records an error when bad holds.
func (f *fields) check(bad bool, field, format string, args ...any) {
	if f.err == nil && bad {
		f.err = flextime.Errorf(f.c.pos(f.b, field, nil), format, args...)
	}
}

// Labels for messages.

func (c *compiler) teamLabel(i int) string { return c.p.Teams[i].Label() }

func (c *compiler) slotLabel(s int) string { return c.p.SlotLabel(s) }

func (c *compiler) teamList(ts []int) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = c.teamLabel(t)
	}
	return strings.Join(parts, ", ")
}

func (c *compiler) slotList(ss []int) string {
	ss = append([]int(nil), ss...)
	sort.Ints(ss)
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = c.p.Slots[s].ID
		if c.p.Slots[s].HasDate() {
			parts[i] += " (" + c.p.Slots[s].Date.Format("Mon 2006-01-02") + ")"
		}
	}
	if len(parts) == 1 {
		return "slot " + parts[0]
	}
	return "slots " + strings.Join(parts, ", ")
}

// gameFor describes a game from one team's side: "at UTAH in slot 12 (Sun 2027-01-17)".
func (c *compiler) gameFor(g flextime.Game, team int) string {
	when := "in " + c.slotLabel(g.Slot)
	if !c.cal.Uniform {
		when = "on " + c.localLabel(g)
	}
	if g.Home == team {
		return "hosts " + c.teamLabel(g.Away) + " " + when
	}
	return "plays at " + c.teamLabel(g.Home) + " " + when
}

func (c *compiler) describeStructure(d Detail) string {
	f := c.p.Format
	games := f.Games(len(c.p.Teams))
	switch d.Tag {
	case structGames:
		return fmt.Sprintf("%s plays %d %s, %d required", c.teamLabel(d.Teams[0]), d.Count, plural(int(d.Count), "game"), games)
	case structHome:
		want := fmt.Sprint(games / 2)
		if games%2 == 1 {
			want = fmt.Sprintf("%d or %d", games/2, games/2+1)
		}
		return fmt.Sprintf("%s plays %d home games of %d, %s required for a balanced season", c.teamLabel(d.Teams[0]), d.Count, games, want)
	case structMeetings:
		a, b := c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1])
		if !f.Partial() && f.Rounds >= 2 {
			return fmt.Sprintf("%s hosts %s %d times, once required", a, b, d.Count)
		}
		lo, hi := f.Rounds, f.Rounds
		if f.Partial() {
			lo = games / (len(c.p.Teams) - 1)
			hi = lo
			if games%(len(c.p.Teams)-1) != 0 {
				hi++
			}
		}
		want := fmt.Sprintf("%d required", lo)
		if hi != lo {
			want = fmt.Sprintf("%d or %d required", lo, hi)
		}
		return fmt.Sprintf("%s and %s meet %d times, %s", a, b, d.Count, want)
	case structVenue:
		return fmt.Sprintf("%s and %s meet twice at the same venue; a pair that meets twice plays once at each", c.teamLabel(d.Teams[0]),
			c.teamLabel(d.Teams[1]))
	}
	switch {
	case len(d.Teams) == 1:
		return fmt.Sprintf("%s plays %d games in %s", c.teamLabel(d.Teams[0]), d.Count, c.slotLabel(d.Slots[0]))
	case len(d.Games) == 1 && d.Games[0].Slot < 0:
		return fmt.Sprintf("game %s (home) v %s is missing", c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]))
	case len(d.Games) == 1:
		return fmt.Sprintf("%s v %s in %s is not mirrored in %s", c.teamLabel(d.Games[0].Home), c.teamLabel(d.Games[0].Away),
			c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]))
	case d.Deviation == 2:
		half := "second"
		if d.Count >= 2 {
			half = "first"
		}
		return fmt.Sprintf("%s and %s meet twice in the %s half", c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]), half)
	}
	return fmt.Sprintf("%s and %s never meet", c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]))
}
