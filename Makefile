# graphapi — the two commands a fresh machine needs are `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
ADDR  ?= 127.0.0.1:8080

.PHONY: run build test vet bench neo4j-up neo4j-down

## run: serve the API on the embedded Mali 2018 graph at http://$(ADDR)
run: build
	./bin/graphapi serve --addr $(ADDR)

## build: write bin/graphapi
build:
	$(GO) build -o bin/graphapi ./cmd/graphapi

## test: every test, against a real Neo4j started (and stopped) for the run
test:
	bash scripts/test.sh

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

## bench: the in-process and HTTP benchmarks behind BENCHMARKS.md
bench:
	bash scripts/bench.sh

## neo4j-up / neo4j-down: a local Neo4j Community server on bolt://127.0.0.1:7687
neo4j-up:
	bash scripts/neo4j-up.sh

neo4j-down:
	bash scripts/neo4j-down.sh
