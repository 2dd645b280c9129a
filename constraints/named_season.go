package constraints

import (
	"fmt"
	"strings"

	"github.com/flextime/flextime"
)

// The catalogue entries of real conference seasons: venues, calendars, balance, television and travel.

// SharedVenue keeps teams that share an arena from hosting in the same slot.
type SharedVenue struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	// Venue picks the teams whose venue has this name, instead of (or as well as) Teams.
	Venue string `yaml:"venue"`
}

var _ entry = (*SharedVenue)(nil)

// Type implements flextime.Constraint.
func (*SharedVenue) Type() string { return "shared-venue" }

func (e *SharedVenue) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	teams, err := c.venueTeams(b, e.Teams, e.Venue)
	if err != nil {
		return nil, err
	}
	if len(teams) < 2 {
		return nil, flextime.Errorf(c.pos(b, "teams", nil), "a shared venue needs at least two teams, found %d", len(teams)).
			WithHint("list the teams that share the arena")
	}
	k := NewCA4(len(c.p.Teams), teams, c.all(len(c.p.Teams)), c.all(len(c.p.Slots)), Home, true, Bound{Max: 1})
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		parts := make([]string, len(d.Games))
		for i, g := range d.Games {
			parts[i] = c.teamLabel(g.Home) + " hosts " + c.teamLabel(g.Away)
		}
		return fmt.Sprintf("%s in %s, but they share a venue", strings.Join(parts, " and "), c.slotLabel(d.Slots[0]))
	}}}, nil
}

// venueTeams resolves a team list and, when venue is set, adds the teams whose venue is so named.
func (c *compiler) venueTeams(b *flextime.ConstraintBase, refs flextime.RefList, venue string) ([]int, error) {
	var teams []int
	if len(refs) > 0 || venue == "" {
		t, err := c.teamSet(b, "teams", refs, false)
		if err != nil {
			return nil, err
		}
		teams = t
	}
	if venue != "" {
		in := make([]bool, len(c.p.Teams))
		for _, t := range teams {
			in[t] = true
		}
		var known []string
		found := false
		for i, t := range c.p.Teams {
			if t.Venue != "" {
				known = append(known, t.Venue)
			}
			if strings.EqualFold(t.Venue, venue) {
				in[i], found = true, true
			}
		}
		if !found {
			err := flextime.Errorf(c.pos(b, "venue", nil), "no team plays at venue %q", venue)
			if s := flextime.Suggest(venue, known); s != "" {
				err = err.WithHint("did you mean %q?", s)
			}
			return nil, err
		}
		teams = teams[:0]
		for t, ok := range in {
			if ok {
				teams = append(teams, t)
			}
		}
	}
	return teams, nil
}

