package problem

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time zones must load on machines without a zoneinfo database

	"github.com/flextime/flextime"
	"gopkg.in/yaml.v3"
)

// Version is the schema version of the problem files this package reads and writes.
const Version = 1

// earthRadiusKm is the mean earth radius (IUGG) used for great-circle distances.
const earthRadiusKm = 6371.0088

// kmPerMile converts statute miles to kilometres.
const kmPerMile = 1.609344

// maxDistance bounds one entry of a distance matrix, so that sums over a season cannot overflow.
const maxDistance = 1_000_000_000

var topFields = []string{"flextime", "name", "format", "teams", "groups", "slots", "fixed", "distances", "constraints"}

// Load reads a flextime YAML problem file.
func Load(path string) (*flextime.Problem, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a flextime YAML problem (schema version 1) from data; name is the file name used in
// messages and recorded as Problem.Source. Every error is a *flextime.InputError.
//
// Team and slot references inside constraints are not resolved here: constraints.Compile resolves them
// and reports unknown ones at the positions Parse recorded.
func Parse(name string, data []byte) (*flextime.Problem, error) {
	d := newDecoder(name)
	root, err := d.parse(data, looksJSON(name, data), "problem")
	if err != nil {
		return nil, err
	}
	return d.problem(root)
}

func (d *decoder) problem(root *yaml.Node) (*flextime.Problem, error) {
	// The version comes first: a file written for a newer schema would otherwise fail on its new fields.
	if err := d.version(root); err != nil {
		return nil, err
	}
	f, err := d.mapping(root, "", "a mapping of fields", topFields)
	if err != nil {
		return nil, err
	}
	p := &flextime.Problem{Source: d.file, Where: map[string]flextime.Position{}}
	for _, section := range []string{"teams", "slots", "format", "distances"} {
		if e, ok := f.byKey[section]; ok {
			p.Where[section] = flextime.Position{File: d.file, Line: e.key.Line, Col: e.key.Column, Path: section}
		}
	}
	p.Name = strings.TrimSuffix(filepath.Base(d.file), filepath.Ext(d.file))
	if e, ok := f.get("name"); ok {
		if p.Name, err = d.scalar(e.val, "name", "a name"); err != nil {
			return nil, err
		}
	}
	if p.Format, err = d.format(f); err != nil {
		return nil, err
	}
	if p.Teams, err = d.teams(f); err != nil {
		return nil, err
	}
	if p.Groups, err = d.groups(f, p.Teams); err != nil {
		return nil, err
	}
	if p.Slots, err = d.slots(f); err != nil {
		return nil, err
	}
	if p.Fixed, err = d.fixed(f, p); err != nil {
		return nil, err
	}
	if p.Distance, p.DistanceUnit, err = d.distances(f, p.Teams); err != nil {
		return nil, err
	}
	if p.Constraints, err = d.constraints(f); err != nil {
		return nil, err
	}
	return p, nil
}

// version checks the schema version field.
func (d *decoder) version(root *yaml.Node) error {
	var key, val *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := d.resolve(root.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == "flextime" {
			key, val = k, root.Content[i+1]
			break
		}
	}
	if key == nil {
		return d.errAt(root, "flextime", "missing the schema version").
			WithHint("start the file with the line flextime: %d", Version)
	}
	v, err := d.integer(val, "flextime")
	if err != nil || v != Version {
		n := d.resolve(val)
		return d.errAt(n, "flextime", "unsupported schema version %s", describe(n)).
			WithHint("this flextime reads version %d files; write flextime: %d", Version, Version)
	}
	return nil
}

var formatKinds = []string{"round-robin", "games-per-team"}

func (d *decoder) format(top *fields) (flextime.Format, error) {
	out := flextime.Format{Rounds: 2}
	e, ok := top.get("format")
	if !ok {
		return out, nil
	}
	f, err := d.mapping(e.val, "format", "a mapping like {kind: round-robin, rounds: 2}",
		[]string{"kind", "rounds", "phased", "mirrored", "games", "series"})
	if err != nil {
		return out, err
	}
	kind := "round-robin"
	var kindNode *yaml.Node
	if e, ok := f.get("kind"); ok {
		kindNode = d.resolve(e.val)
		if kind, err = d.scalar(e.val, "format.kind", "a format kind"); err != nil {
			return out, err
		}
		if !slices.Contains(formatKinds, kind) {
			return out, didYouMean(d.errAt(kindNode, "format.kind", "unknown format %q", kind), kind, formatKinds,
				"use round-robin (every pair meets once or twice) or games-per-team (a partial round robin)")
		}
	}
	g, hasGames := f.get("games")
	switch {
	case kind == "games-per-team" && !hasGames:
		return out, d.errAt(kindNode, "format.games", "a games-per-team format needs the number of games").
			WithHint("add games: N, the conference games each team plays")
	case kind != "games-per-team" && hasGames:
		return out, d.errAt(g.key, "format.games", "games applies to kind: games-per-team").
			WithHint("write kind: games-per-team, or use rounds for a round robin")
	case hasGames:
		v, err := d.integer(g.val, "format.games")
		if err != nil {
			return out, err
		}
		if v < 1 || v > flextime.MaxSlots {
			return out, d.errAt(d.resolve(g.val), "format.games", "games must be between 1 and %d, found %d", flextime.MaxSlots, v)
		}
		out.GamesPerTeam = int(v)
		if _, ok := f.get("rounds"); ok {
			e, _ := f.get("rounds")
			return out, d.errAt(e.key, "format.rounds", "rounds applies to kind: round-robin").
				WithHint("a games-per-team format sets games instead")
		}
	}
	if e, ok := f.get("series"); ok {
		v, err := d.integer(e.val, "format.series")
		if err != nil {
			return out, err
		}
		if v < 1 || v > 7 {
			return out, d.errAt(d.resolve(e.val), "format.series", "a series is 1 to 7 games, found %d", v).
				WithHint("series: 3 makes every meeting a three-game series on consecutive days")
		}
		out.Series = int(v)
	}
	if e, ok := f.get("rounds"); ok {
		r, err := d.integer(e.val, "format.rounds")
		if err != nil {
			return out, err
		}
		if r != 1 && r != 2 {
			return out, d.errAt(d.resolve(e.val), "format.rounds", "rounds must be 1 or 2, found %d", r).
				WithHint("1 is a single round robin, 2 a double round robin")
		}
		out.Rounds = int(r)
	}
	for _, field := range []struct {
		name string
		dst  *bool
	}{{"phased", &out.Phased}, {"mirrored", &out.Mirrored}} {
		if e, ok := f.get(field.name); ok {
			if *field.dst, err = d.boolean(e.val, "format."+field.name); err != nil {
				return out, err
			}
		}
	}
	if out.Rounds == 1 && (out.Phased || out.Mirrored) {
		field := "phased"
		if out.Mirrored {
			field = "mirrored"
		}
		e, _ := f.get(field)
		return out, d.errAt(d.resolve(e.val), "format."+field, "a %s format needs 2 rounds", field).
			WithHint("set rounds: 2, or remove %s", field)
	}
	if out.Mirrored {
		out.Phased = true
	}
	return out, nil
}

var teamFields = []string{"id", "name", "venue", "location", "timezone", "series-offset"}

func (d *decoder) teams(top *fields) ([]flextime.Team, error) {
	e, ok := top.get("teams")
	if !ok {
		return nil, d.errAt(top.node, "teams", "no teams given").WithHint("list the teams: teams: [{id: A}, {id: B}, ...]")
	}
	items, err := d.sequence(e.val, "teams", "a list of teams")
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, d.errAt(d.resolve(e.val), "teams", "the list of teams is empty").WithHint("list the teams: teams: [{id: A}, {id: B}, ...]")
	}
	if len(items) > flextime.MaxTeams {
		return nil, d.errAt(d.resolve(e.val), "teams", "%d teams is more than the %d flextime supports", len(items), flextime.MaxTeams)
	}
	out := make([]flextime.Team, 0, len(items))
	seen := map[string]*yaml.Node{}
	for i, item := range items {
		path := index("teams", i)
		t, idNode, err := d.team(item, path)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[t.ID]; dup {
			return nil, d.errAt(idNode, path+".id", "duplicate team id %q (first on line %d)", t.ID, prev.Line).
				WithHint("every team needs its own id")
		}
		seen[t.ID] = idNode
		out = append(out, t)
	}
	return out, nil
}

