// Package export writes schedules for the people and tools that use them after flextime: CSV for
// spreadsheets and iCalendar (RFC 5545) for calendar programs. Both are read-only views: flextime reads
// schedules back from its own YAML and JSON (io/problem) and RobinX XML (io/robinx), not from these.
//
// Games appear in slot order, then by home team. Dates and times are the games' venue-local ones, as
// flextime's day rules judge them: a slot with a start time in a named zone shows, at each venue, the
// local time there, and a multi-day series lists each of its days.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
)

// game is one meeting with everything a writer shows about it.
type game struct {
	flextime.Game
	// days are the venue-local dates of the meeting's games (one per game of a series); empty when the
	// slot has no date.
	days []time.Time
	// starts are the start instants of the meeting's games, when the slot has a start time.
	starts []time.Time
}

// games sorts a schedule and works out each game's days and starts.
func games(p *flextime.Problem, s *flextime.Schedule) ([]game, error) {
	cal := constraints.NewCalendar(p)
	out := make([]game, 0, len(s.Games))
	for i, g := range s.Games {
		if g.Home < 0 || g.Home >= len(p.Teams) || g.Away < 0 || g.Away >= len(p.Teams) || g.Slot < 0 || g.Slot >= len(p.Slots) {
			return nil, fmt.Errorf("export: game %d (%d v %d in slot %d) is outside the problem's %d teams and %d slots",
				i, g.Home, g.Away, g.Slot, len(p.Teams), len(p.Slots))
		}
		e := game{Game: g}
		if p.Slots[g.Slot].HasDate() {
			first, last := cal.Days(g.Home, g.Away, g.Slot)
			for d := first; d <= last; d++ {
				e.days = append(e.days, constraints.DayDate(d))
			}
			for k := range e.days {
				if m := cal.GameStart(g.Home, g.Away, g.Slot, k); m != constraints.NoTime {
					e.starts = append(e.starts, time.Unix(m*60, 0))
				}
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b game) int { return flextime.CompareGames(a.Game, b.Game) })
	return out, nil
}

// zoneOf is the venue's time zone, UTC when it has none.
func zoneOf(t flextime.Team) *time.Location {
	if t.Zone != nil {
		return t.Zone
	}
	return time.UTC
}

// CSVHeader is the header row WriteCSV writes.
var CSVHeader = []string{"slot", "date", "weekday", "start", "home", "home_name", "away", "away_name", "venue", "game", "games"}

// WriteCSV writes a schedule as CSV, one row per game (a three-game series is three rows): the slot id;
// the venue-local date and weekday; the local start time with its UTC offset (RFC 3339) when the slot
// has one; home and away team ids and names; the home venue; and the game's number within its meeting
// and the meeting's number of games.
func WriteCSV(w io.Writer, p *flextime.Problem, s *flextime.Schedule) error {
	gs, err := games(p, s)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, g := range gs {
		home, away := p.Teams[g.Home], p.Teams[g.Away]
		n := p.Format.SeriesLength()
		for k := range n {
			date, weekday, start := "", "", ""
			if k < len(g.days) {
				date, weekday = g.days[k].Format(time.DateOnly), g.days[k].Weekday().String()[:3]
			}
			if k < len(g.starts) {
				start = g.starts[k].In(zoneOf(home)).Format(time.RFC3339)
			}
			row := []string{p.Slots[g.Slot].ID, date, weekday, start, home.ID, home.Name, away.ID, away.Name, home.Venue,
				strconv.Itoa(k + 1), strconv.Itoa(n)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
