package constraints

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// keyWriter feeds a kernel's parameters to a hash in a fixed binary layout.
type keyWriter struct {
	h   hash.Hash
	buf [binary.MaxVarintLen64]byte
}

func (w *keyWriter) int(v int64) {
	n := binary.PutVarint(w.buf[:], v)
	w.h.Write(w.buf[:n])
}

func (w *keyWriter) str(s string) {
	w.int(int64(len(s)))
	w.h.Write([]byte(s))
}

func (w *keyWriter) ints(vs ...int) {
	w.int(int64(len(vs)))
	for _, v := range vs {
		w.int(int64(v))
	}
}

func (w *keyWriter) bool(b bool) {
	if b {
		w.int(1)
	} else {
		w.int(0)
	}
}

// keyed is implemented by every kernel: it writes what determines the kernel's scores.
type keyed interface {
	key(w *keyWriter)
}

func (k *CA1) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Slots...)
	w.ints(int(k.Mode), k.Min, k.Max)
}

func (k *CA2) key(w *keyWriter) {
	w.ints(k.Teams1...)
	w.ints(k.Teams2...)
	w.ints(k.Slots...)
	w.ints(int(k.Mode), k.Min, k.Max)
}

func (k *CA3) key(w *keyWriter) {
	w.ints(k.Teams1...)
	w.ints(k.Teams2.Items()...)
	w.ints(int(k.Mode), k.Intp, k.Min, k.Max)
}

func (k *CA4) key(w *keyWriter) {
	w.ints(k.Teams1...)
	w.ints(k.Teams2...)
	w.ints(k.Slots...)
	w.ints(int(k.Mode), k.Min, k.Max)
	w.bool(k.Every)
}

func (k *GA1) key(w *keyWriter) {
	for _, m := range k.Meetings {
		w.ints(m.Home, m.Away)
	}
	w.ints(k.Slots...)
	w.ints(k.Min, k.Max)
}

func (k *BR1) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Slots...)
	w.ints(int(k.Mode), k.Max)
}

func (k *BR2) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Slots...)
	w.ints(k.Max)
}

func (k *FA2) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Slots...)
	w.ints(k.Max)
}

func (k *SE1) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Min)
}

func (w *keyWriter) dist(dist []int64) {
	w.int(int64(len(dist)))
	for _, d := range dist {
		w.int(d)
	}
}

func (k *Travel) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.dist(k.Dist)
	if k.GoHome {
		w.str("home-after")
		w.int(int64(k.HomeAfter))
	}
}

func (k *Structure) key(w *keyWriter) {
	w.ints(k.Format.Rounds)
	w.bool(k.Format.Phased)
	w.bool(k.Format.Mirrored)
	if k.Sparse {
		w.str("sparse")
		w.ints(k.Games, k.PairMin, k.PairMax, k.Format.GamesPerTeam, k.Format.Series)
	}
}

func (k *Streak) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(int(k.Mode), k.Max)
}

func (k *HomeSplit) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Games, k.Min)
	w.bool(k.Last)
}

func (k *Rest) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.Days, k.Hours)
}

func (k *RoadTrip) key(w *keyWriter) {
	w.ints(k.Teams...)
	w.ints(k.MaxGames)
	w.int(k.MaxDistance)
	w.dist(k.Dist)
}

// key writes the calendar: every venue-local day and start time, and the series offsets.
func (c *Calendar) key(w *keyWriter) {
	w.ints(c.N, c.S, c.Span)
	for i := range c.day {
		w.int(int64(c.day[i]))
		w.int(c.minute[i])
	}
	for _, o := range c.offset {
		w.int(int64(o))
	}
}

// fingerprint hashes everything that decides how the model scores a schedule.
func fingerprint(m *Model) string {
	w := &keyWriter{h: sha256.New()}
	w.str("flextime-model-1")
	w.ints(m.N, m.S, m.Format.Rounds)
	w.bool(m.Format.Phased)
	w.bool(m.Format.Mirrored)
	if m.dayRules {
		w.str("calendar")
		m.Cal.key(w)
	}
	for _, p := range m.Prims {
		w.str(p.Type)
		w.str(p.Kernel.Kind())
		w.bool(p.Hard)
		w.int(p.Weight)
		p.Kernel.(keyed).key(w)
	}
	return "sha256:" + hex.EncodeToString(w.h.Sum(nil))[:32]
}