// team decodes one team: a mapping, or a bare id.
func (d *decoder) team(item *yaml.Node, path string) (flextime.Team, *yaml.Node, error) {
	var t flextime.Team
	item = d.resolve(item)
	if item != nil && item.Kind == yaml.ScalarNode && !isNull(item) {
		id, err := d.teamID(item, path)
		return flextime.Team{ID: id, Name: id}, item, err
	}
	f, err := d.mapping(item, path, "a team like {id: KU, name: Kansas}", teamFields)
	if err != nil {
		return t, nil, err
	}
	e, ok := f.get("id")
	if !ok {
		return t, nil, d.errAt(item, path+".id", "team has no id").WithHint("add id: SHORTNAME")
	}
	idNode := d.resolve(e.val)
	if t.ID, err = d.teamID(e.val, path+".id"); err != nil {
		return t, nil, err
	}
	t.Name = t.ID
	if e, ok := f.get("name"); ok {
		if t.Name, err = d.scalar(e.val, path+".name", "a name"); err != nil {
			return t, nil, err
		}
	}
	if e, ok := f.get("venue"); ok {
		if t.Venue, err = d.scalar(e.val, path+".venue", "a venue name"); err != nil {
			return t, nil, err
		}
	}
	if e, ok := f.get("location"); ok {
		if t.Location, err = d.location(e.val, path+".location"); err != nil {
			return t, nil, err
		}
	}
	if e, ok := f.get("timezone"); ok {
		tz, err := d.scalar(e.val, path+".timezone", "an IANA time zone name like America/Chicago")
		if err != nil {
			return t, nil, err
		}
		zone, err := loadZone(tz)
		if err != nil {
			e := d.errAt(d.resolve(e.val), path+".timezone", "unknown time zone %q", tz)
			return t, nil, didYouMean(e, tz, zoneNames, "use an IANA time zone name such as America/Chicago or Europe/London")
		}
		t.TimeZone, t.Zone = tz, zone
	}
	if e, ok := f.get("series-offset"); ok {
		v, err := d.integer(e.val, path+".series-offset")
		if err != nil {
			return t, nil, err
		}
		if v < -6 || v > 6 {
			return t, nil, d.errAt(d.resolve(e.val), path+".series-offset", "series-offset %d is more than six days", v).
				WithHint("series-offset: -1 moves a Friday-to-Sunday series to Thursday-to-Saturday")
		}
		t.SeriesOffset = int(v)
	}
	return t, idNode, nil
}

