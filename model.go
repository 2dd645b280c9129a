package flextime

import (
	"cmp"
	"fmt"
	"time"
)

// Limits that keep a hostile or mistaken input from exhausting memory. They are far above any real season.
const (
	MaxTeams = 1000
	MaxSlots = 10000
	MaxGames = 1000000
)

// Location is a point on the earth in decimal degrees.
type Location struct {
	Lat float64 `yaml:"lat" json:"lat"`
	Lon float64 `yaml:"lon" json:"lon"`
}

// Team is one participant of a season. Its index in Problem.Teams is its dense id everywhere else.
type Team struct {
	ID       string
	Name     string
	Venue    string
	Location *Location // nil when unknown
	TimeZone string    // IANA name; empty when unknown
	Zone     *time.Location
	// SeriesOffset shifts, in days, every multi-day series the team plays in from the days of its slot:
	// -1 plays a Friday-to-Sunday series from Thursday to Saturday. Zero leaves series on their slot's days.
	SeriesOffset int
}

// Label returns the name a report should show for the team: its id, unless the id is a bare number and
// the team has a name (as in RobinX and TTP files).
func (t Team) Label() string {
	if t.Name != "" && (t.ID == "" || isNumber(t.ID)) {
		return t.Name
	}
	return t.ID
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Slot is one round of the season. Its index in Problem.Slots is its dense id.
type Slot struct {
	ID   string
	Date time.Time // zero when the slot carries no date; a civil date in UTC otherwise
	// HasTime is set when the slot carries a start time: Minute minutes after midnight on Date.
	HasTime bool
	Minute  int
	// Zone is the time zone Date and the start time are given in; nil means each game's venue-local time
	// (the usual case: "7 pm at the home arena"). A TV window is written in one zone, say New York's, and
	// falls on other local times, even other local dates, at venues elsewhere.
	Zone *time.Location
}

// HasDate reports whether the slot carries a calendar date.
func (s Slot) HasDate() bool { return !s.Date.IsZero() }

// Format describes the shape of the tournament.
type Format struct {
	// Rounds is the number of round robins: 1 (each pair meets once) or 2 (each pair meets twice, once at
	// each venue). It is ignored when GamesPerTeam is set.
	Rounds int
	// Phased requires each pair to meet once in each half of a double round robin.
	Phased bool
	// Mirrored requires the second half to repeat the first with venues swapped (implies Phased).
	Mirrored bool
	// GamesPerTeam, when positive, makes the season a partial round robin: every team plays this many
	// games and the solver chooses the opponents. With n teams, every pair meets q or q+1 times where
	// q = GamesPerTeam / (n-1); each team has GamesPerTeam mod (n-1) opponents it meets q+1 times; home
	// and away games are balanced to within one per team, and a pair that meets twice meets once at each
	// venue. Zero means a round robin of Rounds.
	GamesPerTeam int
	// Series is the number of games one meeting is made of, played on consecutive days at one venue (a
	// baseball weekend series is 3). Zero or one means single games.
	Series int
}

// Partial reports whether the format is a partial round robin (games per team, opponents chosen).
func (f Format) Partial() bool { return f.GamesPerTeam > 0 }

// SeriesLength is the number of games, and of consecutive days, one meeting takes: at least 1.
func (f Format) SeriesLength() int { return max(f.Series, 1) }

// Games returns the number of meetings every team has in a season of n teams.
func (f Format) Games(n int) int {
	if f.Partial() {
		return f.GamesPerTeam
	}
	return f.Rounds * (n - 1)
}

// Group is a named set of teams that constraints may refer to.
type Group struct {
	Name  string
	Teams []int
}

// Game is one meeting: Home hosts Away in Slot. All three are dense indices into the problem.
type Game struct {
	Home int `json:"home"`
	Away int `json:"away"`
	Slot int `json:"slot"`
}

// CompareGames orders games by slot, then home team, then away team: the order schedules are written
// and stored in.
func CompareGames(a, b Game) int {
	return cmp.Or(cmp.Compare(a.Slot, b.Slot), cmp.Compare(a.Home, b.Home), cmp.Compare(a.Away, b.Away))
}

// Score is the quality of a schedule: Hard is the infeasibility (hard deviations plus structural errors),
// Soft the objective. Scores compare lexicographically; lower is better.
type Score struct {
	Hard int64 `json:"hard" yaml:"hard"`
	Soft int64 `json:"soft" yaml:"soft"`
}

// Feasible reports whether the score has no hard violations.
func (s Score) Feasible() bool { return s.Hard == 0 }

// Less reports whether s is strictly better than o.
func (s Score) Less(o Score) bool {
	if s.Hard != o.Hard {
		return s.Hard < o.Hard
	}
	return s.Soft < o.Soft
}

func (s Score) String() string { return fmt.Sprintf("hard %d, soft %d", s.Hard, s.Soft) }

// Problem is a scheduling problem as the user described it.
type Problem struct {
	Name   string
	Source string // the file it was read from, for messages
	Teams  []Team
	Groups []Group
	Slots  []Slot
	Format Format
	// Fixed games are pinned: the solver never moves them and the evaluator checks them as hard.
	Fixed []Game
	// Distance is an n×n matrix of travel distances between team venues, or nil.
	Distance [][]int64
	// DistanceUnit names the unit of Distance for reports ("km", "mi", or empty for unitless).
	DistanceUnit string
	Constraints  []Constraint
	// Where holds the positions of the problem's top-level sections ("teams", "slots", "format",
	// "distances") in its file, when the loader knows them, for messages about a section as a whole.
	Where map[string]Position
}

// Compact reports whether every team plays in every slot: a round robin of an even number of teams in
// exactly Rounds·(n-1) slots, as in ITC2021 and the TTP. Other seasons have byes (empty cells): odd team
// counts, time-relaxed calendars with more slots than a team needs, and partial round robins.
func (p *Problem) Compact() bool {
	n := len(p.Teams)
	return !p.Format.Partial() && n%2 == 0 && len(p.Slots) == p.Format.Rounds*(n-1)
}

// At returns the position of a top-level section, or just the file when it is not known.
func (p *Problem) At(section string) Position {
	if pos, ok := p.Where[section]; ok {
		return pos
	}
	return Position{File: p.Source, Path: section}
}

// TeamIndex returns the dense index of the team with the given id, or -1.
func (p *Problem) TeamIndex(id string) int {
	for i, t := range p.Teams {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// GroupIndex returns the index of the named group, or -1.
func (p *Problem) GroupIndex(name string) int {
	for i, g := range p.Groups {
		if g.Name == name {
			return i
		}
	}
	return -1
}

// SlotLabel returns a short human label for slot s: its id, plus its date when it has one.
func (p *Problem) SlotLabel(s int) string {
	if s < 0 || s >= len(p.Slots) {
		return fmt.Sprintf("slot %d", s)
	}
	sl := p.Slots[s]
	if sl.HasDate() {
		return fmt.Sprintf("slot %s (%s)", sl.ID, sl.Date.Format("Mon 2006-01-02"))
	}
	return "slot " + sl.ID
}

// Constraint is one entry of the problem's constraint list, in the user's terms. The constraints package
// defines the concrete types (the named catalogue and the raw kernel types) and compiles them.
type Constraint interface {
	// Type is the name written in the problem file, such as "max-streak" or "CA1".
	Type() string
	// Base holds the fields every constraint shares.
	Base() *ConstraintBase
}

// ConstraintBase holds the fields every constraint has: an optional name, and either hard or a weight.
type ConstraintBase struct {
	Name   string `yaml:"name,omitempty"`
	Hard   bool   `yaml:"hard,omitempty"`
	Weight int64  `yaml:"weight,omitempty"`
	// Where is the constraint's place in its file, for messages; filled by the loader.
	Where Position `yaml:"-"`
}

// Base returns b itself, so that embedding ConstraintBase satisfies half of Constraint.
func (b *ConstraintBase) Base() *ConstraintBase { return b }

// Schedule is a set of games, with what is known about it.
type Schedule struct {
	Games []Game
	// Fingerprint identifies the compiled problem the schedule was made for, when known.
	Fingerprint string
	// Score is the score recorded with the schedule, when known.
	Score *Score
}
