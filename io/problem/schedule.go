package problem

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"gopkg.in/yaml.v3"
)

var scheduleFields = []string{"flextime", "problem", "score", "games"}

// LoadSchedule reads a schedule file (YAML, or JSON when the name ends in .json or the content starts
// with "{") for problem p.
func LoadSchedule(path string, p *flextime.Problem) (*flextime.Schedule, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSchedule(path, data, p)
}

// ParseSchedule reads a schedule for problem p from data; name is the file name used in messages. Games
// name teams and slots by the ids of p. A game of a team against itself is an error; duplicate games are
// not (the evaluator scores them). Every error is a *flextime.InputError.
func ParseSchedule(name string, data []byte, p *flextime.Problem) (*flextime.Schedule, error) {
	d := newDecoder(name)
	if p == nil {
		return nil, flextime.Errorf(flextime.Position{File: name}, "no problem to read the schedule against")
	}
	root, err := d.parse(data, looksJSON(name, data), "schedule")
	if err != nil {
		return nil, err
	}
	f, err := d.mapping(root, "", "a mapping of fields", scheduleFields)
	if err != nil {
		return nil, err
	}
	s := &flextime.Schedule{}
	if e, ok := f.get("flextime"); ok {
		if v, err := d.integer(e.val, "flextime"); err != nil || v != Version {
			n := d.resolve(e.val)
			return nil, d.errAt(n, "flextime", "unsupported schema version %s", describe(n)).
				WithHint("this flextime reads version %d files", Version)
		}
	}
	if e, ok := f.get("problem"); ok {
		if s.Fingerprint, err = d.scalar(e.val, "problem", "a problem fingerprint"); err != nil {
			return nil, err
		}
	}
	if e, ok := f.get("score"); ok {
		sf, err := d.mapping(e.val, "score", "a score like {hard: 0, soft: 120}", []string{"hard", "soft"})
		if err != nil {
			return nil, err
		}
		s.Score = &flextime.Score{}
		for _, c := range []struct {
			name string
			dst  *int64
		}{{"hard", &s.Score.Hard}, {"soft", &s.Score.Soft}} {
			e, ok := sf.get(c.name)
			if !ok {
				return nil, d.errAt(sf.node, "score."+c.name, "score has no %s part", c.name).
					WithHint("write score: {hard: N, soft: N}, or leave the score out")
			}
			if *c.dst, err = d.integer(e.val, "score."+c.name); err != nil {
				return nil, err
			}
		}
	}
	e, ok := f.get("games")
	if !ok {
		if f.has("games") {
			return s, nil // "games:" with nothing after it: an empty schedule
		}
		return nil, d.errAt(root, "games", "no games given").WithHint("%s", emptyHint("schedule"))
	}
	items, err := d.sequence(e.val, "games", `a list of games like [{home: A, away: B, slot: "1"}]`)
	if err != nil {
		return nil, err
	}
	if len(items) > flextime.MaxGames {
		return nil, d.errAt(d.resolve(e.val), "games", "%d games is more than the %d flextime supports", len(items), flextime.MaxGames)
	}
	r := newResolver(d, p)
	s.Games = make([]flextime.Game, 0, len(items))
	for i, item := range items {
		g, err := r.game(item, index("games", i), true)
		if err != nil {
			return nil, err
		}
		s.Games = append(s.Games, g)
	}
	return s, nil
}

// WriteSchedule writes schedule s of problem p to w as "yaml" or "json": games sorted by slot, then home
// team, with team and slot ids (and the date of dated slots), the problem fingerprint and the score when
// known. ParseSchedule reads the result back.
func WriteSchedule(w io.Writer, p *flextime.Problem, s *flextime.Schedule, format string) error {
	if p == nil || s == nil {
		return fmt.Errorf("write schedule: no problem or no schedule")
	}
	games := append([]flextime.Game(nil), s.Games...)
	for i, g := range games {
		if g.Home < 0 || g.Home >= len(p.Teams) || g.Away < 0 || g.Away >= len(p.Teams) || g.Slot < 0 || g.Slot >= len(p.Slots) {
			return fmt.Errorf("write schedule: game %d (%d v %d in slot %d) is outside the problem's %d teams and %d slots",
				i, g.Home, g.Away, g.Slot, len(p.Teams), len(p.Slots))
		}
	}
	slices.SortStableFunc(games, flextime.CompareGames)
	var (
		out []byte
		err error
	)
	switch format {
	case "yaml", "yml":
		out, err = scheduleYAML(p, s, games)
	case "json":
		out = scheduleJSON(p, s, games)
	default:
		return fmt.Errorf("write schedule: unknown format %q (want yaml or json)", format)
	}
	if err != nil {
		return fmt.Errorf("write schedule: %w", err)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write schedule: %w", err)
	}
	return nil
}

