# graphapi — the two commands a fresh machine needs are `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
ADDR  ?= 127.0.0.1:8080

.PHONY: run build page test vet bench fuzz schemathesis neo4j-up neo4j-down bulk-load

# The explorer page's bundle, embedded into the binary; rebuilt when its
# sources or locked dependencies change.
PAGE_SOURCES := web/package-lock.json web/build.mjs web/index.html $(wildcard web/src/*)

## run: serve the API on the embedded Mali 2018 graph at http://$(ADDR)
run: build
	./bin/graphapi serve --addr $(ADDR)

## build: write bin/graphapi, with the explorer page inside
build: page
	$(GO) build -o bin/graphapi ./cmd/graphapi

## page: build the explorer page (npm ci from the lock file, then esbuild)
page: web/dist/index.html

web/dist/index.html: $(PAGE_SOURCES)
	cd web && npm ci --no-audit --no-fund && npm run build

## test: every test, against a real Neo4j started (and stopped) for the run
test:
	bash scripts/test.sh

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

## bench: the in-process and HTTP benchmarks behind BENCHMARKS.md
bench:
	bash scripts/bench.sh

## fuzz: every go test -fuzz target for FUZZTIME each (default 20s)
fuzz:
	bash scripts/fuzz.sh

## schemathesis: fuzz the API against its OpenAPI document (Neo4j too when NEO4J_URI is set)
schemathesis:
	bash scripts/schemathesis.sh

## neo4j-up / neo4j-down: a local Neo4j Community server on bolt://127.0.0.1:7687
neo4j-up:
	bash scripts/neo4j-up.sh

neo4j-down:
	bash scripts/neo4j-down.sh

## bulk-load: a first load of SEED (a directory) into an EMPTY Neo4j through neo4j-admin import, then the schema
bulk-load:
	bash scripts/neo4j-bulk-load.sh $(SEED)