func (d *decoder) teamID(n *yaml.Node, path string) (string, error) {
	id, err := d.id(n, path, "a team id")
	if err != nil {
		return "", err
	}
	if id == "all" {
		return "", d.errAt(d.resolve(n), path, "%q is reserved: it means every team", id).WithHint("choose another id")
	}
	return id, nil
}

// loadZone loads an IANA zone. "Local" is refused: a problem must mean the same on every machine.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return time.LoadLocation(name)
}

func (d *decoder) location(n *yaml.Node, path string) (*flextime.Location, error) {
	f, err := d.mapping(n, path, "a location like {lat: 38.954, lon: -95.252}", []string{"lat", "lon"})
	if err != nil {
		return nil, err
	}
	var loc flextime.Location
	for _, c := range []struct {
		name  string
		dst   *float64
		limit float64
	}{{"lat", &loc.Lat, 90}, {"lon", &loc.Lon, 180}} {
		e, ok := f.get(c.name)
		if !ok {
			return nil, d.errAt(f.node, join(path, c.name), "location has no %s", c.name).
				WithHint("give both lat and lon in decimal degrees")
		}
		v, err := d.number(e.val, join(path, c.name))
		if err != nil {
			return nil, err
		}
		if v < -c.limit || v > c.limit {
			return nil, d.errAt(d.resolve(e.val), join(path, c.name), "%s %v is outside [-%v, %v]", c.name, v, c.limit, c.limit).
				WithHint("write decimal degrees; west and south are negative")
		}
		*c.dst = v
	}
	return &loc, nil
}

func (d *decoder) groups(top *fields, teams []flextime.Team) ([]flextime.Group, error) {
	e, ok := top.get("groups")
	if !ok {
		return nil, nil
	}
	f, err := d.groupMapping(e.val)
	if err != nil {
		return nil, err
	}
	ids := map[string]int{}
	known := make([]string, len(teams))
	for i, t := range teams {
		ids[t.ID] = i
		known[i] = t.ID
	}
	var out []flextime.Group
	for _, g := range f.order {
		path := join("groups", g.name)
		if _, clash := ids[g.name]; clash || g.name == "all" || strings.TrimSpace(g.name) == "" {
			return nil, d.errAt(g.key, path, "group name %q is already a team id or reserved", g.name).
				WithHint("choose a name that is not a team id and not all")
		}
		val := d.resolve(g.val)
		items := []*yaml.Node{val}
		if val != nil && val.Kind == yaml.SequenceNode {
			items = val.Content
		}
		if len(items) == 0 || isNull(val) {
			return nil, d.errAt(val, path, "group %q has no teams", g.name)
		}
		grp := flextime.Group{Name: g.name}
		member := map[int]bool{}
		for i, item := range items {
			ipath := path
			if val.Kind == yaml.SequenceNode {
				ipath = index(path, i)
			}
			id, err := d.id(item, ipath, "a team id")
			if err != nil {
				return nil, err
			}
			t, ok := ids[id]
			if !ok {
				return nil, didYouMean(d.errAt(d.resolve(item), ipath, "unknown team %q", id), id, known,
					"a group lists team ids from teams")
			}
			if !member[t] {
				member[t] = true
				grp.Teams = append(grp.Teams, t)
			}
		}
		out = append(out, grp)
	}
	sortGroups(out)
	return out, nil
}

