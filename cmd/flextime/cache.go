package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/store"
	"github.com/flextime/flextime/solver"
)

// cacheSettings are the cache flags of solve.
type cacheSettings struct {
	path        string // --cache; empty means store.DefaultPath()
	off         bool   // --no-cache
	noWarmStart bool   // --no-warm-start
}

// cachePath resolves --cache.
func cachePath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return store.DefaultPath()
}

// cacheFlagHelp is the help text of --cache, naming the default location.
func cacheFlagHelp() string {
	def, err := store.DefaultPath()
	if err != nil {
		def = "none: no user cache directory"
	}
	return fmt.Sprintf("cache file of best schedules (default %s; env FLEXTIME_CACHE)", def)
}

// warn prints a warning on stderr. Warnings show even with --quiet: they say what did not happen.
func warn(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "flextime: warning: "+format+"\n", args...)
}

// solveCache is solve's use of the cache: a warm start before the search, new bests stored during it and
// the result after it. Every failure is a warning; none stops the solve. Without an open store (cache
// off or unavailable) it does nothing.
type solveCache struct {
	io       streams
	quiet    bool
	noWarm   bool   // --no-warm-start
	seed     uint64 // recorded with stored schedules
	st       *store.Store
	key      store.Key
	start    *store.Start
	writer   *poolWriter
	overhead time.Duration // spent in store calls
	bestAt   time.Duration // when the search first reached its final best score
	best     *flextime.Score
	finished bool
}

// openSolveCache opens the cache for a solve of m, or returns a solveCache that does nothing (with a
// warning saying why, unless the cache is switched off).
func openSolveCache(ctx context.Context, io streams, cs cacheSettings, quiet bool, seed uint64, m *constraints.Model) *solveCache {
	c := &solveCache{io: io, quiet: quiet, seed: seed}
	if cs.off {
		return c
	}
	t0 := time.Now()
	defer func() { c.overhead += time.Since(t0) }()
	path, err := cachePath(cs.path)
	if err == nil {
		c.st, err = store.Open(ctx, path, store.Options{Warn: func(msg string) { warn(io.err, "%s", msg) }})
	}
	switch {
	case errors.Is(err, store.ErrNewerSchema):
		warn(io.err, "running without the cache: %s was written by a newer flextime (use --cache to pick another file)", path)
		return c
	case err != nil:
		warn(io.err, "running without the cache: %v", err)
		return c
	}
	c.key = store.KeyOf(m.Problem, m.Fingerprint)
	if cs.noWarmStart {
		c.noWarm = true
		return c
	}
	rescore := func(games []flextime.Game) (flextime.Score, bool) {
		if _, err := constraints.GridFromGames(m.N, m.S, games, !m.Compact); err != nil {
			return flextime.Score{}, false // not a complete schedule of this problem
		}
		return m.Evaluate(games), true
	}
	c.start, err = c.st.WarmStart(ctx, c.key, rescore)
	if err != nil {
		warn(io.err, "starting from scratch: %v", err)
		c.start = nil
	}
	return c
}

// enabled reports whether the cache is open.
func (c *solveCache) enabled() bool { return c.st != nil }

// startGames returns the warm start for the solver, or nil, and says on stderr where it comes from.
func (c *solveCache) startGames() []flextime.Game {
	if c.start == nil {
		return nil
	}
	if !c.quiet {
		s := c.start.Rescored
		switch c.start.Match {
		case store.Exact:
			fmt.Fprintf(c.io.err, "flextime: warm start from the best cached schedule of this problem (hard %d, soft %d); --no-warm-start starts from scratch\n", s.Hard, s.Soft)
		default:
			fmt.Fprintf(c.io.err, "flextime: warm start from a cached schedule of an edited version of this problem (now hard %d, soft %d); --no-warm-start starts from scratch\n", s.Hard, s.Soft)
		}
	}
	return c.start.Games
}

// dropStart forgets a warm start the solver refused.
func (c *solveCache) dropStart(err error) {
	warn(c.io.err, "the cached schedule cannot start this problem (%v); starting from scratch", err)
	c.start = nil
}

