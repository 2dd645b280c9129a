package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/flextime/flextime"
)

// Key identifies a problem in the pool.
type Key struct {
	// Fingerprint is the compiled problem's fingerprint: equal fingerprints score every schedule alike.
	Fingerprint string
	// Shape is Shape(problem): problems of one shape share teams, slots and format, so a schedule of
	// one is a complete schedule of the other.
	Shape string
	// Name, Source, Teams and Slots describe the problem in listings.
	Name, Source string
	Teams, Slots int
}

// KeyOf returns the key of a problem whose compiled fingerprint is given.
func KeyOf(p *flextime.Problem, fingerprint string) Key {
	return Key{Fingerprint: fingerprint, Shape: Shape(p), Name: p.Name, Source: p.Source, Teams: len(p.Teams), Slots: len(p.Slots)}
}

// Shape hashes what makes the games of one problem's schedules mean the same in another: the team ids
// and slot ids in order (the dense indices games use) and the format.
func Shape(p *flextime.Problem) string {
	h := sha256.New()
	var buf [binary.MaxVarintLen64]byte
	num := func(v int) { h.Write(buf[:binary.PutVarint(buf[:], int64(v))]) }
	str := func(s string) { num(len(s)); h.Write([]byte(s)) }
	str("flextime-shape-1")
	num(len(p.Teams))
	for _, t := range p.Teams {
		str(t.ID)
	}
	num(len(p.Slots))
	for _, s := range p.Slots {
		str(s.ID)
	}
	num(p.Format.Rounds)
	for _, b := range []bool{p.Format.Phased, p.Format.Mirrored} {
		if b {
			num(1)
		} else {
			num(0)
		}
	}
	// Partial and series formats (written only when set, so that older shapes keep their hash).
	if p.Format.GamesPerTeam > 0 || p.Format.Series > 1 {
		str("partial")
		num(p.Format.GamesPerTeam)
		num(p.Format.Series)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:32]
}

// Solution is one stored schedule.
type Solution struct {
	Fingerprint string
	Games       []flextime.Game
	// Score is the score the schedule had when it was stored, under its own problem.
	Score   flextime.Score
	Seed    uint64
	Created time.Time
}

// Put adds a schedule to the pool of its problem, which keeps the best Options.Keep, and reports whether
// it is strictly better than every schedule stored before. A schedule already in the pool is not added
// twice. Put also drops the least recently used problems beyond Options.MaxProblems.
func (s *Store) Put(ctx context.Context, key Key, games []flextime.Game, score flextime.Score, seed uint64) (bool, error) {
	data, digest := encodeGames(games)
	now := s.nowMS()
	var better bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := upsertProblem(ctx, tx, key, now); err != nil {
			return err
		}
		var hard, soft int64
		err := tx.QueryRowContext(ctx, `SELECT hard, soft FROM solutions WHERE fingerprint = ? ORDER BY hard, soft LIMIT 1`,
			key.Fingerprint).Scan(&hard, &soft)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			better = true
		case err != nil:
			return err
		default:
			better = score.Less(flextime.Score{Hard: hard, Soft: soft})
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO solutions (fingerprint, hard, soft, digest, games, seed, created_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint, digest) DO NOTHING`,
			key.Fingerprint, score.Hard, score.Soft, digest, data, int64(seed), now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM solutions WHERE fingerprint = ?1 AND id NOT IN
			(SELECT id FROM solutions WHERE fingerprint = ?1 ORDER BY hard, soft, created_ms LIMIT ?2)`,
			key.Fingerprint, s.opts.Keep); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM problems WHERE fingerprint IN
			(SELECT fingerprint FROM problems ORDER BY used_ms DESC LIMIT -1 OFFSET ?)`, s.opts.MaxProblems)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store schedule: %w", err)
	}
	return better, nil
}

func upsertProblem(ctx context.Context, tx *sql.Tx, key Key, now int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO problems (fingerprint, shape, name, source, teams, slots, created_ms, used_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (fingerprint) DO UPDATE SET shape = excluded.shape, name = excluded.name, source = excluded.source,
			used_ms = excluded.used_ms`,
		key.Fingerprint, key.Shape, key.Name, key.Source, key.Teams, key.Slots, now, now)
	return err
}