// VenueClosed keeps the teams of a venue from hosting on given slots, dates or weekdays: an arena booked
// for a concert, a tournament or another sport.
type VenueClosed struct {
	flextime.ConstraintBase `yaml:",inline"`
	Venue                   string           `yaml:"venue"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	Dates                   flextime.RefList `yaml:"dates"`
	Weekdays                flextime.RefList `yaml:"weekdays"`
}

var _ entry = (*VenueClosed)(nil)

// Type implements flextime.Constraint.
func (*VenueClosed) Type() string { return "venue-closed" }

func (e *VenueClosed) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	if !b.Hard && b.Weight == 0 {
		b.Hard = true
	}
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if e.Venue == "" && len(e.Teams) == 0 {
		return nil, flextime.Errorf(c.pos(b, "venue", nil), "venue-closed needs a venue or teams")
	}
	teams, err := c.venueTeams(b, e.Teams, e.Venue)
	if err != nil {
		return nil, err
	}
	if len(e.Slots)+len(e.Dates)+len(e.Weekdays) == 0 {
		return nil, flextime.Errorf(c.pos(b, "dates", nil), "venue-closed needs slots, dates or weekdays")
	}
	sel, err := c.selectDays(b, e.Slots, e.Dates, e.Weekdays, 0, false)
	if err != nil {
		return nil, err
	}
	where := e.Venue
	return c.dayPrims(sel, teams, Home, Bound{Max: 0}, hard, w, func(d Detail) string {
		team := d.Teams[0]
		v := where
		if v == "" {
			v = c.p.Teams[team].Venue
		}
		if v == "" {
			v = c.teamLabel(team) + "'s venue"
		}
		parts := make([]string, len(d.Games))
		for i, g := range d.Games {
			parts[i] = c.gameFor(g, team)
		}
		return fmt.Sprintf("%s %s, but %s is closed then", c.teamLabel(team), strings.Join(parts, "; "), v)
	}), nil
}

// HomeSplitEntry asks for balance at the start and end of a season: at least Min home and Min road games
// among each team's first Games and last Games games.
type HomeSplitEntry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Games                   int              `yaml:"games"`
	Min                     int              `yaml:"min"`
	// At is start, end or both (the default).
	At string `yaml:"at"`
}

var _ entry = (*HomeSplitEntry)(nil)

// Type implements flextime.Constraint.
func (*HomeSplitEntry) Type() string { return "home-split" }

func (e *HomeSplitEntry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Games < 1, "games", "games must be at least 1, found %d", e.Games)
	f.check(e.Min < 1, "min", "min must be at least 1, found %d", e.Min)
	f.check(2*e.Min > e.Games, "min", "%d home and %d road games do not fit in %d games", e.Min, e.Min, e.Games)
	at := strings.ToLower(e.At)
	f.check(at != "" && at != "start" && at != "end" && at != "both", "at", "unknown value %q (use start, end or both)", e.At)
	if f.err != nil {
		return nil, f.err
	}
	var out []Prim
	for _, last := range []bool{false, true} {
		if (last && at == "start") || (!last && at == "end") {
			continue
		}
		which := "first"
		if last {
			which = "last"
		}
		k := &HomeSplit{Teams: teams, Games: e.Games, Min: e.Min, Last: last}
		out = append(out, Prim{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
			if len(d.Slots) == 0 {
				return fmt.Sprintf("%s plays no games, so none of its %s %d are home or road games, at least %d of each required",
					c.teamLabel(d.Teams[0]), which, e.Games, e.Min)
			}
			away := int64(len(d.Games)) - d.Count
			return fmt.Sprintf("%s plays %d home and %d road games in its %s %d (%s to %s), at least %d of each required",
				c.teamLabel(d.Teams[0]), d.Count, away, which, len(d.Games), c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[len(d.Slots)-1]), e.Min)
		}})
	}
	return out, nil
}

// WeekendHomeGames asks for at least Min home games per team on weekend days (Saturday and Sunday unless
// Weekdays says otherwise).
type WeekendHomeGames struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Min                     int              `yaml:"min"`
	Weekdays                flextime.RefList `yaml:"weekdays"`
}

var _ entry = (*WeekendHomeGames)(nil)

// Type implements flextime.Constraint.
func (*WeekendHomeGames) Type() string { return "weekend-home-games" }

func (e *WeekendHomeGames) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	f := c.fields(b)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Min < 1, "min", "min must be at least 1, found %d", e.Min)
	f.check(!c.anyDated(), "type", "weekend home games need dated slots")
	if f.err != nil {
		return nil, f.err
	}
	days := e.Weekdays
	if len(days) == 0 {
		days = flextime.Refs("Sat", "Sun")
	}
	sel, err := c.selectDays(b, nil, nil, days, 0, false)
	if err != nil {
		return nil, err
	}
	if sel.empty() {
		return nil, flextime.Errorf(c.pos(b, "weekdays", nil), "no slot falls on %s", strings.Join(days.Names(), " or ")).
			WithHint("name the weekdays the season plays on")
	}
	names := strings.Join(days.Names(), "/")
	return c.dayPrims(sel, teams, Home, Bound{Min: e.Min, Max: Unbounded}, hard, w, func(d Detail) string {
		return fmt.Sprintf("%s has %d home games on %s, at least %d required", c.teamLabel(d.Teams[0]), d.Count, names, e.Min)
	}), nil
}

// TVWindow marks slots (or dates, or weekdays) as television windows: each holds between MinGames and
// MaxGames games, and each team appears in between TeamMin and TeamMax of them over the season.
type TVWindow struct {
	flextime.ConstraintBase `yaml:",inline"`
	Slots                   flextime.RefList `yaml:"slots"`
	Dates                   flextime.RefList `yaml:"dates"`
	Weekdays                flextime.RefList `yaml:"weekdays"`
	MinGames                *int             `yaml:"min-games"`
	MaxGames                *int             `yaml:"max-games"`
	Teams                   flextime.RefList `yaml:"teams"`
	TeamMin                 *int             `yaml:"team-min"`
	TeamMax                 *int             `yaml:"team-max"`
}

var _ entry = (*TVWindow)(nil)

// Type implements flextime.Constraint.
func (*TVWindow) Type() string { return "tv-window" }

func (e *TVWindow) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if len(e.Slots)+len(e.Dates)+len(e.Weekdays) == 0 {
		return nil, flextime.Errorf(c.pos(b, "slots", nil), "a TV window needs slots, dates or weekdays")
	}
	if e.MinGames == nil && e.MaxGames == nil && e.TeamMin == nil && e.TeamMax == nil {
		return nil, flextime.Errorf(c.pos(b, "max-games", nil), "a TV window needs min-games, max-games, team-min or team-max")
	}
	if len(e.Teams) > 0 && e.TeamMin == nil && e.TeamMax == nil {
		return nil, flextime.Errorf(c.pos(b, "teams", nil), "teams applies to team-min and team-max, and neither is given").
			WithHint("add team-max: N (or team-min), or remove teams: min-games and max-games count every game of the slot")
	}
	// A window is a set of slots: dates and weekdays pick the slots dated so.
	sel, err := c.selectDays(b, e.Slots, e.Dates, e.Weekdays, 0, true)
	if err != nil {
		return nil, err
	}
	if len(sel.slots) == 0 {
		return nil, flextime.Errorf(c.pos(b, "slots", nil), "the TV window picks no slot").WithHint("check the dates and weekdays against the slots")
	}
	var out []Prim
	if e.MinGames != nil || e.MaxGames != nil {
		bd, err := c.boundAt(b, "min-games", "max-games", e.MinGames, e.MaxGames)
		if err != nil {
			return nil, err
		}
		all := c.all(len(c.p.Teams))
		k := NewCA4(len(c.p.Teams), all, all, sel.slots, Any, true, bd)
		out = append(out, Prim{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
			return fmt.Sprintf("%s holds %d %s, %s", c.slotLabel(d.Slots[0]), d.Count, plural(int(d.Count), "game"), boundText(bd))
		}})
	}
	if e.TeamMin != nil || e.TeamMax != nil {
		bd, err := c.boundAt(b, "team-min", "team-max", e.TeamMin, e.TeamMax)
		if err != nil {
			return nil, err
		}
		teams, err := c.teamSet(b, "teams", e.Teams, true)
		if err != nil {
			return nil, err
		}
		k := NewCA1(len(c.p.Slots), teams, sel.slots, Any, bd)
		out = append(out, Prim{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
			return fmt.Sprintf("%s plays %d games in the TV window (%s), %s", c.teamLabel(d.Teams[0]), d.Count,
				c.slotList(d.Slots), boundText(bd))
		}})
	}
	return out, nil
}

// boundAt is bound with the fields named for messages.
func (c *compiler) boundAt(b *flextime.ConstraintBase, loName, hiName string, lo, hi *int) (Bound, error) {
	bd := Bound{Min: 0, Max: Unbounded}
	if lo != nil {
		bd.Min = *lo
	}
	if hi != nil {
		bd.Max = *hi
	}
	switch {
	case bd.Min < 0:
		return bd, flextime.Errorf(c.pos(b, loName, nil), "%s must not be negative, found %d", loName, bd.Min)
	case bd.Max < 0:
		return bd, flextime.Errorf(c.pos(b, hiName, nil), "%s must not be negative, found %d", hiName, bd.Max)
	case bd.Min > bd.Max:
		return bd, flextime.Errorf(c.pos(b, loName, nil), "%s %d is above %s %d", loName, bd.Min, hiName, bd.Max)
	}
	return bd, nil
}

// TravelPartnersEntry pairs schools that make their road trips together.
type TravelPartnersEntry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Pairs                   []flextime.RefList `yaml:"pairs"`
}

var _ entry = (*TravelPartnersEntry)(nil)

// Type implements flextime.Constraint.
func (*TravelPartnersEntry) Type() string { return "travel-partners" }

func (e *TravelPartnersEntry) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if len(e.Pairs) == 0 {
		return nil, flextime.Errorf(c.pos(b, "pairs", nil), "no pairs given").WithHint("write pairs: [[ARIZ, ASU], [BYU, UTAH]]")
	}
	used := map[int]string{}
	var pairs [][2]int
	for i, p := range e.Pairs {
		field := fmt.Sprintf("pairs[%d]", i)
		if len(p) != 2 {
			return nil, flextime.Errorf(c.pos(b, field, nil), "a pair has two teams, found %d", len(p))
		}
		var pair [2]int
		for j, r := range p {
			t, err := c.team(b, fmt.Sprintf("%s[%d]", field, j), r)
			if err != nil {
				return nil, err
			}
			if prev, dup := used[t]; dup {
				return nil, flextime.Errorf(c.pos(b, field, &p[j]), "%s is already in %s", r.Name, prev).
					WithHint("a school has one travel partner")
			}
			used[t] = field
			pair[j] = t
		}
		if pair[0] == pair[1] {
			return nil, flextime.Errorf(c.pos(b, field, &p[1]), "a team cannot be its own travel partner")
		}
		pairs = append(pairs, pair)
	}
	k := NewTravelPartners(len(c.p.Teams), pairs)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		g := d.Games[0]
		want := "not on the road"
		if d.Count >= 0 {
			want = "not at " + c.teamLabel(int(d.Count))
		}
		return fmt.Sprintf("%s plays at %s in %s, but its partner %s is %s", c.teamLabel(g.Away), c.teamLabel(g.Home),
			c.slotLabel(g.Slot), c.teamLabel(d.Teams[1]), want)
	}}}, nil
}

// ByePlacement bounds the byes (slots without a game) each team has in a slot set: no bye in the first
// week, one bye in the middle of the season, at most one bye in the last three weeks.
type ByePlacement struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slots                   flextime.RefList `yaml:"slots"`
	Min                     *int             `yaml:"min"`
	Max                     *int             `yaml:"max"`
}

var _ entry = (*ByePlacement)(nil)

// Type implements flextime.Constraint.
func (*ByePlacement) Type() string { return "bye-placement" }

func (e *ByePlacement) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	slots := f.slots("slots", e.Slots)
	bd := f.bound(e.Min, e.Max)
	f.check(c.p.Compact(), "type", "this season has no byes: every team plays in every slot")
	if f.err != nil {
		return nil, f.err
	}
	k := NewCA1(len(c.p.Slots), teams, slots, Bye, bd)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		where := "in " + c.slotList(d.Slots)
		if len(d.Slots) == 0 {
			where = "in the given slots"
		}
		return fmt.Sprintf("%s has %d byes %s, %s", c.teamLabel(d.Teams[0]), d.Count, where, boundText(bd))
	}}}, nil
}

// Preferred is a soft fixed game: Home would like to host Away in Slot (or Teams would like to meet
// there, whichever hosts).
type Preferred struct {
	flextime.ConstraintBase `yaml:",inline"`
	Home                    flextime.Ref     `yaml:"home"`
	Away                    flextime.Ref     `yaml:"away"`
	Teams                   flextime.RefList `yaml:"teams"`
	Slot                    flextime.Ref     `yaml:"slot"`
}

var _ entry = (*Preferred)(nil)

// Type implements flextime.Constraint.
func (*Preferred) Type() string { return "preferred" }

func (e *Preferred) compile(c *compiler) ([]Prim, error) {
	if e.Hard {
		return nil, flextime.Errorf(c.pos(&e.ConstraintBase, "hard", nil), "a preferred game is a wish, not a rule").
			WithHint("use type: fixed for a game that must be played then")
	}
	f := &Fixed{ConstraintBase: e.ConstraintBase, Home: e.Home, Away: e.Away, Teams: e.Teams, Slot: e.Slot}
	if f.Weight == 0 {
		f.Weight = 1
	}
	prims, err := f.compile(c)
	for i := range prims {
		prims[i].Type = "preferred"
	}
	return prims, err
}

// MaxRoadTrip limits road trips: runs of consecutive away games, by number of games and by distance
// (home to each venue in turn and back).
type MaxRoadTrip struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Games                   int              `yaml:"games"`
	Distance                int64            `yaml:"distance"`
}

var _ entry = (*MaxRoadTrip)(nil)

// Type implements flextime.Constraint.
func (*MaxRoadTrip) Type() string { return "max-road-trip" }

func (e *MaxRoadTrip) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Games < 0 || e.Distance < 0, "games", "limits must not be negative")
	f.check(e.Games == 0 && e.Distance == 0, "games", "neither games nor distance is set (set games: 2 or distance: 2500)")
	f.check(e.Distance > 0 && c.p.Distance == nil, "distance", "a distance limit needs distances (a matrix, or locations for every team)")
	if f.err != nil {
		return nil, f.err
	}
	k := &RoadTrip{Teams: teams, MaxGames: e.Games, MaxDistance: e.Distance, N: len(c.p.Teams)}
	if e.Distance > 0 {
		k.Dist = c.distances()
	}
	unit := c.unit()
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		stops := make([]string, len(d.Games))
		for i, g := range d.Games {
			stops[i] = c.teamLabel(g.Home)
		}
		var limits []string
		if e.Games > 0 {
			limits = append(limits, fmt.Sprintf("at most %d games", e.Games))
		}
		if e.Distance > 0 {
			limits = append(limits, fmt.Sprintf("at most %d%s", e.Distance, unit))
		}
		trip := fmt.Sprintf("%d games", len(d.Games))
		if e.Distance > 0 {
			trip += fmt.Sprintf(", %d%s", d.Count, unit)
		}
		return fmt.Sprintf("%s's road trip %s (%s to %s) is %s; %s allowed", c.teamLabel(d.Teams[0]), strings.Join(stops, ", "),
			c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]), trip, strings.Join(limits, " and "))
	}}}, nil
}

// distances returns the problem's distance matrix in row-major form.
func (c *compiler) distances() []int64 {
	n := len(c.p.Teams)
	dist := make([]int64, n*n)
	for i, row := range c.p.Distance {
		copy(dist[i*n:], row)
	}
	return dist
}

// unit returns " km", " mi" or "".
func (c *compiler) unit() string {
	if c.p.DistanceUnit == "" {
		return ""
	}
	return " " + c.p.DistanceUnit
}

// PreviousSeason flips venues from an earlier schedule: a pair that met at one school last season meets
// at the other this season.
type PreviousSeason struct {
	flextime.ConstraintBase `yaml:",inline"`
	Games                   []PastGame `yaml:"games"`
}

// PastGame is one game of an earlier season: who hosted whom.
type PastGame struct {
	Home flextime.Ref `yaml:"home"`
	Away flextime.Ref `yaml:"away"`
}

var _ entry = (*PreviousSeason)(nil)

// Type implements flextime.Constraint.
func (*PreviousSeason) Type() string { return "previous-season" }

func (e *PreviousSeason) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	if len(e.Games) == 0 {
		return nil, flextime.Errorf(c.pos(b, "games", nil), "no games given").
			WithHint("list last season's games as games: [{home: KU, away: KSU}, ...]")
	}
	var prev []flextime.Game
	seen := map[[2]int]int{}
	for i, g := range e.Games {
		field := fmt.Sprintf("games[%d]", i)
		h, err := c.team(b, field+".home", g.Home)
		if err != nil {
			return nil, err
		}
		a, err := c.team(b, field+".away", g.Away)
		if err != nil {
			return nil, err
		}
		if h == a {
			return nil, flextime.Errorf(c.pos(b, field+".away", &g.Away), "a team cannot play itself")
		}
		key := [2]int{min(h, a), max(h, a)}
		if j, dup := seen[key]; dup {
			return nil, flextime.Errorf(c.pos(b, field, &g.Home), "%s and %s are already listed (games[%d])", g.Home.Name, g.Away.Name, j).
				WithHint("list each pair once: the venue of its single meeting last season")
		}
		seen[key] = i
		prev = append(prev, flextime.Game{Home: h, Away: a})
	}
	k := NewVenueFlip(len(c.p.Teams), prev)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s hosted %s last season and hosts again in %s", c.teamLabel(d.Teams[0]), c.teamLabel(d.Teams[1]),
			c.slotList(d.Slots))
	}}}, nil
}

// RestEntry asks for rest between a team's consecutive games, in days and/or hours.
type RestEntry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Days                    int              `yaml:"days"`
	Hours                   int              `yaml:"hours"`
}

var _ entry = (*RestEntry)(nil)

// Type implements flextime.Constraint.
func (*RestEntry) Type() string { return "rest" }

func (e *RestEntry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Days < 0 || e.Hours < 0, "days", "rest must not be negative")
	f.check(e.Days == 0 && e.Hours == 0, "days", "neither days nor hours is set (days: 1 asks for a day without a game between games)")
	f.check(!c.anyDated(), "type", "rest needs dated slots")
	f.check(e.Hours > 0 && !c.cal.Timed, "hours", "rest in hours needs slots with start times")
	if f.err != nil {
		return nil, f.err
	}
	c.dayRules = true
	k := &Rest{Teams: teams, Days: e.Days, Hours: e.Hours, Cal: c.cal}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		a, b := d.Games[0], d.Games[1]
		team := d.Teams[0]
		var need []string
		if e.Days > 0 {
			need = append(need, fmt.Sprintf("%d rest %s", e.Days, plural(e.Days, "day")))
		}
		if e.Hours > 0 {
			need = append(need, fmt.Sprintf("%d hours between starts", e.Hours))
		}
		return fmt.Sprintf("%s %s, then %s%s: %s required", c.teamLabel(team), c.gameFor(a, team), c.gameFor(b, team),
			c.gapText(a, b), strings.Join(need, " and "))
	}}}, nil
}

// gapText says how far apart two games are: " (1 day without a game, 26 hours)".
func (c *compiler) gapText(a, b flextime.Game) string {
	_, end := c.cal.Days(a.Home, a.Away, a.Slot)
	start, _ := c.cal.Days(b.Home, b.Away, b.Slot)
	var parts []string
	if end != noDay && start != noDay {
		rest := int(start - end - 1)
		parts = append(parts, fmt.Sprintf("%d %s without a game", max(rest, 0), plural(rest, "day")))
	}
	if x, y := c.cal.GameStart(a.Home, a.Away, a.Slot, c.cal.Span-1), c.cal.Start(b.Home, b.Away, b.Slot); x != noTime && y != noTime {
		parts = append(parts, fmt.Sprintf("%.1f hours between starts", float64(y-x)/60))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// RematchSeparation asks for the two meetings of a pair to be at least MinDays days (or MinSlots slots)
// apart.
type RematchSeparation struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	MinDays                 int              `yaml:"min-days"`
	MinSlots                int              `yaml:"min-slots"`
}

var _ entry = (*RematchSeparation)(nil)

// Type implements flextime.Constraint.
func (*RematchSeparation) Type() string { return "rematch-separation" }

func (e *RematchSeparation) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	f := c.fields(b)
	hard, w := f.cost(0)
	f.check(e.MinDays < 0 || e.MinSlots < 0, "min-days", "separation must not be negative")
	f.check(e.MinDays == 0 && e.MinSlots == 0, "min-days", "neither min-days nor min-slots is set")
	f.check(e.MinDays > 0 && e.MinSlots > 0, "min-slots", "give either min-days or min-slots, not both")
	f.check(e.MinDays > 0 && !c.anyDated(), "min-days", "a separation in days needs dated slots (or use min-slots)")
	if f.err != nil {
		return nil, f.err
	}
	if e.MinSlots > 0 {
		return separation(c, b, e.Teams, e.MinSlots, hard, w)
	}
	teams, err := c.teamSet(b, "teams", e.Teams, true)
	if err != nil {
		return nil, err
	}
	c.dayRules = true
	k := NewDaySeparation(c.cal, len(c.p.Teams), teams, e.MinDays)
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		return fmt.Sprintf("%s and %s meet in %s and %s, %d %s apart, at least %d required", c.teamLabel(d.Teams[0]),
			c.teamLabel(d.Teams[1]), c.slotLabel(d.Slots[0]), c.slotLabel(d.Slots[1]), d.Count, plural(int(d.Count), "day"), e.MinDays)
	}}}, nil
}

// NoTravel names days a team does not travel on: a road game the day after one of them would need travel
// that day (BYU does not travel on Sunday, so it plays no road game on Monday).
type NoTravel struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Dates                   flextime.RefList `yaml:"dates"`
	Weekdays                flextime.RefList `yaml:"weekdays"`
}

var _ entry = (*NoTravel)(nil)

// Type implements flextime.Constraint.
func (*NoTravel) Type() string { return "no-travel" }

func (e *NoTravel) compile(c *compiler) ([]Prim, error) {
	b := &e.ConstraintBase
	hard, w, err := c.cost(b, 0)
	if err != nil {
		return nil, err
	}
	teams, err := c.teamSet(b, "teams", e.Teams, false)
	if err != nil {
		return nil, err
	}
	if len(e.Dates)+len(e.Weekdays) == 0 {
		return nil, flextime.Errorf(c.pos(b, "weekdays", nil), "no-travel needs dates or weekdays")
	}
	sel, err := c.selectDays(b, nil, e.Dates, e.Weekdays, 1, false)
	if err != nil {
		return nil, err
	}
	prims := c.dayPrims(sel, teams, Away, Bound{Max: 0}, hard, w, func(d Detail) string {
		team := d.Teams[0]
		parts := make([]string, len(d.Games))
		for i, g := range d.Games {
			parts[i] = c.gameFor(g, team)
		}
		return fmt.Sprintf("%s %s, which needs travel the day before, when it does not travel", c.teamLabel(team), strings.Join(parts, "; "))
	})
	for _, p := range prims {
		if k, ok := p.Kernel.(*DayCount); ok {
			k.FirstOnly = true // a team travels before the first game of a series, not between its games
		}
	}
	return prims, nil
}

// GamesInDaysEntry limits how many games a team plays in any run of consecutive days.
type GamesInDaysEntry struct {
	flextime.ConstraintBase `yaml:",inline"`
	Teams                   flextime.RefList `yaml:"teams"`
	Days                    int              `yaml:"days"`
	Max                     int              `yaml:"max"`
}

var _ entry = (*GamesInDaysEntry)(nil)

// Type implements flextime.Constraint.
func (*GamesInDaysEntry) Type() string { return "games-in-days" }

func (e *GamesInDaysEntry) compile(c *compiler) ([]Prim, error) {
	f := c.fields(&e.ConstraintBase)
	hard, w := f.cost(0)
	teams := f.teams("teams", e.Teams, true)
	f.check(e.Days < 1, "days", "days must be at least 1, found %d", e.Days)
	f.check(e.Max < 1, "max", "max must be at least 1, found %d", e.Max)
	f.check(!c.anyDated(), "type", "games-in-days needs dated slots")
	if f.err != nil {
		return nil, f.err
	}
	c.dayRules = true
	k := &GamesInDays{Teams: teams, Days: e.Days, Max: e.Max, Cal: c.cal}
	return []Prim{{Kernel: k, Hard: hard, Weight: w, describe: func(d Detail) string {
		team := d.Teams[0]
		parts := make([]string, len(d.Games))
		for i, g := range d.Games {
			parts[i] = c.gameFor(g, team)
		}
		return fmt.Sprintf("%s plays %d games in %d days (%s), at most %d allowed", c.teamLabel(team), d.Count, e.Days,
			strings.Join(parts, "; "), e.Max)
	}}}, nil
}