// observe is the solver observer of the cache. It notes when the search reaches a new best score and
// hands each new best schedule to the pool writer, so that a run that is killed keeps what it found.
func (c *solveCache) observe(p solver.Progress) {
	if c.best == nil || p.Best.Less(*c.best) {
		b := p.Best
		c.best, c.bestAt = &b, p.Elapsed
	}
	if p.Improved && p.Games != nil && c.enabled() {
		c.poolWriter().offer(p.Games, p.Best, c.seed)
	}
}

// offer stores the solve's final result in the pool, in the background.
func (c *solveCache) offer(res *solver.Result) {
	if c.enabled() {
		c.poolWriter().offer(res.Games, res.Score, res.Seed)
	}
}

func (c *solveCache) poolWriter() *poolWriter {
	if c.writer == nil {
		c.writer = newPoolWriter(c.st, c.key, writeEvery)
	}
	return c.writer
}

// finish waits for the stored result and closes the cache. It may be called more than once.
func (c *solveCache) finish() {
	if c.finished || !c.enabled() {
		c.finished = true
		return
	}
	c.finished = true
	if c.writer != nil {
		if err := c.writer.close(); err != nil {
			warn(c.io.err, "the schedule was not stored in the cache (%v); the schedule output is not affected", err)
		}
		c.overhead += c.writer.spent
	}
	t0 := time.Now()
	if err := c.st.Close(); err != nil {
		warn(c.io.err, "closing the cache: %v", err)
	}
	c.overhead += time.Since(t0)
}

// cacheSummary is the cache part of solve's JSON output.
type cacheSummary struct {
	Enabled bool   `json:"enabled"`
	Path    string `json:"path,omitempty"`
	// WarmStart is "exact" (this problem's best), "shape" (an edited version's), "none" (nothing fits),
	// "skipped" (--no-warm-start) or "off" (no cache).
	WarmStart string `json:"warm_start"`
	StartHard *int64 `json:"start_hard,omitempty"`
	StartSoft *int64 `json:"start_soft,omitempty"`
	// Stored: the result went into the pool; Improved: it is better than every schedule there before.
	Stored   bool `json:"stored"`
	Improved bool `json:"improved"`
	// BestMS is when the search first reached its final score (epoch granularity), in ms from its start.
	BestMS     int64   `json:"best_ms"`
	OverheadMS float64 `json:"overhead_ms"`
}

func (c *solveCache) summary() cacheSummary {
	s := cacheSummary{Enabled: c.enabled(), WarmStart: "off", BestMS: c.bestAt.Milliseconds(),
		OverheadMS: float64(c.overhead.Microseconds()) / 1000}
	if !c.enabled() {
		return s
	}
	s.Path, s.WarmStart = c.st.Path(), store.Miss.String()
	if c.noWarm {
		s.WarmStart = "skipped"
	}
	if c.start != nil {
		s.WarmStart = c.start.Match.String()
		s.StartHard, s.StartSoft = &c.start.Rescored.Hard, &c.start.Rescored.Soft
	}
	if c.writer != nil {
		s.Stored, s.Improved = c.writer.stored, c.writer.improved
	}
	return s
}

// chainObservers returns an observer that calls each non-nil observer in turn, or nil if none is set.
func chainObservers(obs ...func(solver.Progress)) func(solver.Progress) {
	var set []func(solver.Progress)
	for _, o := range obs {
		if o != nil {
			set = append(set, o)
		}
	}
	switch len(set) {
	case 0:
		return nil
	case 1:
		return set[0]
	}
	return func(p solver.Progress) {
		for _, o := range set {
			o(p)
		}
	}
}

// poolWriter stores schedules in the pool from its own goroutine, so that a slow disk or another
// process's lock never holds up the caller (the solver's coordinating goroutine, when it stores each new
// best). offer never blocks. Writes start at most once per interval; of the schedules offered in
// between, only the last is written. close writes the last one at once.
type poolWriter struct {
	st    *store.Store
	key   store.Key
	every time.Duration
	wake  chan struct{}
	quit  chan struct{}
	done  chan struct{}

	mu       sync.Mutex
	pending  *pendingPut
	last     *flextime.Score // best score offered so far
	closed   bool
	stored   bool
	improved bool
	err      error
	spent    time.Duration
}

