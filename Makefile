# One command to serve, one to test; both install what they need first.
# The first interpreter that really runs and is 3.11+ (pyenv shims exist for versions that don't).
ifndef PYTHON
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { command -v $$p; break; }; \
	done)
endif
VENV ?= .venv
# What `make test` and `make run` need is made side by side: the venv and the two npm installs,
# then lint beside the second (20 s of a fresh clone's `make test`).
ifeq ($(filter clean,$(MAKECMDGOALS)),)  # `make clean test` removes first, then makes
MAKEFLAGS += --jobs=2
endif
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format bench clean

NODE_STAMP := validator/node_modules/.installed

# uv (from PyPI) installs the dependencies in seconds where pip takes a minute; pip is the
# fallback where uv cannot run.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required: install it or set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]' \
		|| $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# The Node workspace (TypeScript, React, Radix...) where components are checked. Without
# Node.js the service still runs; its checks report themselves as skipped.
$(NODE_STAMP): validator/package.json validator/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix validator --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: skipping validator/ (component checks will be skipped)"; fi

# A plain Vite + React + Tailwind v4 app the tests install generated components into with the
# shadcn CLI (and compile typed API clients in); `make test` fills the npm cache it installs from.
EXAMPLE_STAMP := examples/vite-app/node_modules/.installed
$(EXAMPLE_STAMP): examples/vite-app/package.json examples/vite-app/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix examples/vite-app --no-audit --no-fund --loglevel=error && touch $(EXAMPLE_STAMP); \
	else echo "npm not found: skipping examples/vite-app/"; fi

install: $(STAMP) $(NODE_STAMP)

run: install  ## serve the API on the embedded defaults (or what .env configures)
	$(BIN)/componentforge serve --host $(HOST) --port $(PORT)

# The suite on TEST_PROCESSES processes (at the lowest CPU priority, as the validator's
# sandboxes run: see docs/development.md), then the tests marked solo on one. One process more
# than cores: the job and CLI tests spend much of their time waiting on other processes.
TEST_PROCESSES ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) + 1 )))
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: otherwise each of the suite's
# hundred Python processes (test processes, servers, workers, CLI runs) compiles every module
# it imports anew, seconds of CPU each.
test: export PYTHONDONTWRITEBYTECODE =
test: install $(EXAMPLE_STAMP) lint  ## lint, type-check, then the whole suite
	$(BIN)/python -m pytest -m "not solo" -n $(TEST_PROCESSES) --dist loadfile
	$(BIN)/python -m pytest -m solo

lint: install
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy
	$(BIN)/mypy benchmarks examples/vite-app/check.py

format: install
	$(BIN)/ruff format src tests benchmarks examples
	$(BIN)/ruff check --fix src tests benchmarks examples

bench: install  ## speed benchmarks; figures go into docs/benchmarks.md
	$(BIN)/python benchmarks/middleware_overhead.py
	$(BIN)/python benchmarks/retrieval_quality.py
	$(BIN)/python benchmarks/validation_speed.py
	$(BIN)/python benchmarks/extraction_quality.py
	$(BIN)/python benchmarks/extraction_realworld.py
	$(BIN)/python benchmarks/roundtrip_fidelity.py
	$(BIN)/python benchmarks/figma_speed.py
	$(BIN)/python benchmarks/generation_quality.py
	$(BIN)/python benchmarks/generation_speed.py
	$(BIN)/python benchmarks/operations_overhead.py
	$(BIN)/python benchmarks/fault_isolation.py
	$(BIN)/python benchmarks/search_throughput.py
	$(BIN)/python benchmarks/jobs.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