// groupMapping decodes the groups mapping, where any key is a group name.
func (d *decoder) groupMapping(n *yaml.Node) (*fields, error) {
	if r := d.resolve(n); r == nil || r.Kind != yaml.MappingNode {
		return nil, d.errAt(r, "groups", "expected a mapping from group names to lists of team ids, found %s", describe(r)).
			WithHint("write groups: {mountain: [BYU, UTAH]}")
	}
	return d.entries(n, "groups", "a mapping")
}

func sortGroups(gs []flextime.Group) {
	for i := 1; i < len(gs); i++ {
		for j := i; j > 0 && gs[j].Name < gs[j-1].Name; j-- {
			gs[j], gs[j-1] = gs[j-1], gs[j]
		}
	}
}

func (d *decoder) slots(top *fields) ([]flextime.Slot, error) {
	e, ok := top.get("slots")
	if !ok {
		return nil, d.errAt(top.node, "slots", "no slots given").
			WithHint("write slots: {count: N}, a list of slots, or slots: {generate: {from: DATE, weekdays: [Sat], count: N}}")
	}
	n := d.resolve(e.val)
	if n != nil && n.Kind == yaml.SequenceNode {
		return d.slotList(n)
	}
	f, err := d.mapping(n, "slots", "a list of slots or a mapping with count or generate", []string{"count", "generate"})
	if err != nil {
		return nil, err
	}
	c, hasCount := f.get("count")
	g, hasGen := f.get("generate")
	switch {
	case hasCount && hasGen:
		return nil, d.errAt(c.key, "slots.count", "give either count or generate, not both").
			WithHint("a generator has its own count")
	case hasCount:
		k, err := d.slotCount(c.val, "slots.count")
		if err != nil {
			return nil, err
		}
		out := make([]flextime.Slot, k)
		for i := range out {
			out[i].ID = strconv.Itoa(i + 1)
		}
		return out, nil
	case hasGen:
		return d.generators(g.val)
	}
	return nil, d.errAt(n, "slots", "slots has neither count nor generate").
		WithHint("write slots: {count: N} or slots: {generate: {from: DATE, weekdays: [Sat], count: N}}")
}

func (d *decoder) slotCount(n *yaml.Node, path string) (int, error) {
	k, err := d.integer(n, path)
	if err != nil {
		return 0, err
	}
	switch {
	case k < 1:
		return 0, d.errAt(d.resolve(n), path, "count must be at least 1, found %d", k)
	case k > flextime.MaxSlots:
		return 0, d.errAt(d.resolve(n), path, "%d slots is more than the %d flextime supports", k, flextime.MaxSlots)
	}
	return int(k), nil
}

// slotList decodes an explicit list of slots.
func (d *decoder) slotList(n *yaml.Node) ([]flextime.Slot, error) {
	if len(n.Content) > flextime.MaxSlots {
		return nil, d.errAt(n, "slots", "%d slots is more than the %d flextime supports", len(n.Content), flextime.MaxSlots)
	}
	if len(n.Content) == 0 {
		return nil, d.errAt(n, "slots", "the list of slots is empty")
	}
	out := make([]flextime.Slot, 0, len(n.Content))
	seen := map[string]int{}
	var last time.Time
	var lastPath string
	for i, item := range n.Content {
		path := index("slots", i)
		f, err := d.mapping(item, path, `a slot like {id: "1", date: 2027-01-03, time: "19:00"}`, []string{"id", "date", "time", "zone"})
		if err != nil {
			return nil, err
		}
		sl := flextime.Slot{ID: strconv.Itoa(i + 1)}
		idNode := f.node
		if e, ok := f.get("id"); ok {
			if sl.ID, err = d.id(e.val, path+".id", "a slot id"); err != nil {
				return nil, err
			}
			idNode = d.resolve(e.val)
			if sl.ID == "all" || strings.Contains(sl.ID, "..") {
				return nil, d.errAt(idNode, path+".id", "slot id %q is reserved", sl.ID).
					WithHint("all and ids containing .. have a meaning in slot references; choose another id")
			}
		}
		if prev, dup := seen[sl.ID]; dup {
			return nil, d.errAt(idNode, path+".id", "duplicate slot id %q (also slots[%d])", sl.ID, prev).
				WithHint("every slot needs its own id; ids default to the position, 1, 2, ...")
		}
		seen[sl.ID] = i
		if e, ok := f.get("date"); ok {
			if sl.Date, err = d.date(e.val, path+".date"); err != nil {
				return nil, err
			}
			if !last.IsZero() && !sl.Date.After(last) {
				return nil, d.errAt(d.resolve(e.val), path+".date", "date %s is not after %s (%s)",
					sl.Date.Format(time.DateOnly), last.Format(time.DateOnly), lastPath).
					WithHint("list slots in calendar order, one slot per date")
			}
			last, lastPath = sl.Date, path+".date"
		}
		if err := d.slotTime(f, path, &sl, nil); err != nil {
			return nil, err
		}
		out = append(out, sl)
	}
	return out, nil
}

