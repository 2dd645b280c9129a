package constraints

// FA2 charges, for each pair of teams, the largest difference in cumulative home games after any slot
// of a slot set, minus the allowed difference Max. One value per pair, not a sum over slots.
type FA2 struct {
	Teams []int
	Slots []int
	Max   int
}

// Kind implements Kernel.
func (*FA2) Kind() string { return "FA2" }

// Eval implements Kernel.
func (k *FA2) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	for x, i := range k.Teams {
		ci := t.CumHome[i*t.S : (i+1)*t.S]
		for _, j := range k.Teams[x+1:] {
			cj := t.CumHome[j*t.S : (j+1)*t.S]
			gap, at := int32(0), -1
			for _, s := range k.Slots {
				diff := ci[s] - cj[s]
				if diff < 0 {
					diff = -diff
				}
				if diff > gap {
					gap, at = diff, s
				}
			}
			if int(gap) > k.Max {
				d := int64(int(gap) - k.Max)
				total += d
				if emit != nil {
					emit(Detail{Teams: []int{i, j}, Slots: []int{at}, Count: int64(gap), Deviation: d})
				}
			}
		}
	}
	return total
}

// SE1 requires, for each pair of teams of a set, at least Min slots strictly between their two meetings.
type SE1 struct {
	Teams []int
	Min   int
	// member marks the teams of the set; filled by Compile.
	member Set
}

// Kind implements Kernel.
func (*SE1) Kind() string { return "SE1" }

// Eval implements Kernel.
func (k *SE1) Eval(t *Table, emit func(Detail)) int64 {
	var total int64
	first := make([]int, t.N)
	for _, i := range k.Teams {
		for j := range first {
			first[j] = -1
		}
		for _, a := range t.ByTeam[i] {
			j := a.Opp
			if j <= i || !k.member.Has(j) {
				continue
			}
			if first[j] < 0 {
				first[j] = a.Slot
				continue
			}
			if first[j] == -2 {
				continue // a third meeting; only the first two are judged
			}
			between := a.Slot - first[j] - 1
			if between < k.Min {
				d := int64(k.Min - between)
				total += d
				if emit != nil {
					emit(Detail{Teams: []int{i, j}, Slots: []int{first[j], a.Slot}, Count: int64(between), Deviation: d})
				}
			}
			first[j] = -2
		}
	}
	return total
}
