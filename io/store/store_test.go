package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/flextime/flextime"
)

// openT opens a store in a test folder and closes it when the test ends.
func openT(t *testing.T, path string, opts Options) *Store {
	t.Helper()
	s, err := Open(t.Context(), path, opts)
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// schedule returns a complete single round robin of n teams (circle method) with the teams relabelled
// by a permutation drawn from k, so that different k give different schedules.
func schedule(n, k int) []flextime.Game {
	perm := rand.New(rand.NewPCG(uint64(k), 7)).Perm(n)
	var games []flextime.Game
	for r := range n - 1 {
		for i := range n / 2 {
			a, b := (r+i)%(n-1), (r+n-1-i)%(n-1)
			if i == 0 {
				b = n - 1
			}
			if (r+i)%2 == 1 {
				a, b = b, a
			}
			games = append(games, flextime.Game{Home: perm[a], Away: perm[b], Slot: r})
		}
	}
	return games
}

func key(fp, shape string) Key {
	return Key{Fingerprint: fp, Shape: shape, Name: "test " + fp, Source: "t.yaml", Teams: 6, Slots: 5}
}

func TestOpenCreatesMigratesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "cache.db")
	s := openT(t, path, Options{})
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var busy int
	if err := s.db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 5000 {
		t.Errorf("busy_timeout = %d, %v; want 5000", busy, err)
	}
	if v, err := userVersion(t.Context(), s.db); err != nil || v != schemaVersion {
		t.Errorf("user_version = %d, %v; want %d", v, err, schemaVersion)
	}
	if _, err := s.Put(t.Context(), key("fp1", "sh"), schedule(6, 0), flextime.Score{Soft: 10}, 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openT(t, path, Options{})
	best, err := s2.Best(t.Context(), "fp1")
	if err != nil || best == nil || best.Score.Soft != 10 {
		t.Fatalf("Best after reopen = %+v, %v; want the stored schedule", best, err)
	}
}

func TestPutKeepsTheBestFew(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{Keep: 3})
	ctx := t.Context()
	k := key("fp", "sh")
	steps := []struct {
		soft   int64
		hard   int64
		sched  int
		better bool
	}{
		{50, 0, 0, true},
		{60, 0, 1, false},
		{40, 0, 2, true},
		{40, 0, 2, false}, // the same schedule again: not added twice
		{10, 1, 3, false}, // infeasible is worse than any feasible
		{30, 0, 4, true},
		{35, 0, 5, false},
	}
	for i, st := range steps {
		better, err := s.Put(ctx, k, schedule(6, st.sched), flextime.Score{Hard: st.hard, Soft: st.soft}, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		if better != st.better {
			t.Errorf("step %d: Put(%d,%d) better = %t, want %t", i, st.hard, st.soft, better, st.better)
		}
	}
	var softs []int64
	rows, err := s.db.Query(`SELECT soft FROM solutions WHERE fingerprint = 'fp' ORDER BY hard, soft`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int64
		_ = rows.Scan(&v)
		softs = append(softs, v)
	}
	rows.Close()
	if want := []int64{30, 35, 40}; !slices.Equal(softs, want) {
		t.Errorf("kept soft scores %v, want %v", softs, want)
	}
	best, err := s.Best(ctx, "fp")
	if err != nil || best == nil {
		t.Fatalf("Best = %v, %v", best, err)
	}
	if best.Score != (flextime.Score{Soft: 30}) || best.Seed != 5 || !sameGames(best.Games, schedule(6, 4)) {
		t.Errorf("Best = %v seed %d, want soft 30 seed 5 with the schedule stored", best.Score, best.Seed)
	}
	if none, err := s.Best(ctx, "unknown"); none != nil || err != nil {
		t.Errorf("Best(unknown) = %v, %v; want nil, nil", none, err)
	}
}

func sameGames(a, b []flextime.Game) bool {
	ea, _ := encodeGames(a)
	eb, _ := encodeGames(b)
	return ea == eb
}

func TestSeedsAboveInt64Survive(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{})
	seed := uint64(1<<63 + 12345)
	if _, err := s.Put(t.Context(), key("fp", "sh"), schedule(6, 0), flextime.Score{}, seed); err != nil {
		t.Fatal(err)
	}
	best, err := s.Best(t.Context(), "fp")
	if err != nil || best.Seed != seed {
		t.Errorf("seed = %d, %v; want %d", best.Seed, err, seed)
	}
}

