package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flextime/flextime"
)

// filled creates a cache at path holding schedules of several problems, closes it (which checkpoints
// the WAL into the file) and returns the file's size.
func filled(t *testing.T, path string) int64 {
	t.Helper()
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if _, err := s.Put(t.Context(), key(fmt.Sprint("fp", i), "sh"), schedule(20, i%19), flextime.Score{Soft: int64(i)}, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestDamagedFileIsMovedAsideAndRebuilt(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"not a database", func(t *testing.T, path string) {
			if err := os.WriteFile(path, []byte("this is not an SQLite file, just some text\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"random bytes", func(t *testing.T, path string) {
			b := make([]byte, 8192)
			for i := range b {
				b[i] = byte(i*7919 + i/13)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncated", func(t *testing.T, path string) {
			size := filled(t, path)
			if err := os.Truncate(path, size/2+100); err != nil {
				t.Fatal(err)
			}
		}},
		{"overwritten pages", func(t *testing.T, path string) {
			size := filled(t, path)
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024))
			for off := int64(4096); off+int64(len(junk)) <= size; off += 3 * 4096 {
				if _, err := f.WriteAt(junk, off); err != nil {
					t.Fatal(err)
				}
			}
			f.Close()
		}},
		{"another program's database", func(t *testing.T, path string) {
			db, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')`); err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "cache.db")
			tt.damage(t, path)
			var warnings []string
			s := openT(t, path, Options{Warn: func(m string) { warnings = append(warnings, m) }})
			if len(warnings) != 1 || !strings.Contains(warnings[0], "damaged") || !strings.Contains(warnings[0], ".corrupt-") {
				t.Errorf("warnings = %q, want one saying the file is damaged and where it went", warnings)
			}
			t.Logf("warnings: %q", warnings)
			moved, _ := filepath.Glob(path + ".corrupt-*")
			if len(moved) != 1 {
				t.Errorf("files moved aside = %v, want one", moved)
			}
			// The new cache works and starts empty.
			st, err := s.Stats(t.Context())
			if err != nil || st.Problems != 0 {
				t.Fatalf("Stats of the rebuilt cache = %+v, %v; want an empty cache", st, err)
			}
			if _, err := s.Put(t.Context(), key("fp", "sh"), schedule(6, 0), flextime.Score{Soft: 3}, 1); err != nil {
				t.Fatalf("Put in the rebuilt cache: %v", err)
			}
			if b, err := s.Best(t.Context(), "fp"); err != nil || b == nil {
				t.Errorf("Best in the rebuilt cache = %v, %v", b, err)
			}
		})
	}
}

func TestHealthyFileIsNotMovedAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	filled(t, path)
	var warnings []string
	s := openT(t, path, Options{Warn: func(m string) { warnings = append(warnings, m) }})
	if len(warnings) != 0 {
		t.Errorf("warnings = %q, want none", warnings)
	}
	if st, err := s.Stats(t.Context()); err != nil || st.Problems != 40 {
		t.Errorf("Stats = %+v, %v; want the 40 stored problems", st, err)
	}
}

func TestUnwritableLocation(t *testing.T) {
	dir := t.TempDir()
	notADir := filepath.Join(dir, "file")
	if err := os.WriteFile(notADir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"parent is a file": filepath.Join(notADir, "cache.db"),
		"path is a folder": dir,
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		cases["read-only folder"] = filepath.Join(ro, "cache.db")
	}
	for name, path := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := Open(t.Context(), path, Options{Warn: func(m string) { t.Errorf("unexpected warning %q", m) }})
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s) succeeded, want an error", path)
			}
			t.Logf("Open: %v", err)
			if !errors.Is(err, ErrUnavailable) {
				t.Errorf("Open(%s) = %v, want ErrUnavailable", path, err)
			}
		})
	}
}

func TestNewerSchemaIsLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	filled(t, path)
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", schemaVersion+1)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(t.Context(), path, Options{})
	if err == nil {
		s.Close()
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	if moved, _ := filepath.Glob(path + ".corrupt-*"); len(moved) != 0 {
		t.Errorf("a newer cache was moved aside: %v", moved)
	}
}

// TestTwoConnectionsWriteAtOnce has two stores (two connection pools, as two processes would have) on
// one file, each with several goroutines adding schedules of the same problem at once. Every write
// succeeds and the pool ends with the best schedules of both.
func TestTwoConnectionsWriteAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	a, b := openT(t, path, Options{}), openT(t, path, Options{})
	ctx := withTimeout(t, time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 8 {
		s := a
		if w%2 == 1 {
			s = b
		}
		wg.Go(func() {
			for i := range 10 {
				soft := int64(1000 - w*10 - i)
				if _, err := s.Put(ctx, key("fp", "sh"), schedule(12, w*10+i), flextime.Score{Soft: soft}, uint64(w)); err != nil {
					errs <- err
				}
				if _, err := s.WarmStart(ctx, key("fp", "sh"), func([]flextime.Game) (flextime.Score, bool) { return flextime.Score{}, true }); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write failed: %v", err)
	}
	best, err := b.Best(ctx, "fp")
	if err != nil || best == nil || best.Score.Soft != 1000-79 {
		t.Errorf("Best = %+v, %v; want soft %d, the best written by either connection", best, err, 1000-79)
	}
	if n := count(t, a.db, `SELECT count(*) FROM solutions`); n != 5 {
		t.Errorf("schedules kept = %d, want 5", n)
	}
	if st, _ := a.Stats(ctx); st.ExactHits+st.Misses != 80 {
		t.Errorf("lookups counted = %d, want 80", st.ExactHits+st.Misses)
	}
}

// TestProcessesShareOneFile starts several processes (this test binary, as a helper) that open the same
// new file at once, which races their schema migrations, and then write schedules of one problem.
func TestProcessesShareOneFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "cache.db")
	const procs, each = 4, 15
	cmds := make([]*exec.Cmd, procs)
	outs := make([]strings.Builder, procs)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
		cmds[i].Env = append(os.Environ(), "STORE_HELPER_PATH="+path, "STORE_HELPER_ID="+strconv.Itoa(i), "STORE_HELPER_N="+strconv.Itoa(each))
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("helper %d: %v\n%s", i, err, outs[i].String())
		}
	}
	s := openT(t, path, Options{})
	best, err := s.Best(t.Context(), "shared")
	if want := int64(10000 - (procs-1)*100 - (each - 1)); err != nil || best == nil || best.Score.Soft != want {
		t.Errorf("Best = %+v, %v; want soft %d, the best any process wrote", best, err, want)
	}
	if moved, _ := filepath.Glob(path + ".corrupt-*"); len(moved) != 0 {
		t.Errorf("concurrent opens moved the file aside: %v", moved)
	}
}

// TestHelperProcess is not a test: TestProcessesShareOneFile runs the test binary with it as a helper.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv("STORE_HELPER_PATH")
	if path == "" {
		t.Skip("helper process for TestProcessesShareOneFile")
	}
	id, _ := strconv.Atoi(os.Getenv("STORE_HELPER_ID"))
	n, _ := strconv.Atoi(os.Getenv("STORE_HELPER_N"))
	s, err := Open(t.Context(), path, Options{Warn: func(m string) { t.Errorf("warning: %s", m) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		if _, err := s.Put(t.Context(), key("shared", "sh"), schedule(12, id*n+i), flextime.Score{Soft: int64(10000 - id*100 - i)}, uint64(id)); err != nil {
			t.Fatal(err)
		}
	}
}