// gameTimes returns, for problems whose games have start times or last several days, a function giving
// a game's derived fields: start, the venue-local start in RFC 3339, and days, the first and last
// venue-local days of a series as an ISO 8601 interval. Readers ignore them; the slot is what counts.
func gameTimes(p *flextime.Problem) func(flextime.Game) [][2]string {
	timed := false
	for _, sl := range p.Slots {
		timed = timed || sl.HasTime
	}
	if !timed && p.Format.SeriesLength() == 1 {
		return func(flextime.Game) [][2]string { return nil }
	}
	cal := constraints.NewCalendar(p)
	return func(g flextime.Game) [][2]string {
		var out [][2]string
		if at, ok := cal.LocalStart(p, g); ok {
			out = append(out, [2]string{"start", at.Format(time.RFC3339)})
		}
		if cal.Span > 1 {
			if first, last := cal.Days(g.Home, g.Away, g.Slot); p.Slots[g.Slot].HasDate() {
				out = append(out, [2]string{"days", constraints.DayDate(first).Format(time.DateOnly) + "/" +
					constraints.DayDate(last).Format(time.DateOnly)})
			}
		}
		return out
	}
}

// str is a string scalar. Words that YAML 1.1 readers take for booleans (yes, no, on, off, y, n) are
// quoted, so that tools other than flextime read ids like "NO" (Norway) as text too.
func str(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	switch strings.ToLower(v) {
	case "y", "yes", "n", "no", "on", "off":
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func integer(v int64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(v, 10)}
}

func scheduleYAML(p *flextime.Problem, s *flextime.Schedule, games []flextime.Game) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(m *yaml.Node, k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	add(root, "flextime", integer(Version))
	root.Content[0].HeadComment = "flextime schedule"
	if p.Name != "" {
		root.Content[0].HeadComment += " for " + p.Name
	}
	if s.Fingerprint != "" {
		add(root, "problem", str(s.Fingerprint))
	}
	if s.Score != nil {
		sc := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		add(sc, "hard", integer(s.Score.Hard))
		add(sc, "soft", integer(s.Score.Soft))
		add(root, "score", sc)
	}
	list := &yaml.Node{Kind: yaml.SequenceNode}
	if len(games) == 0 {
		list.Style = yaml.FlowStyle
	}
	when := gameTimes(p)
	for _, g := range games {
		m := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
		add(m, "home", str(p.Teams[g.Home].ID))
		add(m, "away", str(p.Teams[g.Away].ID))
		add(m, "slot", str(p.Slots[g.Slot].ID))
		if sl := p.Slots[g.Slot]; sl.HasDate() {
			add(m, "date", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: sl.Date.Format(time.DateOnly)})
		}
		for _, kv := range when(g) {
			add(m, kv[0], str(kv[1]))
		}
		list.Content = append(list.Content, m)
	}
	add(root, "games", list)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// scheduleJSON writes one game per line, which keeps diffs of schedule files readable.
func scheduleJSON(p *flextime.Problem, s *flextime.Schedule, games []flextime.Game) []byte {
	q := func(v string) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"flextime\": %d,\n", Version)
	if s.Fingerprint != "" {
		fmt.Fprintf(&b, "  \"problem\": %s,\n", q(s.Fingerprint))
	}
	if s.Score != nil {
		fmt.Fprintf(&b, "  \"score\": {\"hard\": %d, \"soft\": %d},\n", s.Score.Hard, s.Score.Soft)
	}
	when := gameTimes(p)
	b.WriteString("  \"games\": [")
	for i, g := range games {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n    {\"home\": %s, \"away\": %s, \"slot\": %s", q(p.Teams[g.Home].ID), q(p.Teams[g.Away].ID),
			q(p.Slots[g.Slot].ID))
		if sl := p.Slots[g.Slot]; sl.HasDate() {
			fmt.Fprintf(&b, ", \"date\": %q", sl.Date.Format(time.DateOnly))
		}
		for _, kv := range when(g) {
			fmt.Fprintf(&b, ", %s: %s", q(kv[0]), q(kv[1]))
		}
		b.WriteString("}")
	}
	if len(games) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.Bytes()
}
