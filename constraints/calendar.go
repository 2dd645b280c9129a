package constraints

import (
	"time"

	"github.com/flextime/flextime"
)

// noDay marks a slot without a date; noTime a slot without a start time.
const (
	noDay  = -1 << 30
	noTime = -1 << 62
)

// NoTime is what Start and GameStart return for a slot without a start time.
const NoTime = noTime

// Calendar is the compiled form of a problem's dates: for every slot and every possible host, the
// venue-local day a game there starts on and its start instant. Day rules (blackout dates and weekdays,
// rest days, rematch days) are judged on these local days, so a game at 11 pm in New York and the same
// TV window at 9 pm in Provo can fall on different dates, and hours between games follow every time zone's
// daylight-saving rules.
type Calendar struct {
	N, S int
	// Span is the number of consecutive days one meeting takes (a three-game series spans 3).
	Span int
	// day holds, at s*N+h, the venue-local day number (days since 1970-01-01) of a game hosted by h in
	// slot s, or noDay.
	day []int32
	// minute holds, at s*N+h, the start of such a game in minutes since the Unix epoch, or noTime.
	minute []int64
	// offset holds each team's series offset in days.
	offset []int32
	// Uniform is set when every venue sees every slot on the slot's own date and a meeting lasts one day:
	// day rules then depend on the slot alone, not on who hosts.
	Uniform bool
	// Dated is set when at least one slot has a date.
	Dated bool
	// Timed is set when at least one slot has a start time.
	Timed bool
	// slots and zones (each team's, nil when unknown) recompute starts on other days of a series.
	slots []flextime.Slot
	zones []*time.Location
}

// dayNumber returns the days since 1970-01-01 of a civil date.
func dayNumber(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DayDate returns the civil date of a day number, as a time at midnight UTC.
func DayDate(day int32) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// NewCalendar compiles the dates of a problem's slots for every possible host.
func NewCalendar(p *flextime.Problem) *Calendar {
	n, s := len(p.Teams), len(p.Slots)
	c := &Calendar{N: n, S: s, Span: p.Format.SeriesLength(), offset: make([]int32, n), Uniform: true, slots: p.Slots,
		zones: make([]*time.Location, n)}
	if c.Span > 1 {
		c.Uniform = false
	}
	for t, tm := range p.Teams {
		c.offset[t] = int32(tm.SeriesOffset)
		c.zones[t] = tm.Zone
	}
	for _, sl := range p.Slots {
		c.Uniform = c.Uniform && sl.Zone == nil
		c.Dated = c.Dated || sl.HasDate()
		c.Timed = c.Timed || sl.HasTime
	}
	if !c.Dated {
		return c // Days and starts are all unknown; no table is needed
	}
	c.day, c.minute = make([]int32, n*s), make([]int64, n*s)
	// Venues in one zone see a slot alike: work each slot out once per distinct zone.
	zoneIdx := map[*time.Location]int{}
	teamZone := make([]int, n)
	for t, tm := range p.Teams {
		i, ok := zoneIdx[tm.Zone]
		if !ok {
			i = len(zoneIdx)
			zoneIdx[tm.Zone] = i
		}
		teamZone[t] = i
	}
	zones := make([]*time.Location, len(zoneIdx))
	for z, i := range zoneIdx {
		zones[i] = z
	}
	dayZ, minZ := make([]int32, len(zones)), make([]int64, len(zones))
	for si, sl := range p.Slots {
		row, mrow := c.day[si*n:(si+1)*n], c.minute[si*n:(si+1)*n]
		if !sl.HasDate() {
			for h := range row {
				row[h], mrow[h] = noDay, noTime
			}
			continue
		}
		y, mo, d := sl.Date.Date()
		for zi, venue := range zones {
			dayZ[zi], minZ[zi] = dayNumber(y, mo, d), noTime
			switch {
			case sl.Zone != nil:
				// A time in a named zone: the same instant everywhere, on whatever local date it is there.
				at := time.Date(y, mo, d, sl.Minute/60, sl.Minute%60, 0, 0, sl.Zone)
				minZ[zi] = at.Unix() / 60
				if venue != nil {
					at = at.In(venue)
				}
				ly, lm, ld := at.Date()
				dayZ[zi] = dayNumber(ly, lm, ld)
			case sl.HasTime:
				zone := venue
				if zone == nil {
					zone = time.UTC
				}
				minZ[zi] = time.Date(y, mo, d, sl.Minute/60, sl.Minute%60, 0, 0, zone).Unix() / 60
			}
		}
		for h := range row {
			row[h], mrow[h] = dayZ[teamZone[h]], minZ[teamZone[h]]
		}
	}
	return c
}

// seriesOffset is the shift of a multi-day meeting of h and a: an earlier start wins (a team that moves
// its series forward moves every series it plays in), then a later one.
func (c *Calendar) seriesOffset(h, a int) int32 {
	if c.Span <= 1 {
		return 0
	}
	if lo := min(c.offset[h], c.offset[a]); lo < 0 {
		return lo
	}
	return max(c.offset[h], c.offset[a])
}

// Days returns the first and last venue-local day of a meeting of home h and away a in slot s, or noDay
// twice when the slot has no date.
func (c *Calendar) Days(h, a, s int) (first, last int32) {
	if c.day == nil {
		return noDay, noDay
	}
	d := c.day[s*c.N+h]
	if d == noDay {
		return noDay, noDay
	}
	d += c.seriesOffset(h, a)
	return d, d + int32(c.Span) - 1
}

// Start returns the start of a meeting in minutes since the Unix epoch, or noTime.
func (c *Calendar) Start(h, a, s int) int64 { return c.GameStart(h, a, s, 0) }

// GameStart returns the start of game k (from 0) of a meeting of home h and away a in slot s, in minutes
// since the Unix epoch, or noTime. The games of a series start at the slot's clock time on consecutive
// days, in the zone the time is given in, so a day that changes the clocks is a day of 23 or 25 hours.
func (c *Calendar) GameStart(h, a, s, k int) int64 {
	if c.minute == nil {
		return noTime
	}
	m := c.minute[s*c.N+h]
	if m == noTime {
		return noTime
	}
	shift := int(c.seriesOffset(h, a)) + k
	if shift == 0 {
		return m
	}
	sl := c.slots[s]
	zone := sl.Zone
	if zone == nil {
		zone = c.zones[h]
	}
	if zone == nil {
		zone = time.UTC
	}
	y, mo, d := sl.Date.Date()
	return time.Date(y, mo, d+shift, sl.Minute/60, sl.Minute%60, 0, 0, zone).Unix() / 60
}

// LocalStart returns the start of a meeting in the home venue's time zone (UTC when the venue has none),
// and whether the slot has a start time.
func (c *Calendar) LocalStart(p *flextime.Problem, g flextime.Game) (time.Time, bool) {
	m := c.Start(g.Home, g.Away, g.Slot)
	if m == noTime {
		return time.Time{}, false
	}
	zone := p.Teams[g.Home].Zone
	if zone == nil {
		zone = time.UTC
	}
	return time.Unix(m*60, 0).In(zone), true
}
