// Package parity holds the conformance suite that runs every API behaviour
// against both stores — the embedded one and Neo4j — through real HTTP servers,
// and requires byte-identical answers. It has no code of its own, only tests.
package parity
