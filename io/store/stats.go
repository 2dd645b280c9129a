package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/flextime/flextime"
)

// Stats describes the cache as a whole.
type Stats struct {
	Path string `json:"path"`
	// Bytes is the size on disk: the database file and its write-ahead log.
	Bytes         int64 `json:"bytes"`
	SchemaVersion int   `json:"schema_version"`
	Problems      int   `json:"problems"`
	Solutions     int   `json:"solutions"`
	// ExactHits, ShapeHits and Misses count warm-start lookups since the cache was created or cleared:
	// started from the problem's own best, from an edited version's, or from nothing.
	ExactHits int64 `json:"exact_hits"`
	ShapeHits int64 `json:"shape_hits"`
	Misses    int64 `json:"misses"`
}

// Lookups returns the number of warm-start lookups counted.
func (s Stats) Lookups() int64 { return s.ExactHits + s.ShapeHits + s.Misses }

// HitRate returns the share of lookups that found a start, or 0 when there were none.
func (s Stats) HitRate() float64 {
	if s.Lookups() == 0 {
		return 0
	}
	return float64(s.ExactHits+s.ShapeHits) / float64(s.Lookups())
}

// Stats returns the cache's size, counts and lookup counters.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Path: s.path}
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(s.path + suffix); err == nil {
			st.Bytes += fi.Size()
		}
	}
	var err error
	if st.SchemaVersion, err = userVersion(ctx, s.db); err != nil {
		return st, err
	}
	row := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM problems), (SELECT count(*) FROM solutions),
		(SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'lookup.exact'),
		(SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'lookup.shape'),
		(SELECT coalesce(sum(value), 0) FROM counters WHERE name = 'lookup.none')`)
	if err := row.Scan(&st.Problems, &st.Solutions, &st.ExactHits, &st.ShapeHits, &st.Misses); err != nil {
		return st, fmt.Errorf("cache stats: %w", err)
	}
	return st, nil
}

// ProblemInfo is one problem of the pool, for listings.
type ProblemInfo struct {
	Fingerprint string `json:"fingerprint"`
	Shape       string `json:"shape"`
	Name        string `json:"name"`
	Source      string `json:"source"`
	Teams       int    `json:"teams"`
	Slots       int    `json:"slots"`
	// Best is the best stored score, nil when the problem has no stored schedule.
	Best      *flextime.Score `json:"best"`
	Solutions int             `json:"solutions"`
	ExactHits int64           `json:"exact_hits"`
	ShapeHits int64           `json:"shape_hits"`
	Misses    int64           `json:"misses"`
	Created   time.Time       `json:"created"`
	Used      time.Time       `json:"used"`
}

// Problems lists the problems of the pool, most recently used first.
func (s *Store) Problems(ctx context.Context) ([]ProblemInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.fingerprint, p.shape, p.name, p.source, p.teams, p.slots,
			b.hard, b.soft, (SELECT count(*) FROM solutions WHERE fingerprint = p.fingerprint),
			p.exact_hits, p.shape_hits, p.misses, p.created_ms, p.used_ms
		FROM problems p LEFT JOIN solutions b ON b.id =
			(SELECT id FROM solutions WHERE fingerprint = p.fingerprint ORDER BY hard, soft, created_ms LIMIT 1)
		ORDER BY p.used_ms DESC, p.fingerprint`)
	if err != nil {
		return nil, fmt.Errorf("list cached problems: %w", err)
	}
	defer rows.Close()
	var out []ProblemInfo
	for rows.Next() {
		var pi ProblemInfo
		var hard, soft sql.NullInt64
		var created, used int64
		if err := rows.Scan(&pi.Fingerprint, &pi.Shape, &pi.Name, &pi.Source, &pi.Teams, &pi.Slots, &hard, &soft,
			&pi.Solutions, &pi.ExactHits, &pi.ShapeHits, &pi.Misses, &created, &used); err != nil {
			return nil, fmt.Errorf("list cached problems: %w", err)
		}
		if hard.Valid {
			pi.Best = &flextime.Score{Hard: hard.Int64, Soft: soft.Int64}
		}
		pi.Created, pi.Used = time.UnixMilli(created), time.UnixMilli(used)
		out = append(out, pi)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list cached problems: %w", err)
	}
	return out, nil
}

// Clear empties the cache (problems, schedules and counters) and returns how many problems and
// schedules it dropped. The file stays, so processes that have it open are not disturbed.
func (s *Store) Clear(ctx context.Context) (problems, solutions int, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM problems), (SELECT count(*) FROM solutions)`).
			Scan(&problems, &solutions); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM solutions`, `DELETE FROM problems`, `DELETE FROM counters`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("clear the cache: %w", err)
	}
	// Give the space back to the file system; another process holding the file busy only delays that.
	_, _ = s.db.ExecContext(ctx, `VACUUM`)
	_, _ = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return problems, solutions, nil
}
