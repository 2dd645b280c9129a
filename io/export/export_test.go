package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flextime/flextime"
	"github.com/flextime/flextime/constraints"
	"github.com/flextime/flextime/io/problem"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtures are bundled examples with a schedule each (solved once by flextime and kept in testdata):
// start times local to the venue and a bye league; three-game series with BYU's Thursday start;
// Monday games at 8 pm Central at every venue.
var fixtures = []string{"plains-league", "big12-baseball", "big12-mbb"}

func load(t *testing.T, name string) (*flextime.Problem, *flextime.Schedule) {
	t.Helper()
	p, err := problem.Load(filepath.Join("..", "..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := problem.LoadSchedule(filepath.Join("testdata", name+"-schedule.yaml"), p)
	if err != nil {
		t.Fatal(err)
	}
	return p, s
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./io/export -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./io/export -update after checking the change)", path)
	}
}

func TestGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			p, s := load(t, name)
			var c, i bytes.Buffer
			if err := WriteCSV(&c, p, s); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", name+".csv"), c.Bytes())
			if err := WriteICS(&i, p, s, ICSOptions{Stamp: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", name+".ics"), i.Bytes())
		})
	}
}

// TestCSVRows checks the CSV: one row per game of every meeting, and the venue-local date and time of a
// Big Monday game at Arizona (8 pm Central is 7 pm in Tucson) and of BYU's Thursday series.
func TestCSVRows(t *testing.T) {
	for _, name := range fixtures {
		p, s := load(t, name)
		var b bytes.Buffer
		if err := WriteCSV(&b, p, s); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(rows)-1, len(s.Games)*p.Format.SeriesLength(); got != want {
			t.Errorf("%s: %d rows, want %d", name, got, want)
		}
		for _, r := range rows[1:] {
			if name == "big12-mbb" && r[4] == "ARIZ" && r[2] == "Mon" && !strings.HasSuffix(r[3], "T19:00:00-07:00") {
				t.Errorf("%s: Monday game at Arizona starts %s, want 19:00 MST", name, r[3])
			}
			if name == "big12-baseball" && (r[4] == "BYU" || r[6] == "BYU") && r[9] == "1" && r[2] != "Thu" {
				t.Errorf("%s: a BYU series starts on %s (%s), want Thursday", name, r[2], r[1])
			}
		}
	}
}

// TestICSWellFormed checks the rules of RFC 5545 a calendar program relies on: CRLF line ends, lines of
// at most 75 octets, balanced components, one event per game, unique UIDs, escaped text.
func TestICSWellFormed(t *testing.T) {
	for _, name := range fixtures {
		p, s := load(t, name)
		var b bytes.Buffer
		if err := WriteICS(&b, p, s, ICSOptions{}); err != nil {
			t.Fatal(err)
		}
		text := b.String()
		if !strings.HasSuffix(text, "\r\n") || strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
			t.Fatalf("%s: lines must end in CRLF", name)
		}
		lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
		depth, events := 0, 0
		uids := map[string]bool{}
		for i, l := range lines {
			if len(l) > 75 {
				t.Errorf("%s line %d: %d octets, at most 75", name, i+1, len(l))
			}
			switch {
			case strings.HasPrefix(l, "BEGIN:"):
				depth++
				if l == "BEGIN:VEVENT" {
					events++
				}
			case strings.HasPrefix(l, "END:"):
				depth--
			case strings.HasPrefix(l, "UID:"):
				if uids[l] {
					t.Errorf("%s: duplicate %s", name, l)
				}
				uids[l] = true
			}
		}
		if depth != 0 || lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
			t.Errorf("%s: unbalanced components", name)
		}
		if want := len(s.Games) * p.Format.SeriesLength(); events != want {
			t.Errorf("%s: %d events, want %d", name, events, want)
		}
	}
}

func TestICSNeedsDates(t *testing.T) {
	p := &flextime.Problem{Name: "undated", Teams: []flextime.Team{{ID: "A"}, {ID: "B"}}, Slots: []flextime.Slot{{ID: "1"}}}
	s := &flextime.Schedule{Games: []flextime.Game{{Home: 0, Away: 1, Slot: 0}}}
	err := WriteICS(&bytes.Buffer{}, p, s, ICSOptions{})
	if err == nil || !strings.Contains(err.Error(), "needs dated slots") {
		t.Errorf("WriteICS() error = %v, want one about dated slots", err)
	}
}

func TestEscapeAndFold(t *testing.T) {
	if got, want := escapeText("Kansas, Lawrence; \"KU\"\nline\\"), `Kansas\, Lawrence\; "KU"\nline\\`; got != want {
		t.Errorf("escapeText = %q, want %q", got, want)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	long := "SUMMARY:" + strings.Repeat("é", 60)
	writeFolded(w, long)
	_ = w.Flush()
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("folded line of %d octets", len(l))
		}
	}
	if got := strings.ReplaceAll(strings.TrimSuffix(b.String(), "\r\n"), "\r\n ", ""); got != long {
		t.Errorf("unfolding gives %q, want %q", got, long)
	}
}

func TestHTML(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			p, s := load(t, name)
			m, err := constraints.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			r := m.Explain(s.Games)
			var b bytes.Buffer
			if err := WriteHTML(&b, m, s, r, HTMLOptions{}); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", name+".html"), b.Bytes())
			page := b.String()
			// One row per team, one cell per slot; every violation's message is on the page, escaped.
			if got := strings.Count(page, `<th class="team">`) - 1; got != len(p.Teams) {
				t.Errorf("%d team rows, want %d", got, len(p.Teams))
			}
			for _, v := range r.Violations {
				if !strings.Contains(page, template.HTMLEscapeString(v.Message)) {
					t.Errorf("page lacks the violation %q", v.Message)
					break
				}
			}
		})
	}
}
