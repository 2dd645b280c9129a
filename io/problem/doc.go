// Package problem reads and writes flextime's own files: problems written in YAML (schema version 1) and
// schedules written in YAML or JSON.
//
// Decoding is strict. Every unknown field, duplicate key, unknown team or slot id and out-of-range value
// is reported as a *flextime.InputError that names the file, the line and column, and the field path
// (such as "constraints[3].teams[1]"), with a hint and, for near misses, a "did you mean" suggestion.
// Constraint entries are decoded into the types of the constraints catalogue; the team and slot references
// inside them are resolved later, by constraints.Compile, which reports unknown ones at the position
// recorded here.
//
// docs/format.md in the repository is the user's reference for both file formats.
package problem

//go:generate go run gen_zones.go
