package constraints

import (
	"sort"

	"github.com/flextime/flextime"
)

// entry is a catalogue constraint: something a user writes, compiled to kernel primitives.
type entry interface {
	flextime.Constraint
	compile(c *compiler) ([]Prim, error)
}

// Catalogue returns the constructors of every constraint type a problem file may name, keyed by the
// name written after "type:".
func Catalogue() map[string]func() flextime.Constraint {
	return map[string]func() flextime.Constraint{
		"max-streak": func() flextime.Constraint { return &MaxStreak{} },
		"no-repeat":  func() flextime.Constraint { return &NoRepeat{} },
		"separation": func() flextime.Constraint { return &Separation{} },
		"blackout":   func() flextime.Constraint { return &Blackout{} },
		"fixed":      func() flextime.Constraint { return &Fixed{} },
		"travel":     func() flextime.Constraint { return &TravelEntry{} },
		// Real seasons.
		"shared-venue":       func() flextime.Constraint { return &SharedVenue{} },
		"venue-closed":       func() flextime.Constraint { return &VenueClosed{} },
		"home-split":         func() flextime.Constraint { return &HomeSplitEntry{} },
		"weekend-home-games": func() flextime.Constraint { return &WeekendHomeGames{} },
		"tv-window":          func() flextime.Constraint { return &TVWindow{} },
		"travel-partners":    func() flextime.Constraint { return &TravelPartnersEntry{} },
		"bye-placement":      func() flextime.Constraint { return &ByePlacement{} },
		"preferred":          func() flextime.Constraint { return &Preferred{} },
		"max-road-trip":      func() flextime.Constraint { return &MaxRoadTrip{} },
		"previous-season":    func() flextime.Constraint { return &PreviousSeason{} },
		"rest":               func() flextime.Constraint { return &RestEntry{} },
		"rematch-separation": func() flextime.Constraint { return &RematchSeparation{} },
		"no-travel":          func() flextime.Constraint { return &NoTravel{} },
		"games-in-days":      func() flextime.Constraint { return &GamesInDaysEntry{} },
		"CA1":                func() flextime.Constraint { return &CA1Entry{} },
		"CA2":                func() flextime.Constraint { return &CA2Entry{} },
		"CA3":                func() flextime.Constraint { return &CA3Entry{} },
		"CA4":                func() flextime.Constraint { return &CA4Entry{} },
		"GA1":                func() flextime.Constraint { return &GA1Entry{} },
		"BR1":                func() flextime.Constraint { return &BR1Entry{} },
		"BR2":                func() flextime.Constraint { return &BR2Entry{} },
		"FA2":                func() flextime.Constraint { return &FA2Entry{} },
		"SE1":                func() flextime.Constraint { return &SE1Entry{} },
	}
}

// CatalogueNames returns the constraint type names in order.
func CatalogueNames() []string {
	var out []string
	for k := range Catalogue() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