// Best returns the best stored schedule of a problem, or nil when there is none.
func (s *Store) Best(ctx context.Context, fingerprint string) (*Solution, error) {
	row := s.db.QueryRowContext(ctx, `SELECT fingerprint, hard, soft, games, seed, created_ms FROM solutions
		WHERE fingerprint = ? ORDER BY hard, soft, created_ms LIMIT 1`, fingerprint)
	sol, err := scanSolution(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return sol, err
}

// Match says how a warm start relates to the problem being solved.
type Match int

// Matches.
const (
	// Miss: no stored schedule fits the problem.
	Miss Match = iota
	// Exact: the start was stored for this very problem (same fingerprint).
	Exact
	// SameShape: the start was stored for an edited version of the problem (same teams, slots and format).
	SameShape
)

func (m Match) String() string { return [...]string{"none", "exact", "shape"}[m] }

// Start is a warm start chosen by WarmStart.
type Start struct {
	Solution
	Match Match
	// Rescored is the schedule's score under the problem being solved.
	Rescored flextime.Score
}

// maxShapeCandidates bounds how many problems of the same shape WarmStart looks at.
const maxShapeCandidates = 16

// WarmStart picks the schedule a solve of key's problem should start from: of the schedules stored for
// the problem itself and for the most recently used problems of the same shape (edited versions of it),
// the one that scores best under the problem, as rescore computes it (rescore returns false for a
// schedule that does not fit, which is then skipped); on a tie the problem's own schedule wins. It
// returns nil when no stored schedule fits. It counts the lookup as an exact hit, a shape hit or a miss,
// for Stats, and registers the problem.
func (s *Store) WarmStart(ctx context.Context, key Key, rescore func([]flextime.Game) (flextime.Score, bool)) (*Start, error) {
	// Read and rescore outside any transaction (WAL readers do not block writers), then count the
	// lookup in one short write.
	cands, err := s.candidates(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("look up a warm start: %w", err)
	}
	var best *Start
	for _, c := range cands {
		sc, ok := rescore(c.Games)
		if !ok {
			continue
		}
		m := SameShape
		if c.Fingerprint == key.Fingerprint {
			m = Exact
		}
		if best == nil || sc.Less(best.Rescored) {
			best = &Start{Solution: *c, Match: m, Rescored: sc}
		}
	}
	m := Miss
	if best != nil {
		m = best.Match
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := upsertProblem(ctx, tx, key, s.nowMS()); err != nil {
			return err
		}
		col := map[Match]string{Miss: "misses", Exact: "exact_hits", SameShape: "shape_hits"}[m]
		if _, err := tx.ExecContext(ctx, `UPDATE problems SET `+col+` = `+col+` + 1 WHERE fingerprint = ?`, key.Fingerprint); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET value = value + 1`, "lookup."+m.String())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count a warm-start lookup: %w", err)
	}
	return best, nil
}

// candidates returns the stored schedules WarmStart considers: the problem's own first, then those of
// the most recently used problems of its shape, best first within each problem.
func (s *Store) candidates(ctx context.Context, key Key) ([]*Solution, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.fingerprint, s.hard, s.soft, s.games, s.seed, s.created_ms
		FROM solutions s JOIN (SELECT fingerprint, used_ms FROM problems WHERE shape = ?1 OR fingerprint = ?2
			ORDER BY fingerprint = ?2 DESC, used_ms DESC LIMIT ?3) p ON s.fingerprint = p.fingerprint
		ORDER BY s.fingerprint = ?2 DESC, p.used_ms DESC, s.fingerprint, s.hard, s.soft, s.created_ms`,
		key.Shape, key.Fingerprint, maxShapeCandidates+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []*Solution
	for rows.Next() {
		sol, err := scanSolution(rows)
		if errors.Is(err, errBadGames) {
			continue // unreadable, so useless as a start; better schedules push it out of the pool in time
		}
		if err != nil {
			return nil, err
		}
		cands = append(cands, sol)
	}
	return cands, rows.Err()
}

// errBadGames reports a stored schedule that cannot be decoded.
var errBadGames = errors.New("store: unreadable stored schedule")

type scanner interface {
	Scan(dest ...any) error
}

func scanSolution(r scanner) (*Solution, error) {
	var sol Solution
	var data []byte
	var seed, created int64
	if err := r.Scan(&sol.Fingerprint, &sol.Score.Hard, &sol.Score.Soft, &data, &seed, &created); err != nil {
		return nil, err
	}
	games, err := decodeGames(data)
	if err != nil {
		return nil, fmt.Errorf("%w of %s: %v", errBadGames, sol.Fingerprint, err)
	}
	sol.Games, sol.Seed, sol.Created = games, uint64(seed), time.UnixMilli(created)
	return &sol, nil
}

// encodeGames writes games as compact JSON triples in a canonical order (by slot, then home team) and
// returns the text with a digest of it; equal schedules give equal digests.
func encodeGames(games []flextime.Game) (string, string) {
	gs := slices.Clone(games)
	slices.SortFunc(gs, flextime.CompareGames)
	var b bytes.Buffer
	b.WriteByte('[')
	for i, g := range gs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%d,%d,%d]", g.Home, g.Away, g.Slot)
	}
	b.WriteByte(']')
	sum := sha256.Sum256(b.Bytes())
	return b.String(), hex.EncodeToString(sum[:16])
}

func decodeGames(data []byte) ([]flextime.Game, error) {
	var triples [][3]int
	if err := json.Unmarshal(data, &triples); err != nil {
		return nil, err
	}
	games := make([]flextime.Game, len(triples))
	for i, t := range triples {
		if t[0] < 0 || t[1] < 0 || t[2] < 0 || t[0] > flextime.MaxTeams || t[1] > flextime.MaxTeams || t[2] > flextime.MaxSlots {
			return nil, fmt.Errorf("game %d %v is out of range", i, t)
		}
		games[i] = flextime.Game{Home: t[0], Away: t[1], Slot: t[2]}
	}
	return games, nil
}
