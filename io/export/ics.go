package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flextime/flextime"
)

// ICSOptions are the settings of WriteICS. The zero value of a field means what its comment says.
type ICSOptions struct {
	// Stamp is the DTSTAMP of every event (when the calendar was made); zero means the Unix epoch, which
	// keeps the output the same from run to run.
	Stamp time.Time
	// GameLength is the length of a timed event; zero means two hours. Slots without a start time become
	// all-day events.
	GameLength time.Duration
}

// WriteICS writes a schedule as an iCalendar file (RFC 5545), one event per game (a three-game series is
// three events). Events with a start time are written in UTC, so that every calendar program shows them
// at the right local time without time-zone definitions; games on dated slots without a time are all-day
// events on their venue-local date. Each event's UID names the meeting (home, away, game of the series)
// and the season (its name), not the slot, so a calendar that imports a revised schedule moves the
// events that moved instead of adding new ones. Every slot holding a game must have a date.
func WriteICS(w io.Writer, p *flextime.Problem, s *flextime.Schedule, opts ICSOptions) error {
	gs, err := games(p, s)
	if err != nil {
		return err
	}
	length := opts.GameLength
	if length <= 0 {
		length = 2 * time.Hour
	}
	stamp := opts.Stamp.UTC()
	if opts.Stamp.IsZero() {
		stamp = time.Unix(0, 0).UTC()
	}
	domain := uidPart(strings.ToLower(strings.ReplaceAll(strings.TrimSpace(p.Name), " ", "-")))
	if domain == "" {
		domain = "season"
	}
	domain += ".flextime"
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//flextime//flextime schedule//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if p.Name != "" {
		line("X-WR-CALNAME", escapeText(p.Name))
	}
	seen := map[string]int{}
	for _, g := range gs {
		sl := p.Slots[g.Slot]
		if !sl.HasDate() {
			return fmt.Errorf("export: slot %s has no date; an iCalendar file needs dated slots", sl.ID)
		}
		home, away := p.Teams[g.Home], p.Teams[g.Away]
		n := len(g.days)
		for k := range n {
			line("BEGIN", "VEVENT")
			uid := fmt.Sprintf("%s-at-%s-%d", uidPart(away.ID), uidPart(home.ID), k+1)
			if seen[uid]++; seen[uid] > 1 {
				uid += fmt.Sprintf("-%d", seen[uid]) // the same meeting listed twice
			}
			line("UID", uid+"@"+domain)
			line("DTSTAMP", stamp.Format("20060102T150405Z"))
			if k < len(g.starts) {
				start := g.starts[k].UTC()
				line("DTSTART", start.Format("20060102T150405Z"))
				line("DTEND", start.Add(length).Format("20060102T150405Z"))
			} else {
				line("DTSTART;VALUE=DATE", g.days[k].Format("20060102"))
				line("DTEND;VALUE=DATE", g.days[k].AddDate(0, 0, 1).Format("20060102"))
			}
			summary := fmt.Sprintf("%s at %s", away.Name, home.Name)
			if n > 1 {
				summary += fmt.Sprintf(" (game %d of %d)", k+1, n)
			}
			line("SUMMARY", escapeText(summary))
			if home.Venue != "" {
				line("LOCATION", escapeText(home.Venue))
			}
			desc := fmt.Sprintf("%s, slot %s", p.Name, sl.ID)
			if k < len(g.starts) {
				desc += ", " + g.starts[k].In(zoneOf(home)).Format("Mon 2 Jan 15:04 MST") + " local time"
			}
			line("DESCRIPTION", escapeText(desc))
			line("END", "VEVENT")
		}
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// escapeText escapes an iCalendar TEXT value.
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// uidPart keeps the characters of an id that are safe in a UID.
func uidPart(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "%%%02X", r)
		}
	}
	return b.String()
}

// writeFolded writes a content line folded at 75 octets, without splitting a UTF-8 character, with CRLF
// line ends (RFC 5545 section 3.1).
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