func TestWarmStartPicksTheBestFitUnderTheNewRules(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{})
	ctx := t.Context()
	// Three problems of one shape, each with a stored best; one problem of another shape.
	for i, fp := range []string{"old1", "old2", "old3"} {
		if _, err := s.Put(ctx, key(fp, "shape-a"), schedule(6, i), flextime.Score{Soft: int64(100 + i)}, 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Put(ctx, key("other", "shape-b"), schedule(6, 3), flextime.Score{}, 1); err != nil {
		t.Fatal(err)
	}
	// Under the new rules schedule 1 scores best, schedule 2 does not fit at all.
	rescore := func(games []flextime.Game) (flextime.Score, bool) {
		switch {
		case sameGames(games, schedule(6, 1)):
			return flextime.Score{Soft: 7}, true
		case sameGames(games, schedule(6, 2)):
			return flextime.Score{}, false
		}
		return flextime.Score{Soft: 500}, true
	}
	st, err := s.WarmStart(ctx, key("new", "shape-a"), rescore)
	if err != nil {
		t.Fatal(err)
	}
	if st == nil || st.Match != SameShape || st.Fingerprint != "old2" || st.Rescored.Soft != 7 || st.Score.Soft != 101 {
		t.Fatalf("WarmStart = %+v, want old2's schedule, rescored to 7, as a shape match", st)
	}

	// Once the new problem has its own schedule, it wins unless an edited version's scores better.
	if _, err := s.Put(ctx, key("new", "shape-a"), schedule(6, 4), flextime.Score{Soft: 5}, 2); err != nil {
		t.Fatal(err)
	}
	rescoreOwn := func(games []flextime.Game) (flextime.Score, bool) {
		if sameGames(games, schedule(6, 4)) {
			return flextime.Score{Soft: 5}, true
		}
		return rescore(games)
	}
	st, err = s.WarmStart(ctx, key("new", "shape-a"), rescoreOwn)
	if err != nil || st == nil || st.Match != Exact || st.Rescored.Soft != 5 {
		t.Fatalf("WarmStart = %+v, %v; want the problem's own best as an exact match", st, err)
	}

	// Not only each problem's best: a schedule old1 keeps behind its best may fit the new rules better.
	if _, err := s.Put(ctx, key("old1", "shape-a"), schedule(6, 5), flextime.Score{Soft: 900}, 3); err != nil {
		t.Fatal(err)
	}
	rescoreSecond := func(games []flextime.Game) (flextime.Score, bool) {
		if sameGames(games, schedule(6, 5)) {
			return flextime.Score{Soft: 1}, true
		}
		return rescoreOwn(games)
	}
	st, err = s.WarmStart(ctx, key("new", "shape-a"), rescoreSecond)
	if err != nil || st == nil || st.Match != SameShape || st.Fingerprint != "old1" || st.Score.Soft != 900 || st.Rescored.Soft != 1 {
		t.Fatalf("WarmStart = %+v, %v; want old1's second schedule, rescored to 1", st, err)
	}

	st, err = s.WarmStart(ctx, key("lonely", "shape-c"), rescore)
	if err != nil || st != nil {
		t.Fatalf("WarmStart of an unknown shape = %+v, %v; want nil, nil", st, err)
	}

	stats, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.ExactHits != 1 || stats.ShapeHits != 2 || stats.Misses != 1 || stats.Problems != 6 || stats.Solutions != 6 {
		t.Errorf("Stats = %+v, want 1 exact hit, 2 shape hits, 1 miss, 6 problems, 6 schedules", stats)
	}
	if got := stats.HitRate(); got != 0.75 {
		t.Errorf("HitRate() = %v, want 3/4", got)
	}
	probs, err := s.Problems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 6 || probs[0].Fingerprint != "lonely" || probs[0].Best != nil || probs[0].Misses != 1 {
		t.Fatalf("Problems()[0] = %+v, want the most recently used, lonely, with no schedule and one miss", probs[0])
	}
	for _, p := range probs {
		if p.Fingerprint == "new" && (p.Best == nil || p.Best.Soft != 5 || p.ExactHits != 1 || p.ShapeHits != 2 || p.Solutions != 1) {
			t.Errorf("Problems() entry for new = %+v, want best soft 5, one exact and two shape hits", p)
		}
	}
}

func TestMaxProblemsDropsTheLeastRecentlyUsed(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{MaxProblems: 2})
	ms := int64(0)
	s.now = func() time.Time { ms += 1000; return time.UnixMilli(ms) }
	for _, fp := range []string{"a", "b", "c"} {
		if _, err := s.Put(t.Context(), key(fp, "sh"), schedule(6, 0), flextime.Score{}, 1); err != nil {
			t.Fatal(err)
		}
	}
	probs, err := s.Problems(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var fps []string
	for _, p := range probs {
		fps = append(fps, p.Fingerprint)
	}
	if !slices.Equal(fps, []string{"c", "b"}) {
		t.Errorf("problems kept = %v, want [c b]", fps)
	}
	var orphans int
	if err := s.db.QueryRow(`SELECT count(*) FROM solutions WHERE fingerprint = 'a'`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("schedules of the dropped problem = %d, %v; want 0", orphans, err)
	}
}

func TestClear(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{})
	ctx := t.Context()
	for i := range 3 {
		if _, err := s.Put(ctx, key(fmt.Sprint(i), "sh"), schedule(6, i), flextime.Score{}, 1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.WarmStart(ctx, key("x", "sh"), func([]flextime.Game) (flextime.Score, bool) { return flextime.Score{}, true }); err != nil {
		t.Fatal(err)
	}
	p, n, err := s.Clear(ctx)
	if err != nil || p != 4 || n != 3 {
		t.Fatalf("Clear() = %d, %d, %v; want 4 problems, 3 schedules", p, n, err)
	}
	st, err := s.Stats(ctx)
	if err != nil || st.Problems != 0 || st.Solutions != 0 || st.Lookups() != 0 {
		t.Errorf("Stats after Clear = %+v, %v; want all zero", st, err)
	}
}

func TestShape(t *testing.T) {
	base := func() *flextime.Problem {
		return &flextime.Problem{
			Teams:  []flextime.Team{{ID: "A"}, {ID: "B"}, {ID: "C"}, {ID: "D"}},
			Slots:  []flextime.Slot{{ID: "1"}, {ID: "2"}, {ID: "3"}},
			Format: flextime.Format{Rounds: 1},
		}
	}
	a := Shape(base())
	tests := []struct {
		name string
		edit func(p *flextime.Problem)
		same bool
	}{
		{"a constraint added", func(p *flextime.Problem) { p.Constraints = append(p.Constraints, nil) }, true},
		{"renamed problem", func(p *flextime.Problem) { p.Name = "other" }, true},
		{"team order", func(p *flextime.Problem) { p.Teams[0], p.Teams[1] = p.Teams[1], p.Teams[0] }, false},
		{"team id", func(p *flextime.Problem) { p.Teams[3].ID = "E" }, false},
		{"slot id", func(p *flextime.Problem) { p.Slots[2].ID = "x" }, false},
		{"phased", func(p *flextime.Problem) { p.Format.Phased = true }, false},
		{"ids that concatenate alike", func(p *flextime.Problem) { p.Teams[0].ID, p.Teams[1].ID = "AB", "" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(p)
			if got := Shape(p) == a; got != tt.same {
				t.Errorf("Shape equal = %t, want %t", got, tt.same)
			}
		})
	}
}

func TestDecodeRejectsBadGames(t *testing.T) {
	for _, in := range []string{`not json`, `[[1,2]]x`, `[[-1,0,0]]`, `[[0,1,99999]]`} {
		if _, err := decodeGames([]byte(in)); err == nil {
			t.Errorf("decodeGames(%q) = nil error, want one", in)
		}
	}
	enc, _ := encodeGames(schedule(6, 1))
	back, err := decodeGames([]byte(enc))
	if err != nil || !sameGames(back, schedule(6, 1)) {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

// TestWarmStartSkipsUnreadableSchedules: a stored schedule that no longer decodes is not a start, and
// does not stop the lookup.
func TestWarmStartSkipsUnreadableSchedules(t *testing.T) {
	s := openT(t, filepath.Join(t.TempDir(), "cache.db"), Options{})
	ctx := t.Context()
	if _, err := s.Put(ctx, key("fp", "sh"), schedule(6, 0), flextime.Score{}, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE solutions SET games = '[[1,2' WHERE fingerprint = 'fp'`); err != nil {
		t.Fatal(err)
	}
	st, err := s.WarmStart(ctx, key("fp", "sh"), func([]flextime.Game) (flextime.Score, bool) { return flextime.Score{}, true })
	if err != nil || st != nil {
		t.Errorf("WarmStart = %+v, %v; want nil, nil", st, err)
	}
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOpenNewFileFromManyConnectionsAtOnce opens one new file from several connections at the same time,
// as solves started together on a fresh cache do: every one opens it, none falls back to no cache.
func TestOpenNewFileFromManyConnectionsAtOnce(t *testing.T) {
	for round := range 50 {
		path := filepath.Join(t.TempDir(), "cache.db")
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s, err := Open(t.Context(), path, Options{})
				if err != nil {
					t.Errorf("round %d: %v", round, err)
					return
				}
				if err := s.Close(); err != nil {
					t.Errorf("round %d: close: %v", round, err)
				}
			})
		}
		wg.Wait()
	}
}