type pendingPut struct {
	games []flextime.Game
	score flextime.Score
	seed  uint64
}

// putTimeout bounds one write, lock waits included.
const putTimeout = 15 * time.Second

// writeEvery is the least time between two writes of new bests during a solve: a killed run loses at
// most this much of its progress, and the search loses almost no CPU time to SQLite. A variable so that
// a test can watch every write.
var writeEvery = time.Second

func newPoolWriter(st *store.Store, key store.Key, every time.Duration) *poolWriter {
	w := &poolWriter{st: st, key: key, every: every, wake: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

// offer queues a schedule unless a better or equal one was offered before.
func (w *poolWriter) offer(games []flextime.Game, score flextime.Score, seed uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed || (w.last != nil && !score.Less(*w.last)) {
		return
	}
	w.last, w.pending = &score, &pendingPut{games: games, score: score, seed: seed}
	select {
	case w.wake <- struct{}{}:
	default: // a wake-up is already queued; it will take this schedule
	}
}

func (w *poolWriter) loop() {
	defer close(w.done)
	var last time.Time
	for {
		select {
		case <-w.wake:
		case <-w.quit:
			w.flush()
			return
		}
		if wait := w.every - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-w.quit:
				t.Stop()
				w.flush()
				return
			}
		}
		last = time.Now()
		w.flush()
	}
}

// flush writes the pending schedule, if any.
func (w *poolWriter) flush() {
	w.mu.Lock()
	p := w.pending
	w.pending = nil
	w.mu.Unlock()
	if p == nil {
		return
	}
	// Not the solve's context: an interrupted solve still stores what it found.
	ctx, cancel := context.WithTimeout(context.Background(), putTimeout)
	t0 := time.Now()
	better, err := w.st.Put(ctx, w.key, p.games, p.score, p.seed)
	cancel()
	w.mu.Lock()
	w.spent += time.Since(t0)
	w.err = err
	if err == nil {
		w.stored, w.improved = true, w.improved || better
	}
	w.mu.Unlock()
}

// close writes what is pending, stops the goroutine and returns the last write error.
func (w *poolWriter) close() error {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.quit)
	}
	w.mu.Unlock()
	<-w.done
	return w.err
}

// The cache command.

type cacheOptions struct {
	path string
	json bool
}

func newCacheCmd(io streams, v *viper.Viper, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache {stats|ls|clear|path}",
		Short: "Inspect or clear the cache of best schedules",
		Long: `flextime keeps the best schedules it finds in a cache file (SQLite), per problem, so that solving a
problem again starts from the best schedule found before, and solving an edited problem (same teams,
slots and format; a constraint changed) starts from the stored schedule that scores best under the new
rules.

The file lives in the user's cache directory unless --cache (or FLEXTIME_CACHE, or cache: in the config
file) names another. Several flextime processes may use it at once. A damaged file is moved aside and
replaced; a cache that cannot be written is skipped with a warning. Deleting the file is always safe.`,
		Args: rangeArgs(0, 0),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().String("cache", "", cacheFlagHelp())
	opts := func() cacheOptions { return cacheOptions{path: v.GetString("cache"), json: g.json} }
	sub := func(use, short string, run func(context.Context, streams, cacheOptions) error) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: rangeArgs(0, 0),
			RunE: func(cmd *cobra.Command, _ []string) error { return run(cmd.Context(), io, opts()) }}
	}
	cmd.AddCommand(
		sub("stats", "Show the cache's size, problems, schedules and warm-start hit rate", runCacheStats),
		sub("ls", "List the cached problems with their best scores", runCacheLs),
		sub("clear", "Remove every cached schedule", runCacheClear),
		sub("path", "Print where the cache file is", runCachePath),
	)
	return cmd
}