// slotTime reads the time and zone fields of a slot (or, with weekday times, of a generator) into sl.
// byDay, when not nil, holds per-weekday times already read from a generator, used when the slot has none.
func (d *decoder) slotTime(f *fields, path string, sl *flextime.Slot, byDay *[7]int) error {
	if e, ok := f.get("time"); ok {
		if !sl.HasDate() {
			return d.errAt(e.key, path+".time", "a start time needs a date").WithHint("add date: YYYY-MM-DD")
		}
		m, err := d.clock(e.val, path+".time")
		if err != nil {
			return err
		}
		sl.HasTime, sl.Minute = true, m
	} else if byDay != nil && byDay[sl.Date.Weekday()] >= 0 {
		sl.HasTime, sl.Minute = true, byDay[sl.Date.Weekday()]
	}
	if e, ok := f.get("zone"); ok {
		tz, err := d.scalar(e.val, path+".zone", "an IANA time zone name like America/New_York")
		if err != nil {
			return err
		}
		zone, err := loadZone(tz)
		if err != nil {
			e := d.errAt(d.resolve(e.val), path+".zone", "unknown time zone %q", tz)
			return didYouMean(e, tz, zoneNames, "use an IANA time zone name such as America/New_York")
		}
		if !sl.HasTime {
			return d.errAt(e.key, path+".zone", "a zone needs a start time").
				WithHint("add time: \"21:00\"; without a zone the time is local to each game's venue")
		}
		sl.Zone = zone
	}
	return nil
}

var clockPattern = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)

// clock reads a time of day written HH:MM (24-hour) as minutes after midnight.
func (d *decoder) clock(n *yaml.Node, path string) (int, error) {
	s, err := d.scalar(n, path, `a time like "19:00"`)
	if err != nil {
		return 0, err
	}
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, d.errAt(d.resolve(n), path, "%q is not a time of day", s).
			WithHint(`write 24-hour time like "19:00" (quoted, so that every YAML reader takes it as text)`)
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	return h*60 + mi, nil
}

var weekdayNames = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// parseWeekday accepts a three-letter or full English weekday name (or a prefix of the full name of at
// least three letters), in any case.
func parseWeekday(s string) (time.Weekday, bool) {
	l := strings.ToLower(s)
	if len(l) < 3 {
		return 0, false
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.HasPrefix(strings.ToLower(d.String()), l) {
			return d, true
		}
	}
	return 0, false
}

// generators expands one generator, or a list of them whose slots are merged in date order (Saturday
// afternoons from one, Monday television nights in another zone from the next) and numbered 1, 2, ...
func (d *decoder) generators(n *yaml.Node) ([]flextime.Slot, error) {
	r := d.resolve(n)
	if r == nil || r.Kind != yaml.SequenceNode {
		return d.generate(n, "slots.generate")
	}
	if len(r.Content) == 0 {
		return nil, d.errAt(r, "slots.generate", "the list of generators is empty")
	}
	var all []flextime.Slot
	from := map[time.Time]string{}
	for i, item := range r.Content {
		path := index("slots.generate", i)
		slots, err := d.generate(item, path)
		if err != nil {
			return nil, err
		}
		for _, sl := range slots {
			if prev, dup := from[sl.Date]; dup {
				return nil, d.errAt(d.resolve(item), path, "%s is generated here and by %s", sl.Date.Format(time.DateOnly), prev).
					WithHint("one slot per date: keep the generators' weekdays apart")
			}
			from[sl.Date] = path
		}
		all = append(all, slots...)
		if len(all) > flextime.MaxSlots {
			return nil, d.errAt(r, "slots.generate", "the generators make more than the %d slots flextime supports", flextime.MaxSlots)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Date.Before(all[j].Date) })
	for i := range all {
		all[i].ID = strconv.Itoa(i + 1)
	}
	return all, nil
}

