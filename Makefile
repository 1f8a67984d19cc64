# The two commands a newcomer needs: `make run` and `make test`. Both install libgit2-dev, libpq-dev and
# pkg-config first when pkg-config cannot find them (the tests install PostgreSQL and Chromium as needed).
SWIFT ?= swift
REPO ?= .
ROUNDS ?= 3

.PHONY: deps build release run batch test bench crosscheck clean

deps:
	@scripts/ensure-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Analyse a repository (default: this one) and write its files into out/.
run: release
	.build/release/innersource analyze $(REPO) --out out

# The nightly batch on the fixture organisation (fixtures/repos/org.sh): discovery, a corrupt, an empty and
# a shallow repository, the cache. Outputs in out/batch; run it twice to see the cache at work.
batch: release
	@test -d out/org || bash fixtures/repos/org.sh out/org
	INNERSOURCE_ORG=$(CURDIR)/out/org INNERSOURCE_OUT=$(CURDIR)/out/batch .build/release/innersource run fixtures/org/pipeline.yml || test $$? -eq 1

test: deps
	$(SWIFT) test --disable-xctest

# Time innersource against `git log --numstat` on REPO (median of ROUNDS rounds) and compare peak memory.
# STAGE=ingest times the ingestion stage alone; STAGE=analyze (default) the whole analyze command;
# STAGE=incremental a cold, a warm and a --no-cache `innersource run` of a one-repository pipeline;
# STAGE=batch a cold and a warm `innersource run` over REPO, a folder built by scripts/make-batch-org.sh.
STAGE ?= analyze
bench: release
	.build/release/innersource-bench --repo $(REPO) --rounds $(ROUNDS) --stage $(STAGE) --innersource .build/release/innersource

clean:
	rm -rf .build out

# Cross-check zero-configuration domain teams against git log alone on REPO.
crosscheck: release
	scripts/crosscheck-domains.py $(REPO) --innersource .build/release/innersource
