// Package robinx reads RobinX / ITC2021 XML sports-timetabling instances and solutions, and writes
// solutions.
//
// Instances load into a flextime.Problem whose constraints are the raw kernel entries of package
// constraints (CA1–CA4, GA1, BR1, BR2, FA2, SE1), one per XML element, with team and slot ids as
// written in the file. Every constraint type and attribute outside that set is an error naming the line,
// never silently ignored. Id lists may be unsorted and may end in ";"; ids such as "7.0" are read as 7.
package robinx
