// Package flextime is the domain model of the flextime sports scheduler: a Problem (teams, slots, a
// format, distances and constraints) and a Schedule (games placed in slots), plus the Score both are
// judged by.
//
// Everything here is the user's view, with ids as the user wrote them. The constraints package compiles a
// Problem once into dense integer form; the solver and the evaluator work only on that compiled form and
// map results back to these names for reports.
//
// The model knows nothing of files. Loaders in io/problem, io/robinx and io/ttp build a Problem and report
// bad input as *InputError values that name the file, line, column and field path.
package flextime
