// Package solver builds schedules: an anytime, parallel, reproducible simulated annealing over
// round-robin timetables.
//
// Construction makes a valid round robin with random team labels (phased and mirrored formats
// respected) and moves fixed games into place. Even workers use the circle method with de Werra's
// orientation (n-2 breaks per round robin), odd workers a binding of two half-size round robins, whose
// rounds have short cycles between them. The rounds are shuffled, except under a hard break limit,
// where they keep an order in which most teams alternate home and away. A double round robin free of
// phase and mirror, with a break constraint and no separation constraint, starts its even workers from
// the circle method with each round played twice running instead: n-2 breaks, the fewest possible, which
// the search does not find by itself (or, where no partial round swap of that start keeps the venues,
// as for 20 teams, from a pattern set with n-2 breaks and a timetable found for it by an exact cover);
// those workers begin optimising it cool, and where a BR2
// constraint counts the breaks they search within a budget of breaks (with a relabelling move, which
// keeps every team's venues; see breakBudget) that grows only while they stay infeasible, by turns with
// a short descent without the budget that repairs the last violations. The search applies
// structure-preserving moves — swap homes, swap rounds, swap teams, partial swap rounds and partial swap
// teams (Anagnostopoulos, Michel, Van Hentenryck and Vergados, "A simulated annealing approach to the
// traveling tournament problem", J. Scheduling 2006), in variants that keep a phased or mirrored format;
// once a worker's schedule has been feasible, also a relabelling move (two teams swap names) — and
// scores each with the incremental evaluator of package constraints, in time proportional to the
// cells the move changes.
//
// Until a worker's schedule is first feasible, it anneals on the hard score alone and its evaluator
// leaves the soft primitives out, so that a move costs only the hard rules it touches. From then on the
// objective is weight·hard + soft, where the weight on infeasibility adapts: it rises while the current
// schedule is infeasible and falls while it is feasible (strategic oscillation). The temperature
// cools geometrically over a cycle and is reheated at the end of each cycle. Each cycle is twice as long
// as the one before, and the last one that fits the remaining budget (moves, or the time limit at the
// worker's rate so far) takes all of it, so a long solve ends with one slow cooling; a budget too short
// for the optimisation phase's first cycle and a second gets that first cycle stretched or shortened to
// end with it. Every move kind in play gets the same share of the time: each is drawn with a probability
// inversely proportional to its measured evaluation work per draw. A step draws its acceptance threshold
// before it scores the move (a move that worsens the objective by δ is kept when δ ≤ −T·ln u for a
// uniform u, the Metropolis rule), so the evaluator can stop scoring a move as soon as it is sure the
// move is out (constraints.Incremental.TryWithin): the decisions are those of full scoring, made sooner.
//
// Workers run in epochs of a fixed number of moves, each with its own seeded random source and its own
// copy of the state. Between epochs they share an elite pool of the best schedules, and a worker whose
// best has not improved for a while restarts from it. With an iteration budget the workers run in
// lockstep: every worker ends an epoch before they meet, in a fixed order, so the same seed, worker
// count and iteration budget always give the same schedule. Without one (a time limit, a target or a
// cancellation ends the run wherever the workers are, so it never repeats exactly anyway) each worker
// meets the pool as soon as its own epoch ends and never waits for the others, whose moves may cost more.
package solver
