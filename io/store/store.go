package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Errors Open returns. Callers run without the cache after either.
var (
	// ErrUnavailable reports a cache that cannot be created, opened or written where it was asked to live.
	ErrUnavailable = errors.New("store: cache unavailable")
	// ErrNewerSchema reports a cache file written by a newer flextime; it is left untouched.
	ErrNewerSchema = errors.New("store: cache written by a newer flextime")
)

// Options tune a store. The zero value of each field has the meaning its comment gives.
type Options struct {
	// Warn receives a one-line message when Open recovers from a damaged file; nil discards it.
	Warn func(msg string)
	// Keep is the number of schedules kept per problem; zero means 5.
	Keep int
	// MaxProblems is the number of problems kept, the least recently used dropped first; zero means 1000.
	MaxProblems int
	// BusyTimeout is how long a statement waits for another process's lock; zero means 5 seconds.
	BusyTimeout time.Duration
}

// DefaultOptions returns the options a zero Options stands for.
func DefaultOptions() Options {
	return Options{Keep: 5, MaxProblems: 1000, BusyTimeout: 5 * time.Second}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.Keep <= 0 {
		o.Keep = d.Keep
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = d.MaxProblems
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = d.BusyTimeout
	}
	return o
}

// DefaultPath returns where the cache lives unless told otherwise: cache.db in a flextime folder of the
// user's cache directory (on Linux $XDG_CACHE_HOME/flextime/cache.db, else ~/.cache/flextime/cache.db).
func DefaultPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return filepath.Join(dir, "flextime", "cache.db"), nil
}

// Store is an open cache file. Its methods are safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string
	opts Options
	now  func() time.Time
}

// Open opens the cache file at path, creating it and its folder when missing and migrating its schema
// forward. A damaged file is moved aside (renamed path.corrupt-TIMESTAMP) and replaced by a new one,
// with a message to opts.Warn. Errors wrap ErrUnavailable or ErrNewerSchema.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrUnavailable, path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	before, _ := os.Stat(abs) // nil when the file does not exist yet
	s, err := open(ctx, abs, opts)
	var dmg *damagedError
	if !errors.As(err, &dmg) {
		return s, err
	}
	moved, qerr := quarantine(abs, before, time.Now())
	if qerr != nil {
		return nil, fmt.Errorf("%w: %s is damaged (%v) and cannot be moved aside: %v", ErrUnavailable, abs, dmg.cause, qerr)
	}
	if opts.Warn != nil {
		msg := fmt.Sprintf("cache %s is damaged (%v); starting a new one", abs, dmg.cause)
		if moved != "" {
			msg = fmt.Sprintf("cache %s is damaged (%v); moved it to %s and started a new one", abs, dmg.cause, moved)
		}
		opts.Warn(msg)
	}
	return open(ctx, abs, opts)
}

// damagedError marks a file that exists but is not a usable flextime cache.
type damagedError struct{ cause error }

func (e *damagedError) Error() string { return "store: damaged cache: " + e.cause.Error() }
func (e *damagedError) Unwrap() error { return e.cause }

// classify turns an error met while opening into a damagedError or an ErrUnavailable error.
func classify(path string, err error) error {
	if err == nil {
		return nil
	}
	if se, ok := errors.AsType[sqlite3.Error](err); ok && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return &damagedError{cause: err}
	}
	if errors.Is(err, ErrNewerSchema) || errors.Is(err, ErrUnavailable) {
		return err
	}
	var dmg *damagedError
	if errors.As(err, &dmg) {
		return err
	}
	return fmt.Errorf("%w: %s: %v", ErrUnavailable, path, err)
}

func open(ctx context.Context, path string, opts Options) (*Store, error) {
	db, err := sql.Open("sqlite3", dsn(path, opts.BusyTimeout))
	if err != nil {
		return nil, classify(path, err)
	}
	s := &Store{db: db, path: path, opts: opts, now: time.Now}
	if err := connect(ctx, db, opts.BusyTimeout); err != nil {
		db.Close()
		return nil, classify(path, err)
	}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, classify(path, err)
	}
	return s, nil
}

// connect makes the first connection to the file, retrying while another connection holds it locked for
// up to busy. Connecting switches the file to WAL mode, and on a new file that switch needs a lock of its
// own that SQLite does not wait for: when two solves create one cache at once, the second gets
// SQLITE_BUSY at once even with a busy timeout set.
func connect(ctx context.Context, db *sql.DB, busy time.Duration) error {
	deadline := time.Now().Add(busy)
	wait := 5 * time.Millisecond
	for {
		err := db.PingContext(ctx)
		se, ok := errors.AsType[sqlite3.Error](err)
		if err == nil || !ok || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// dsn is the go-sqlite3 connection string: a file: URI (so that any path works), WAL journal, a busy
// timeout, foreign keys, and BEGIN IMMEDIATE for every transaction (a write transaction takes the write
// lock up front, so it waits for another writer instead of failing when it upgrades).
func dsn(path string, busy time.Duration) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	return fmt.Sprintf("file:%s?_busy_timeout=%d&_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1&_txlock=immediate",
		esc, busy.Milliseconds())
}

// init checks the file and migrates its schema.
func (s *Store) init(ctx context.Context) error {
	// Connecting already set WAL mode (or failed on a file that is not a database); quick_check reads
	// every page, which finds a damaged file before a solve relies on it.
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return err
	}
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return &damagedError{cause: fmt.Errorf("integrity check: %s", strings.Join(problems[:min(len(problems), 3)], "; "))}
	}
	return s.migrate(ctx)
}

// quarantine renames a damaged file to path.corrupt-TIMESTAMP, with its -wal file beside it, and removes
// its -shm index. It leaves alone a file that is no longer the one that was found damaged (another
// process moved it aside and made a new one meanwhile) and returns "" then.
func quarantine(path string, before os.FileInfo, now time.Time) (string, error) {
	cur, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if before != nil && !os.SameFile(before, cur) {
		return "", nil
	}
	moved := path + ".corrupt-" + now.UTC().Format("20060102T150405.000Z")
	if err := os.Rename(path, moved); err != nil {
		return "", err
	}
	if err := os.Rename(path+"-wal", moved+"-wal"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return moved, err
	}
	if err := os.Remove(path + "-shm"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return moved, err
	}
	return moved, nil
}

// Path returns the absolute path of the cache file.
func (s *Store) Path() string { return s.path }

// Close closes the file. The last connection to close checkpoints the WAL into the database.
func (s *Store) Close() error { return s.db.Close() }

// write runs f in one BEGIN IMMEDIATE transaction.
func (s *Store) write(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) nowMS() int64 { return s.now().UnixMilli() }
