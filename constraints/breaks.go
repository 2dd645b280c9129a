package constraints

// A team has a break in slot s > 0 when its venue status in s equals its status in s-1; the break
// belongs to the later slot.
func breakAt(t *Table, team, s int, mode Mode) bool {
	if s <= 0 {
		return false
	}
	v := t.Venue[team*t.S+s]
	if v == venueNone || v != t.Venue[team*t.S+s-1] {
		return false
	}
	return mode.match(v == venueHome)
}

// BR1 bounds, per team, the breaks it has in a slot set.
type BR1 struct {
	Teams []int
	Slots []int
	Mode  Mode
	Max   int
}

// Kind implements Kernel.
func (*BR1) Kind() string { return "BR1" }

// Eval implements Kernel.
func (k *BR1) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for _, team := range k.Teams {
		c := 0
		for _, s := range k.Slots {
			if breakAt(t, team, s, k.Mode) {
				c++
			}
		}
		if c > k.Max {
			d := int64(c - k.Max)
			total += d
			if emit != nil {
				det := Detail{Teams: []int{team}, Count: int64(c), Deviation: d}
				for _, s := range k.Slots {
					if breakAt(t, team, s, k.Mode) {
						det.Slots = append(det.Slots, s)
					}
				}
				emit(det)
			}
		}
	}
	return total
}

// BR2 bounds the total number of breaks of a team set in a slot set.
type BR2 struct {
	Teams []int
	Slots []int
	Max   int
}

// Kind implements Kernel.
func (*BR2) Kind() string { return "BR2" }

// Eval implements Kernel.
func (k *BR2) Eval(t *Table, emit func(Detail)) int64 {
	c := 0
	for _, team := range k.Teams {
		for _, s := range k.Slots {
			if breakAt(t, team, s, Any) {
				c++
			}
		}
	}
	if c <= k.Max {
		return 0
	}
	d := int64(c - k.Max)
	if emit != nil {
		emit(Detail{Teams: k.Teams, Count: int64(c), Deviation: d})
	}
	return d
}
