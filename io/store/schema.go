package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migrations[i] takes the schema from version i to version i+1 (PRAGMA user_version). Append only: a
// released migration never changes.
var migrations = []string{
	// 1: the solution pool and lookup counters.
	`CREATE TABLE problems (
		fingerprint TEXT PRIMARY KEY,
		shape       TEXT NOT NULL,
		name        TEXT NOT NULL,
		source      TEXT NOT NULL,
		teams       INTEGER NOT NULL,
		slots       INTEGER NOT NULL,
		created_ms  INTEGER NOT NULL,
		used_ms     INTEGER NOT NULL,
		exact_hits  INTEGER NOT NULL DEFAULT 0,
		shape_hits  INTEGER NOT NULL DEFAULT 0,
		misses      INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX problems_by_shape ON problems (shape, used_ms);
	CREATE INDEX problems_by_use ON problems (used_ms);
	CREATE TABLE solutions (
		id          INTEGER PRIMARY KEY,
		fingerprint TEXT NOT NULL REFERENCES problems (fingerprint) ON DELETE CASCADE,
		hard        INTEGER NOT NULL,
		soft        INTEGER NOT NULL,
		digest      TEXT NOT NULL,
		games       TEXT NOT NULL, -- compact JSON [[home, away, slot], ...] in dense indices
		seed        INTEGER NOT NULL,
		created_ms  INTEGER NOT NULL,
		UNIQUE (fingerprint, digest)
	);
	CREATE INDEX solutions_by_score ON solutions (fingerprint, hard, soft, created_ms);
	CREATE TABLE counters (
		name  TEXT PRIMARY KEY,
		value INTEGER NOT NULL
	);`,
}

// schemaVersion is the schema version this build writes.
var schemaVersion = len(migrations)

// migrate brings the schema to schemaVersion. It reads the version first and takes the write lock only
// when there is something to do, re-reading the version under the lock: another process may have
// migrated meanwhile.
func (s *Store) migrate(ctx context.Context) error {
	v, err := userVersion(ctx, s.db)
	if err != nil {
		return err
	}
	if v == schemaVersion {
		return nil
	}
	if v > schemaVersion {
		return fmt.Errorf("%w: %s has schema version %d, this flextime knows %d", ErrNewerSchema, s.path, v, schemaVersion)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		v, err := userVersion(ctx, tx)
		if err != nil {
			return err
		}
		if v > schemaVersion {
			return fmt.Errorf("%w: %s has schema version %d, this flextime knows %d", ErrNewerSchema, s.path, v, schemaVersion)
		}
		if v == 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &damagedError{cause: errors.New("the file is an SQLite database of some other program")}
			}
		}
		for i := v; i < schemaVersion; i++ {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migrate to schema version %d: %w", i+1, err)
			}
		}
		// PRAGMA takes no parameters; the value is a constant of this package.
		_, err = tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion))
		return err
	})
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func userVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}
