package constraints

import (
	"sort"
	"time"

	"github.com/flextime/flextime"
)

// Evaluate returns the score of a schedule. Games must refer to valid teams and slots of the model.
func (m *Model) Evaluate(games []flextime.Game) flextime.Score {
	t := NewTable(m.N, m.S, games)
	var sc flextime.Score
	for i := range m.Prims {
		p := &m.Prims[i]
		if d := p.Kernel.Eval(t, nil); d != 0 {
			if p.Hard {
				sc.Hard += p.Weight * d
			} else {
				sc.Soft += p.Weight * d
			}
		}
	}
	return sc
}

// Violation is one thing wrong with a schedule, in a scheduler's terms.
type Violation struct {
	Constraint string   `json:"constraint"`
	Type       string   `json:"type"`
	Kind       string   `json:"kind"` // "hard" or "soft"
	Teams      []string `json:"teams"`
	Slots      []string `json:"slots"`
	Dates      []string `json:"dates,omitempty"`
	Deviation  int64    `json:"deviation"`
	Cost       int64    `json:"cost"`
	Message    string   `json:"message"`
}

// Component is the total cost of one constraint of the problem.
type Component struct {
	Constraint string `json:"constraint"`
	Type       string `json:"type"`
	Kind       string `json:"kind"`
	Cost       int64  `json:"cost"`
	Violations int    `json:"violations"`
}

// Report is a scored schedule with every violation explained.
type Report struct {
	Score flextime.Score
	// Violations lists every violated part, grouped by constraint (costliest constraint first, hard
	// before soft), worst first within a group.
	Violations []Violation
	// Components sums cost per constraint, in the same order.
	Components []Component
}

// Explain scores a schedule and lists every violation.
func (m *Model) Explain(games []flextime.Game) *Report {
	t := NewTable(m.N, m.S, games)
	r := &Report{}
	comps := map[string]*Component{}
	groups := map[string][]Violation{}
	for i := range m.Prims {
		p := &m.Prims[i]
		kind := "soft"
		if p.Hard {
			kind = "hard"
		}
		key := kind + "\x00" + p.Name
		d := p.Kernel.Eval(t, func(d Detail) {
			groups[key] = append(groups[key], m.violation(p, kind, d))
		})
		if d == 0 {
			continue
		}
		cost := p.Weight * d
		if p.Hard {
			r.Score.Hard += cost
		} else {
			r.Score.Soft += cost
		}
		c := comps[key]
		if c == nil {
			c = &Component{Constraint: p.Name, Type: p.Type, Kind: kind}
			comps[key] = c
		}
		c.Cost += cost
	}
	for key, c := range comps {
		c.Violations = len(groups[key])
		r.Components = append(r.Components, *c)
	}
	sort.Slice(r.Components, func(i, j int) bool {
		a, b := r.Components[i], r.Components[j]
		if a.Kind != b.Kind {
			return a.Kind == "hard"
		}
		if a.Cost != b.Cost {
			return a.Cost > b.Cost
		}
		return a.Constraint < b.Constraint
	})
	for _, c := range r.Components {
		vs := groups[c.Kind+"\x00"+c.Constraint]
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Cost > vs[j].Cost })
		r.Violations = append(r.Violations, vs...)
	}
	return r
}

func (m *Model) violation(p *Prim, kind string, d Detail) Violation {
	v := Violation{Constraint: p.Name, Type: p.Type, Kind: kind, Deviation: d.Deviation, Cost: p.Weight * d.Deviation,
		Teams: []string{}, Slots: []string{}}
	for _, t := range d.Teams {
		v.Teams = append(v.Teams, m.Problem.Teams[t].Label())
	}
	slots := append([]int(nil), d.Slots...)
	sort.Ints(slots)
	for _, s := range slots {
		sl := m.Problem.Slots[s]
		v.Slots = append(v.Slots, sl.ID)
		if sl.HasDate() {
			v.Dates = append(v.Dates, sl.Date.Format(time.DateOnly))
		}
	}
	if p.describe != nil {
		v.Message = p.describe(d)
	} else {
		v.Message = p.Kernel.Kind() + " violated"
	}
	return v
}
