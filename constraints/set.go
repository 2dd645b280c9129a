package constraints

// Set is a bitset over small non-negative integers (teams or slots).
type Set []uint64

// NewSet returns an empty set able to hold 0..n-1.
func NewSet(n int) Set { return make(Set, (n+63)/64) }

// SetOf returns a set of size n holding items.
func SetOf(n int, items []int) Set {
	s := NewSet(n)
	for _, i := range items {
		s.Add(i)
	}
	return s
}

// Has reports whether i is in the set.
func (s Set) Has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }

// Add puts i in the set.
func (s Set) Add(i int) { s[i>>6] |= 1 << (uint(i) & 63) }

// Items returns the members in increasing order.
func (s Set) Items() []int {
	var out []int
	for w, bits := range s {
		for b := 0; bits != 0; b++ {
			if bits&1 != 0 {
				out = append(out, w*64+b)
			}
			bits >>= 1
		}
	}
	return out
}
