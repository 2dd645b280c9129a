package constraints

import (
	"strings"
	"testing"
	"time"

	"github.com/flextime/flextime"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func civil(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// westProblem is four schools in three time zones: Utah and BYU keep daylight saving time (America/Denver),
// Arizona State does not (America/Phoenix), West Virginia is on Eastern time. It is a time-relaxed single
// round robin over the given slots.
func westProblem(t *testing.T, slots []flextime.Slot, cons ...flextime.Constraint) *flextime.Problem {
	p := &flextime.Problem{Name: "west", Format: flextime.Format{Rounds: 1}, Slots: slots, Constraints: cons}
	for _, tm := range []struct{ id, zone string }{{"UTAH", "America/Denver"}, {"BYU", "America/Denver"},
		{"ASU", "America/Phoenix"}, {"WVU", "America/New_York"}} {
		p.Teams = append(p.Teams, flextime.Team{ID: tm.id, TimeZone: tm.zone, Zone: zone(t, tm.zone)})
	}
	return p
}

const (
	utah = 0
	byu  = 1
	asu  = 2
	wvu  = 3
)

// TestLocalDaysAcrossZones checks that a TV window written in Eastern time falls on the venue's local
// date: Sunday 1 am in Morgantown is still Saturday 11 pm in Provo, so BYU's no-Sunday rule holds at home
// and breaks at West Virginia.
func TestLocalDaysAcrossZones(t *testing.T) {
	ny := zone(t, "America/New_York")
	slots := []flextime.Slot{
		{ID: "1", Date: civil(2027, 1, 17), HasTime: true, Minute: 60, Zone: ny}, // Sun 01:00 ET
		{ID: "2", Date: civil(2027, 1, 20)},
		{ID: "3", Date: civil(2027, 1, 23)},
		{ID: "4", Date: civil(2027, 1, 27)},
	}
	b := &Blackout{Teams: flextime.Refs("BYU"), Weekdays: flextime.Refs("Sun")}
	b.Hard, b.Name = true, "byu-no-sunday"
	m := mustCompile(t, westProblem(t, slots, b))
	if m.Cal.Uniform {
		t.Fatal("a slot in a named zone must make the calendar venue-local")
	}
	for _, c := range []struct {
		host int
		want string
	}{{byu, "Sat 2027-01-16"}, {utah, "Sat 2027-01-16"}, {asu, "Sat 2027-01-16"}, {wvu, "Sun 2027-01-17"}} {
		first, last := m.Cal.Days(c.host, (c.host+1)%4, 0)
		if got := DayDate(first).Format("Mon 2006-01-02"); got != c.want || last != first {
			t.Errorf("host %s: local day %s (to %s), want %s", m.Problem.Teams[c.host].ID, got, DayDate(last).Format(time.DateOnly), c.want)
		}
	}
	rest := []flextime.Game{{Home: utah, Away: asu, Slot: 1}, {Home: utah, Away: wvu, Slot: 2}, {Home: asu, Away: wvu, Slot: 3},
		{Home: byu, Away: asu, Slot: 2}, {Home: byu, Away: utah, Slot: 3}}
	home := append([]flextime.Game{{Home: byu, Away: wvu, Slot: 0}}, rest...)
	if r := m.Explain(home); r.Score.Hard != 0 {
		t.Errorf("BYU hosting on Saturday night local time: hard %d, want 0 (%v)", r.Score.Hard, r.Violations)
	}
	away := append([]flextime.Game{{Home: wvu, Away: byu, Slot: 0}}, rest...)
	r := m.Explain(away)
	if r.Score.Hard != 1 {
		t.Fatalf("BYU at West Virginia at 1 am Sunday Eastern: hard %d, want 1", r.Score.Hard)
	}
	if msg := r.Violations[0].Message; !strings.Contains(msg, "plays at WVU on Sun 2027-01-17 (slot 1)") {
		t.Errorf("message %q does not name the local date", msg)
	}
}

// TestRestAcrossDaylightSaving checks hours between games over the spring change of 2027-03-14: a 7 pm
// game in Salt Lake City on Saturday and another there on Sunday are 23 hours apart (the clocks went
// forward), while the Sunday game at 7 pm in Tempe, where clocks stay, is 24 hours after.
func TestRestAcrossDaylightSaving(t *testing.T) {
	slots := []flextime.Slot{
		{ID: "1", Date: civil(2027, 3, 13), HasTime: true, Minute: 19 * 60},
		{ID: "2", Date: civil(2027, 3, 14), HasTime: true, Minute: 19 * 60},
		{ID: "3", Date: civil(2027, 3, 20), HasTime: true, Minute: 19 * 60},
	}
	r := &RestEntry{Teams: flextime.Refs("BYU"), Hours: 24}
	r.Weight = 1
	m := mustCompile(t, westProblem(t, slots, r))
	start := func(h, a, s int) time.Time { return time.Unix(m.Cal.Start(h, a, s)*60, 0).UTC() }
	if got, want := start(utah, byu, 0), time.Date(2027, 3, 14, 2, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Sat 7 pm in Salt Lake City = %v UTC, want %v (MST, UTC-7)", got, want)
	}
	if got, want := start(utah, byu, 1), time.Date(2027, 3, 15, 1, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Sun 7 pm in Salt Lake City = %v UTC, want %v (MDT, UTC-6)", got, want)
	}
	if got, want := start(asu, byu, 1), time.Date(2027, 3, 15, 2, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Sun 7 pm in Tempe = %v UTC, want %v (MST all year)", got, want)
	}
	atUtah := []flextime.Game{{Home: utah, Away: byu, Slot: 0}, {Home: asu, Away: wvu, Slot: 0},
		{Home: byu, Away: wvu, Slot: 1}, {Home: utah, Away: asu, Slot: 1}, {Home: asu, Away: byu, Slot: 2}, {Home: wvu, Away: utah, Slot: 2}}
	rep := m.Explain(atUtah)
	if rep.Score.Soft != 1 {
		t.Fatalf("Sat and Sun 7 pm in Utah time across the change: soft %d, want 1 (23 of 24 hours); %v", rep.Score.Soft, rep.Violations)
	}
	if msg := rep.Violations[0].Message; !strings.Contains(msg, "23.0 hours between starts") {
		t.Errorf("message %q does not give the 23 hours", msg)
	}
	atTempe := []flextime.Game{{Home: utah, Away: byu, Slot: 0}, {Home: asu, Away: wvu, Slot: 0},
		{Home: asu, Away: byu, Slot: 1}, {Home: wvu, Away: utah, Slot: 1}, {Home: byu, Away: wvu, Slot: 2}, {Home: utah, Away: asu, Slot: 2}}
	if rep := m.Explain(atTempe); rep.Score.Soft != 0 {
		t.Errorf("Sat in Utah, Sun 7 pm in Arizona: soft %d, want 0 (24 hours); %v", rep.Score.Soft, rep.Violations)
	}
}

// TestArizonaOffsetChanges checks a TV window written in Mountain time: 7 pm in Denver is 7 pm in Tempe
// in winter and 6 pm there once Colorado has moved its clocks.
func TestArizonaOffsetChanges(t *testing.T) {
	den := zone(t, "America/Denver")
	slots := []flextime.Slot{
		{ID: "1", Date: civil(2027, 3, 6), HasTime: true, Minute: 19 * 60, Zone: den},
		{ID: "2", Date: civil(2027, 3, 20), HasTime: true, Minute: 19 * 60, Zone: den},
		{ID: "3", Date: civil(2027, 3, 27)},
	}
	m := mustCompile(t, westProblem(t, slots))
	phx := zone(t, "America/Phoenix")
	for _, c := range []struct {
		slot int
		want string
	}{{0, "19:00"}, {1, "18:00"}} {
		at := time.Unix(m.Cal.Start(asu, utah, c.slot)*60, 0).In(phx)
		if got := at.Format("15:04"); got != c.want {
			t.Errorf("slot %d at Arizona State: %s local, want %s", c.slot+1, got, c.want)
		}
	}
}

// TestSeriesOffset checks a three-game weekend series: a Friday slot spans Friday to Sunday, and BYU's
// series (home or away) move a day earlier, so BYU never plays on Sunday while the others do.
func TestSeriesOffset(t *testing.T) {
	var slots []flextime.Slot
	for i := range 3 {
		slots = append(slots, flextime.Slot{ID: string(rune('1' + i)), Date: civil(2027, 3, 5+7*i)})
	}
	b := &Blackout{Teams: flextime.Refs("BYU", "UTAH"), Weekdays: flextime.Refs("Sun")}
	b.Hard = true
	p := westProblem(t, slots, b)
	p.Format.Series = 3
	p.Teams[byu].SeriesOffset = -1
	m := mustCompile(t, p)
	first, last := m.Cal.Days(asu, byu, 0)
	if got := DayDate(first).Format("Mon") + "-" + DayDate(last).Format("Mon"); got != "Thu-Sat" {
		t.Errorf("BYU series = %s, want Thu-Sat", got)
	}
	first, last = m.Cal.Days(asu, utah, 0)
	if got := DayDate(first).Format("Mon") + "-" + DayDate(last).Format("Mon"); got != "Fri-Sun" {
		t.Errorf("Utah series = %s, want Fri-Sun", got)
	}
	games := []flextime.Game{{Home: byu, Away: utah, Slot: 0}, {Home: asu, Away: wvu, Slot: 0},
		{Home: utah, Away: asu, Slot: 1}, {Home: byu, Away: wvu, Slot: 1}, {Home: asu, Away: byu, Slot: 2}, {Home: wvu, Away: utah, Slot: 2}}
	r := m.Explain(games)
	// Utah plays Sunday in slots 2 and 3 (its series with BYU in slot 1 moves to Thursday-Saturday).
	if r.Score.Hard != 2 {
		t.Fatalf("hard %d, want 2 (Utah's two Friday-to-Sunday series); %v", r.Score.Hard, r.Violations)
	}
	for _, v := range r.Violations {
		if v.Teams[0] != "UTAH" || !strings.Contains(v.Message, "to Sun") {
			t.Errorf("violation %q: want Utah's Friday-to-Sunday series", v.Message)
		}
	}
}

// TestSeriesStartsAcrossDaylightSaving checks that the games of a series start at the slot's clock time
// on each of its days: the Sunday game of the weekend the clocks change in Utah is 23 hours after the
// Saturday game, while in Arizona it is 24.
func TestSeriesStartsAcrossDaylightSaving(t *testing.T) {
	slots := []flextime.Slot{{ID: "1", Date: civil(2027, 3, 12), HasTime: true, Minute: 19 * 60}, {ID: "2", Date: civil(2027, 3, 19)},
		{ID: "3", Date: civil(2027, 3, 26)}}
	p := westProblem(t, slots)
	p.Format.Series = 3
	p.Teams[byu].SeriesOffset = -1
	m := mustCompile(t, p)
	at := func(h, a, k int) time.Time { return time.Unix(m.Cal.GameStart(h, a, 0, k)*60, 0).UTC() }
	for _, c := range []struct {
		h, a, k int
		want    time.Time
	}{
		{utah, asu, 0, time.Date(2027, 3, 13, 2, 0, 0, 0, time.UTC)}, // Fri 7 pm MST
		{utah, asu, 1, time.Date(2027, 3, 14, 2, 0, 0, 0, time.UTC)}, // Sat 7 pm MST
		{utah, asu, 2, time.Date(2027, 3, 15, 1, 0, 0, 0, time.UTC)}, // Sun 7 pm MDT
		{asu, utah, 2, time.Date(2027, 3, 15, 2, 0, 0, 0, time.UTC)}, // Sun 7 pm in Tempe, MST all year
		{utah, byu, 0, time.Date(2027, 3, 12, 2, 0, 0, 0, time.UTC)}, // BYU's series starts Thursday
		{utah, byu, 2, time.Date(2027, 3, 14, 2, 0, 0, 0, time.UTC)}, // and ends Saturday, before the change
	} {
		if got := at(c.h, c.a, c.k); !got.Equal(c.want) {
			t.Errorf("%s v %s game %d: %v, want %v", p.Teams[c.h].ID, p.Teams[c.a].ID, c.k+1, got, c.want)
		}
	}
}
