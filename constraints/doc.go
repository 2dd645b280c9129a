// Package constraints is flextime's constraint kernel and named catalogue.
//
// The kernel is the RobinX family used by the ITC2021 competition (CA1–CA4, GA1, BR1, BR2, FA2, SE1) with
// its exact penalty semantics, plus travel (Traveling Tournament Problem tour semantics) and the
// structural checks of a round robin. Each kernel primitive computes a graded deviation (how far the
// schedule is from the bound), never a flat penalty; its cost is weight × deviation, counted as
// infeasibility when the constraint is hard and as objective otherwise.
//
// The catalogue is what users write in a problem file: max-streak, no-repeat, blackout, separation,
// fixed, travel, and the raw kernel types for power users. Each catalogue entry compiles to kernel
// primitives but keeps its own name and message, so a violation reads "byu-no-sunday: BYU plays at UTAH
// on slot 12 (Sun 2027-01-17)" rather than "CA1 deviation 1".
//
// Compile turns a flextime.Problem into a Model once; Evaluate scores a schedule against it and Explain
// lists every violation. The semantics follow the ITC2021 rules as re-checked in shared/bench/README.md:
// CA3 counts full windows only; FA2 charges per pair the largest cumulative home gap minus the limit;
// SE1 counts the slots strictly between two meetings; CA4 in HA mode counts a game once; a break belongs
// to the later slot; phased formats charge 2 per pair meeting twice in one half; a missing game costs 1
// per ordered pair; a team with g > 1 games in a slot costs 2(g-1).
package constraints