// generate expands a slot generator: the days from "from" on that fall on one of the weekdays, either
// count of them or all of them up to "to".
func (d *decoder) generate(n *yaml.Node, path string) ([]flextime.Slot, error) {
	f, err := d.mapping(n, path, "a generator like {from: 2027-01-02, weekdays: [Sat], count: 10}",
		[]string{"from", "weekdays", "count", "to", "skip", "time", "zone"})
	if err != nil {
		return nil, err
	}
	e, ok := f.get("from")
	if !ok {
		return nil, d.errAt(f.node, path+".from", "the generator has no start date").WithHint("add from: YYYY-MM-DD")
	}
	from, err := d.date(e.val, path+".from")
	if err != nil {
		return nil, err
	}
	e, ok = f.get("weekdays")
	if !ok {
		return nil, d.errAt(f.node, path+".weekdays", "the generator has no weekdays").WithHint("add weekdays: [Sat], or [Wed, Sat]")
	}
	wn := d.resolve(e.val)
	items := []*yaml.Node{wn}
	if wn.Kind == yaml.SequenceNode {
		items = wn.Content
	}
	if len(items) == 0 {
		return nil, d.errAt(wn, path+".weekdays", "the list of weekdays is empty").WithHint("add weekdays: [Sat], or [Wed, Sat]")
	}
	var days [7]bool
	for i, item := range items {
		ipath := path + ".weekdays"
		if wn.Kind == yaml.SequenceNode {
			ipath = index(ipath, i)
		}
		s, err := d.scalar(item, ipath, "a weekday")
		if err != nil {
			return nil, err
		}
		wd, ok := parseWeekday(s)
		if !ok {
			e := d.errAt(d.resolve(item), ipath, "%q is not a weekday", s)
			return nil, didYouMean(e, s, append(weekdayNames, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
				"write Mon, Tue, Wed, Thu, Fri, Sat or Sun")
		}
		days[wd] = true
	}
	c, hasCount := f.get("count")
	t, hasTo := f.get("to")
	var count int
	var to time.Time
	switch {
	case hasCount && hasTo:
		return nil, d.errAt(t.key, path+".to", "give either count or to, not both")
	case hasCount:
		if count, err = d.slotCount(c.val, path+".count"); err != nil {
			return nil, err
		}
	case hasTo:
		if to, err = d.date(t.val, path+".to"); err != nil {
			return nil, err
		}
		if to.Before(from) {
			return nil, d.errAt(d.resolve(t.val), path+".to", "end date %s is before the start date %s",
				to.Format(time.DateOnly), from.Format(time.DateOnly))
		}
	default:
		return nil, d.errAt(f.node, path+".count", "the generator needs count or to").
			WithHint("add count: N for N slots, or to: YYYY-MM-DD for every matching day up to that date")
	}
	skip := map[time.Time]bool{}
	if e, ok := f.get("skip"); ok {
		items, err := d.sequence(e.val, path+".skip", "a list of dates")
		if err != nil {
			return nil, err
		}
		for i, item := range items {
			day, err := d.date(item, index(path+".skip", i))
			if err != nil {
				return nil, err
			}
			skip[day] = true
		}
	}
	// time: one time for every slot, or a mapping from weekday to time.
	byDay := [7]int{-1, -1, -1, -1, -1, -1, -1}
	timeFields := f
	if e, ok := f.get("time"); ok && d.resolve(e.val) != nil && d.resolve(e.val).Kind == yaml.MappingNode {
		tf, err := d.entries(e.val, path+".time", "a mapping from weekday to time")
		if err != nil {
			return nil, err
		}
		for _, kv := range tf.order {
			wd, ok := parseWeekday(kv.name)
			if !ok {
				return nil, didYouMean(d.errAt(kv.key, path+".time."+kv.name, "%q is not a weekday", kv.name), kv.name, weekdayNames,
					"write time: {Sat: \"14:00\", Tue: \"19:00\"}")
			}
			if !days[wd] {
				return nil, d.errAt(kv.key, path+".time."+kv.name, "%s is not one of the generator's weekdays", kv.name)
			}
			if byDay[wd], err = d.clock(kv.val, path+".time."+kv.name); err != nil {
				return nil, err
			}
		}
		timeFields = &fields{node: f.node, byKey: map[string]kv{}}
		if z, ok := f.get("zone"); ok {
			timeFields.byKey["zone"] = z
		}
	}
	var out []flextime.Slot
	for day := from; ; day = day.AddDate(0, 0, 1) {
		if hasCount && len(out) == count || hasTo && day.After(to) {
			break
		}
		if !days[day.Weekday()] || skip[day] {
			continue
		}
		if len(out) == flextime.MaxSlots {
			return nil, d.errAt(d.resolve(t.val), path+".to", "the generator makes more than the %d slots flextime supports",
				flextime.MaxSlots)
		}
		sl := flextime.Slot{ID: strconv.Itoa(len(out) + 1), Date: day}
		if err := d.slotTime(timeFields, path, &sl, &byDay); err != nil {
			return nil, err
		}
		out = append(out, sl)
	}
	if len(out) == 0 {
		return nil, d.errAt(f.node, path, "no day from %s to %s falls on the given weekdays",
			from.Format(time.DateOnly), to.Format(time.DateOnly)).WithHint("move to later, or add weekdays")
	}
	return out, nil
}

// slotIndex resolves a slot written as its id or, when no slot has that id, as the date of exactly one slot.
func slotIndex(slots []flextime.Slot, ids map[string]int, s string) (int, bool) {
	if i, ok := ids[s]; ok {
		return i, true
	}
	if _, err := parseDate(s); err != nil {
		return 0, false
	}
	found := -1
	for i, sl := range slots {
		if sl.HasDate() && sl.Date.Format(time.DateOnly) == s {
			if found >= 0 {
				return 0, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// resolver maps the ids of a problem to dense indices, for fixed games and schedules.
type resolver struct {
	d        *decoder
	p        *flextime.Problem
	teams    map[string]int
	slots    map[string]int
	teamIDs  []string
	slotIDs  []string
	slotHint string
}

func newResolver(d *decoder, p *flextime.Problem) *resolver {
	r := &resolver{d: d, p: p, teams: map[string]int{}, slots: map[string]int{}}
	for i, t := range p.Teams {
		r.teams[t.ID] = i
		r.teamIDs = append(r.teamIDs, t.ID)
	}
	for i, s := range p.Slots {
		r.slots[s.ID] = i
		r.slotIDs = append(r.slotIDs, s.ID)
	}
	if len(p.Slots) > 0 {
		r.slotHint = fmt.Sprintf("slot ids run %s to %s", p.Slots[0].ID, p.Slots[len(p.Slots)-1].ID)
	}
	return r
}

func (r *resolver) team(n *yaml.Node, path string) (int, error) {
	id, err := r.d.id(n, path, "a team id")
	if err != nil {
		return 0, err
	}
	if i, ok := r.teams[id]; ok {
		return i, nil
	}
	return 0, didYouMean(r.d.errAt(r.d.resolve(n), path, "unknown team %q", id), id, r.teamIDs, "")
}

func (r *resolver) slot(n *yaml.Node, path string) (int, error) {
	id, err := r.d.id(n, path, "a slot id")
	if err != nil {
		return 0, err
	}
	if i, ok := slotIndex(r.p.Slots, r.slots, id); ok {
		return i, nil
	}
	return 0, didYouMean(r.d.errAt(r.d.resolve(n), path, "unknown slot %q", id), id, r.slotIDs, r.slotHint)
}

// game decodes {home, away, slot} (plus date when allowDate), checking that a team does not play itself
// and that a date, when given, is the slot's date.
func (r *resolver) game(n *yaml.Node, path string, allowDate bool) (flextime.Game, error) {
	allowed := []string{"home", "away", "slot"}
	if allowDate {
		// start and days are what WriteSchedule derives from the slot; they are read past, not trusted.
		allowed = append(allowed, "date", "start", "days")
	}
	var g flextime.Game
	f, err := r.d.mapping(n, path, `a game like {home: A, away: B, slot: "1"}`, allowed)
	if err != nil {
		return g, err
	}
	for _, name := range []string{"home", "away", "slot"} {
		if _, ok := f.get(name); !ok {
			return g, r.d.errAt(f.node, join(path, name), "game has no %s", name).
				WithHint(`write a game as {home: A, away: B, slot: "1"}`)
		}
	}
	h, _ := f.get("home")
	a, _ := f.get("away")
	s, _ := f.get("slot")
	if g.Home, err = r.team(h.val, path+".home"); err != nil {
		return g, err
	}
	if g.Away, err = r.team(a.val, path+".away"); err != nil {
		return g, err
	}
	if g.Home == g.Away {
		return g, r.d.errAt(r.d.resolve(a.val), path+".away", "team %q cannot play itself", r.p.Teams[g.Home].ID)
	}
	if g.Slot, err = r.slot(s.val, path+".slot"); err != nil {
		return g, err
	}
	if e, ok := f.get("date"); ok {
		date, err := r.d.date(e.val, path+".date")
		if err != nil {
			return g, err
		}
		sl := r.p.Slots[g.Slot]
		switch {
		case !sl.HasDate():
			return g, r.d.errAt(r.d.resolve(e.val), path+".date", "slot %s has no date in the problem", sl.ID).
				WithHint("remove the date, or check that this schedule belongs to this problem")
		case !sl.Date.Equal(date):
			return g, r.d.errAt(r.d.resolve(e.val), path+".date", "slot %s is on %s, not %s", sl.ID,
				sl.Date.Format(time.DateOnly), date.Format(time.DateOnly)).
				WithHint("check that this schedule belongs to this problem")
		}
	}
	return g, nil
}

func (d *decoder) fixed(top *fields, p *flextime.Problem) ([]flextime.Game, error) {
	e, ok := top.get("fixed")
	if !ok {
		return nil, nil
	}
	items, err := d.sequence(e.val, "fixed", `a list of games like [{home: A, away: B, slot: "1"}]`)
	if err != nil {
		return nil, err
	}
	if len(items) > flextime.MaxGames {
		return nil, d.errAt(d.resolve(e.val), "fixed", "%d fixed games is more than the %d flextime supports", len(items), flextime.MaxGames)
	}
	r := newResolver(d, p)
	type cell struct{ team, slot int }
	busy := map[cell]int{}
	var out []flextime.Game
	for i, item := range items {
		path := index("fixed", i)
		g, err := r.game(item, path, false)
		if err != nil {
			return nil, err
		}
		for _, t := range []int{g.Home, g.Away} {
			if prev, clash := busy[cell{t, g.Slot}]; clash {
				return nil, d.errAt(d.resolve(item), path, "%s already has a fixed game in slot %s (fixed[%d])",
					p.Teams[t].ID, p.Slots[g.Slot].ID, prev).WithHint("a team plays at most once per slot")
			}
			busy[cell{t, g.Slot}] = i
		}
		out = append(out, g)
	}
	return out, nil
}

func (d *decoder) distances(top *fields, teams []flextime.Team) ([][]int64, string, error) {
	e, ok := top.get("distances")
	if !ok {
		return nil, "", nil
	}
	f, err := d.mapping(e.val, "distances", "a mapping with matrix or from: locations", []string{"unit", "matrix", "from"})
	if err != nil {
		return nil, "", err
	}
	unit := "km"
	if e, ok := f.get("unit"); ok {
		u, err := d.scalar(e.val, "distances.unit", "a unit")
		if err != nil {
			return nil, "", err
		}
		units := []string{"km", "mi", "none"}
		if !slices.Contains(units, u) {
			return nil, "", didYouMean(d.errAt(d.resolve(e.val), "distances.unit", "unknown unit %q", u), u, units,
				"use km, mi, or none")
		}
		unit = u
	}
	m, hasMatrix := f.get("matrix")
	from, hasFrom := f.get("from")
	switch {
	case hasMatrix && hasFrom:
		return nil, "", d.errAt(from.key, "distances.from", "give either matrix or from, not both")
	case hasMatrix:
		dist, err := d.matrix(m.val, teams)
		if unit == "none" {
			unit = ""
		}
		return dist, unit, err
	case hasFrom:
		src, err := d.scalar(from.val, "distances.from", "locations")
		if err != nil {
			return nil, "", err
		}
		if src != "locations" {
			return nil, "", d.errAt(d.resolve(from.val), "distances.from", "unknown distance source %q", src).
				WithHint("write from: locations to use the great-circle distance between team locations")
		}
		if unit == "none" {
			return nil, "", d.errAt(f.node, "distances.unit", "distances from locations need a unit").WithHint("use km or mi")
		}
		for i, t := range teams {
			if t.Location == nil {
				return nil, "", d.errAt(d.resolve(from.val), "distances.from", "team %s (teams[%d]) has no location", t.ID, i).
					WithHint("add location: {lat: ..., lon: ...} to every team, or give a distance matrix")
			}
		}
		return greatCircle(teams, unit), unit, nil
	}
	return nil, "", d.errAt(f.node, "distances", "distances has neither matrix nor from").
		WithHint("write matrix: [[...], ...] in team order, or from: locations")
}

func (d *decoder) matrix(n *yaml.Node, teams []flextime.Team) ([][]int64, error) {
	const path = "distances.matrix"
	rows, err := d.sequence(n, path, "a list of rows")
	if err != nil {
		return nil, err
	}
	if len(rows) != len(teams) {
		return nil, d.errAt(d.resolve(n), path, "matrix has %d rows for %d teams", len(rows), len(teams)).
			WithHint("give one row per team, in the order of teams")
	}
	out := make([][]int64, len(rows))
	for i, row := range rows {
		rpath := index(path, i)
		cells, err := d.sequence(row, rpath, "a row of distances")
		if err != nil {
			return nil, err
		}
		if len(cells) != len(teams) {
			return nil, d.errAt(d.resolve(row), rpath, "row %d (%s) has %d entries for %d teams", i+1, teams[i].ID, len(cells), len(teams)).
				WithHint("the matrix must be square: one entry per team in every row")
		}
		out[i] = make([]int64, len(cells))
		for j, c := range cells {
			cpath := index(rpath, j)
			v, err := d.integer(c, cpath)
			if err != nil {
				return nil, err
			}
			switch {
			case v < 0 || v > maxDistance:
				return nil, d.errAt(d.resolve(c), cpath, "distance %d is outside 0..%d", v, maxDistance)
			case i == j && v != 0:
				return nil, d.errAt(d.resolve(c), cpath, "the distance from %s to itself must be 0, found %d", teams[i].ID, v)
			}
			out[i][j] = v
		}
	}
	return out, nil
}

// greatCircle returns the haversine distances between team locations, rounded to whole units.
func greatCircle(teams []flextime.Team, unit string) [][]int64 {
	out := make([][]int64, len(teams))
	for i, a := range teams {
		out[i] = make([]int64, len(teams))
		for j, b := range teams {
			if i != j {
				km := haversineKm(*a.Location, *b.Location)
				if unit == "mi" {
					km /= kmPerMile
				}
				out[i][j] = int64(math.Round(km))
			}
		}
	}
	return out
}

func haversineKm(a, b flextime.Location) float64 {
	rad := math.Pi / 180
	lat1, lat2 := a.Lat*rad, b.Lat*rad
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(1, h)))
}
