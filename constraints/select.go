package constraints

import (
	"fmt"
	"time"

	"github.com/flextime/flextime"
)

// selection is what the slots, dates and weekdays fields of a constraint pick: slots by id, and dates
// and weekdays either as slots (when every venue sees every slot on its own date) or as venue-local
// days.
type selection struct {
	slots []int
	days  []int32
}

func (s selection) empty() bool { return len(s.slots) == 0 && len(s.days) == 0 }

// selectDays resolves slots, dates and weekdays fields. shift moves the picked dates and weekdays by
// that many days before matching games (no-travel on Sunday picks Monday's games with shift 1). bySlot
// picks the slots dated so even when venues see them on other local dates.
func (c *compiler) selectDays(b *flextime.ConstraintBase, slots, dates, weekdays flextime.RefList, shift int, bySlot bool) (selection, error) {
	var sel selection
	inSlot := make([]bool, len(c.p.Slots))
	if len(slots) > 0 {
		ss, err := c.slotSet(b, "slots", slots)
		if err != nil {
			return sel, err
		}
		for _, s := range ss {
			inSlot[s] = true
		}
	}
	pick := map[int32]bool{} // picked days, before the shift
	for i, r := range dates {
		field := fmt.Sprintf("dates[%d]", i)
		d, err := time.Parse(time.DateOnly, r.Name)
		if err != nil {
			return sel, flextime.Errorf(c.pos(b, field, &r), "%q is not a date", r.Name).WithHint("write YYYY-MM-DD")
		}
		if !c.anyDated() {
			return sel, flextime.Errorf(c.pos(b, field, &r), "the slots have no dates to compare with")
		}
		pick[dayNumber(d.Date())] = true
	}
	var wds [7]bool
	for i, r := range weekdays {
		field := fmt.Sprintf("weekdays[%d]", i)
		wd, ok := parseWeekday(r.Name)
		if !ok {
			return sel, flextime.Errorf(c.pos(b, field, &r), "%q is not a weekday", r.Name).WithHint("write Mon, Tue, ... Sun")
		}
		if !c.anyDated() {
			return sel, flextime.Errorf(c.pos(b, field, &r), "the slots have no dates to take weekdays from")
		}
		wds[wd] = true
	}
	if len(weekdays) > 0 {
		lo, hi := c.dayRange()
		for d := lo; d <= hi; d++ {
			if wds[DayDate(d).Weekday()] {
				pick[d] = true
			}
		}
	}
	if c.cal.Uniform || bySlot {
		for s, sl := range c.p.Slots {
			if sl.HasDate() && pick[dayNumber(sl.Date.Date())-int32(shift)] {
				inSlot[s] = true
			}
		}
	} else if len(pick) > 0 {
		c.dayRules = true
		lo, hi := c.dayRange()
		for d := lo; d <= hi; d++ {
			if pick[d-int32(shift)] {
				sel.days = append(sel.days, d)
			}
		}
	}
	for s, ok := range inSlot {
		if ok {
			sel.slots = append(sel.slots, s)
		}
	}
	return sel, nil
}

// dayRange returns the first and last venue-local day any game can fall on, with a week's margin.
func (c *compiler) dayRange() (int32, int32) {
	lo, hi := int32(1<<30), int32(-1<<30)
	for _, d := range c.cal.day {
		if d != noDay {
			lo, hi = min(lo, d), max(hi, d)
		}
	}
	if lo > hi {
		return 0, -1
	}
	return lo - 7, hi + int32(c.cal.Span) + 7
}

// dayPrims compiles "teams' games of mode in the selection, within bound": a CA1 over the picked slots
// and a DayCount over the picked days. With a minimum and both kinds of pick, the count is split
// between them; callers with a minimum pick one kind only.
func (c *compiler) dayPrims(sel selection, teams []int, mode Mode, bd Bound, hard bool, w int64, describe func(Detail) string) []Prim {
	var out []Prim
	if len(sel.slots) > 0 || len(sel.days) == 0 {
		out = append(out, Prim{Kernel: NewCA1(len(c.p.Slots), teams, sel.slots, mode, bd), Hard: hard, Weight: w, describe: describe})
	}
	if len(sel.days) > 0 {
		out = append(out, Prim{Kernel: NewDayCount(c.cal, teams, mode, sel.days, bd), Hard: hard, Weight: w, describe: describe})
	}
	return out
}

// localLabel names the venue-local date of a game when the calendar is not uniform, and its slot:
// "Sun 2027-01-17 (slot 12)"; on a uniform calendar it is the slot label.
func (c *compiler) localLabel(g flextime.Game) string {
	if c.cal.Uniform || g.Slot < 0 {
		return c.slotLabel(g.Slot)
	}
	first, last := c.cal.Days(g.Home, g.Away, g.Slot)
	if first == noDay {
		return c.slotLabel(g.Slot)
	}
	day := DayDate(first).Format("Mon 2006-01-02")
	if last != first {
		day += " to " + DayDate(last).Format("Mon 2006-01-02")
	}
	return fmt.Sprintf("%s (slot %s)", day, c.p.Slots[g.Slot].ID)
}
