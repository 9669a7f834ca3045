# coursegen: every target sets up what it needs. `make serve` to write, `make test` to check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: install fonts browser gettext serve build test test-fast lint format clean messages check bench bench-quick lock

install: fonts $(STAMP)

# Reinstalls only when the pinned requirements or the project's metadata change.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Fonts for the plots (Han, Hangul, Cyrillic) and Chromium for the browser tests, from Debian's packages.
fonts:
	@PYTHON=$(PYTHON) scripts/system-deps.sh fonts

browser:
	@scripts/system-deps.sh browser

# GNU gettext's msgfmt: the tests check that the catalogs coursegen writes are what gettext's tools read.
gettext:
	@scripts/system-deps.sh gettext

# Another address or port: make serve ADDR=0.0.0.0:8080
ADDR ?= 127.0.0.1:8000
serve: install
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: install
	$(BIN)/mkdocs build --strict

test: install browser gettext
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	COURSEGEN_BROWSER_TESTS=required $(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser and not slow"

lint: install
	$(BIN)/ruff check src tests scripts

format: install
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

# Refresh locales/messages.pot from the code and lessons, and merge it into every catalog.
messages: install
	$(BIN)/coursegen messages

# What is left to translate or to look at, per locale (exit status 1 when something is wrong).
check: install
	$(BIN)/coursegen check

bench: install
	$(BIN)/python scripts/bench.py

bench-quick: install
	$(BIN)/python scripts/bench.py --quick

# Re-pin every dependency (run after editing pyproject.toml's dependencies).
# Pins what pyproject.toml asks and the lock lacks; `make lock UPGRADE=--upgrade` moves every pin to the newest
# release (then `make test`).
UPGRADE ?=
lock:
	$(BIN)/pip-compile --quiet $(UPGRADE) --extra dev --extra embeddings --strip-extras --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml

clean:
	rm -rf site .cache test-artifacts bench-results .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path "./$(VENV)/*" -exec rm -rf {} +
	find locales -name "*.mo" -delete