// openExisting opens the cache file for the cache command, or returns nil when there is no file yet.
func openExisting(ctx context.Context, io streams, opts cacheOptions) (*store.Store, string, error) {
	path, err := cachePath(opts.path)
	if err != nil {
		return nil, "", err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, path, nil
	}
	st, err := store.Open(ctx, path, store.Options{Warn: func(msg string) { warn(io.err, "%s", msg) }})
	if err != nil {
		return nil, path, fmt.Errorf("open the cache: %w", err)
	}
	return st, path, nil
}

func runCachePath(_ context.Context, io streams, opts cacheOptions) error {
	path, err := cachePath(opts.path)
	if err != nil {
		return err
	}
	if opts.json {
		return writeJSON(io.out, map[string]string{"path": path})
	}
	_, err = fmt.Fprintln(io.out, path)
	return err
}

// cacheStatsJSON is `cache stats --json`.
type cacheStatsJSON struct {
	store.Stats
	Exists  bool    `json:"exists"`
	Lookups int64   `json:"lookups"`
	HitRate float64 `json:"hit_rate"`
}

func runCacheStats(ctx context.Context, io streams, opts cacheOptions) error {
	st, path, err := openExisting(ctx, io, opts)
	if err != nil {
		return err
	}
	out := cacheStatsJSON{Stats: store.Stats{Path: path}}
	if st != nil {
		defer st.Close()
		if out.Stats, err = st.Stats(ctx); err != nil {
			return err
		}
		out.Exists, out.Lookups, out.HitRate = true, out.Stats.Lookups(), out.Stats.HitRate()
	}
	if opts.json {
		return writeJSON(io.out, out)
	}
	if !out.Exists {
		fmt.Fprintf(io.out, "no cache at %s yet (the first solve creates it)\n", path)
		return nil
	}
	s := out.Stats
	fmt.Fprintf(io.out, "cache:       %s\n", s.Path)
	fmt.Fprintf(io.out, "size:        %s (schema version %d)\n", byteSize(s.Bytes), s.SchemaVersion)
	fmt.Fprintf(io.out, "problems:    %d, with %d stored schedules\n", s.Problems, s.Solutions)
	fmt.Fprintf(io.out, "warm starts: %d lookups: %d from the same problem, %d from an edited one, %d misses (hit rate %.0f%%)\n",
		s.Lookups(), s.ExactHits, s.ShapeHits, s.Misses, 100*s.HitRate())
	return nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func runCacheLs(ctx context.Context, io streams, opts cacheOptions) error {
	st, _, err := openExisting(ctx, io, opts)
	if err != nil {
		return err
	}
	probs := []store.ProblemInfo{}
	if st != nil {
		defer st.Close()
		if probs, err = st.Problems(ctx); err != nil {
			return err
		}
	}
	if opts.json {
		return writeJSON(io.out, probs)
	}
	if len(probs) == 0 {
		fmt.Fprintln(io.out, "no cached problems")
		return nil
	}
	tw := tabwriter.NewWriter(io.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FINGERPRINT\tPROBLEM\tSIZE\tBEST\tKEPT\tHITS\tMISSES\tLAST USED")
	for _, p := range probs {
		best := "-"
		if p.Best != nil {
			best = fmt.Sprintf("hard %d soft %d", p.Best.Hard, p.Best.Soft)
		}
		fp := p.Fingerprint
		if len(fp) > 19 {
			fp = fp[:19]
		}
		fmt.Fprintf(tw, "%s\t%s\t%d×%d\t%s\t%d\t%d\t%d\t%s\n", fp, p.Name, p.Teams, p.Slots, best, p.Solutions,
			p.ExactHits+p.ShapeHits, p.Misses, p.Used.Local().Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

func runCacheClear(ctx context.Context, io streams, opts cacheOptions) error {
	st, path, err := openExisting(ctx, io, opts)
	if err != nil {
		return err
	}
	var problems, solutions int
	if st != nil {
		defer st.Close()
		if problems, solutions, err = st.Clear(ctx); err != nil {
			return err
		}
	}
	if opts.json {
		return writeJSON(io.out, map[string]any{"path": path, "problems": problems, "solutions": solutions})
	}
	fmt.Fprintf(io.out, "cleared %s: %d problems, %d schedules\n", path, problems, solutions)
	return nil
}
