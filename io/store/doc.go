// Package store is flextime's cache: one SQLite file, shared by every flextime process on the machine,
// that holds the solution pool.
//
// The solution pool keeps the best few schedules found for each problem, keyed by the fingerprint of the
// compiled problem (constraints.Model.Fingerprint): equal fingerprints score every schedule alike, so a
// re-solve can start from the best schedule any earlier run found. Each problem also has a shape — a hash
// of its team ids, slot ids and format — so that a solve of an edited problem (same teams and slots, a
// constraint changed) can start from the stored schedule that scores best under the new rules; the search
// repairs what the edit broke.
//
// # Concurrency and faults
//
// The file is opened in WAL mode with a busy timeout (the first connection retried for as long, since
// SQLite does not wait on the switch of a new file to WAL), and every write is one short BEGIN IMMEDIATE
// transaction, so several processes can read and write it at once; two solves of the same problem both
// add their schedules and the pool keeps the better. The schema is versioned with PRAGMA user_version
// and migrated forward on open. A file that is damaged (not a database, failing quick_check, or some
// other program's database) is renamed with a .corrupt-TIMESTAMP suffix and replaced by a fresh one,
// with a warning; a location that cannot be written makes Open fail with ErrUnavailable, and the caller
// runs without the cache.
//
// Nothing here is meant for a search's inner loop: callers read a start schedule before searching and
// write results after (or between epochs, from another goroutine).
//
// # Memoised sub-evaluations
//
// DESIGN §5 allows caching expensive, reusable sub-evaluations by content hash. None is kept: loading
// and compiling the largest problem of the public benchmark set (ITC2021 Early 10) takes about 30 ms,
// the Big 12 example 1 ms, the same order as opening the cache file, against solves of seconds to
// minutes (measured in BENCHMARKS.md, "SQLite store"). The solution pool is the only cache that pays
// for itself.
package store
