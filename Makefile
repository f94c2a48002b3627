# Two commands set everything up: `make dev` and `make test`. Both install into .venv first.
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install dev test fuzz lint typecheck schema bench instructions clean codegen node-deps pgbouncer

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

dev: install
	$(BIN)/edestory dev

test: install lint typecheck node-deps pgbouncer
	$(BIN)/edestory schema check
	$(BIN)/pytest -rs

# tests/db/test_pgbouncer.py runs the API through Debian's pgbouncer. Installed here when
# missing and running as root (as CI does); otherwise those tests skip, saying why (-rs).
PGBOUNCER := $(shell command -v pgbouncer 2>/dev/null || ls /usr/sbin/pgbouncer 2>/dev/null)

pgbouncer:
ifeq ($(PGBOUNCER),)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get install -y --no-install-recommends pgbouncer >/dev/null 2>&1 \
		|| { apt-get update -qq >/dev/null 2>&1 \
		     && apt-get install -y --no-install-recommends pgbouncer >/dev/null 2>&1; } \
		|| echo "could not install pgbouncer: the PgBouncer tests will be skipped"; \
	else \
		echo "pgbouncer not found (installed by make test only as root, with apt-get):" \
		     "the PgBouncer tests will be skipped"; \
	fi
endif

# Schemathesis over the whole schema, as a storefront and as staff (tests/fuzz).
FUZZ_CASES ?= 5000
fuzz: install
	FUZZ_CASES=$(FUZZ_CASES) $(BIN)/pytest tests/fuzz -s -p no:cacheprovider

lint: install
	$(BIN)/ruff check app jobs tests migrations bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy app jobs

schema: install
	$(BIN)/edestory schema export > schema.graphql

# Node.js is needed for codegen/ only: `make codegen` regenerates its types and manifest;
# `make test` runs the Node tests (Apollo Client, graphql-http audit) when npm is present.
NPM := $(shell command -v npm 2>/dev/null)
NODE_STAMP := codegen/node_modules/.installed

$(NODE_STAMP): codegen/package.json codegen/package-lock.json
	cd codegen && npm ci --no-audit --no-fund && touch node_modules/.installed

node-deps:
ifneq ($(NPM),)
	@$(MAKE) --no-print-directory $(NODE_STAMP) || echo "npm ci failed: the Node tests will be skipped"
else
	@echo "Node.js not found: the Node tests (Apollo Client, graphql-http audit) will be skipped"
endif

codegen: $(NODE_STAMP)
	cd codegen && npx graphql-codegen --config codegen.ts

bench: install
	$(BIN)/python -m bench.run

instructions: install
	$(BIN)/python -m bench.instructions

clean:
	rm -rf .edestory .pytest_cache .mypy_cache .ruff_cache
