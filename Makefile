# Kenniscentrum MVO — the commands a newcomer needs: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements.sha256
# The independent checkers (vnu, pa11y-ci) are npm packages pinned by package-lock.json; node_modules/ is reinstalled
# only when the lock changes (this stamp holds its hash).
NODE_STAMP := node_modules/.package-lock.sha256
# Reproducible builds: every date the build writes comes from the last commit (falls back to a fixed date outside git).
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
# Material 9.8 prints an end-of-life banner about MkDocs 2.0; we pin MkDocs 1.x on purpose (docs/decisions/0001).
export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: help setup serve build check test test-fast bench clean docs

help:
	@echo "make serve   set everything up and serve the portal on http://127.0.0.1:8000/"
	@echo "make test    set everything up and run all tests (browser tests included)"
	@echo "make build   strict build into site/"
	@echo "make check   validate content only"
	@echo "make bench   performance benchmark (slow, not part of make test)"
	@echo "make clean   remove build output and caches"

# The virtualenv is (re)installed only when requirements.txt changes: the stamp holds its hash.
$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# Make the kenniscentrum package importable from the hooks without a wheel build (an "editable" .pth file).
	@$(BIN)/python -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "kenniscentrum-repo.pth").write_text("$(CURDIR)\n")'
	@sha256sum requirements.txt pyproject.toml > $(STAMP)

# --ignore-scripts: vnu-jar's install script would download a Java runtime and puppeteer's a browser build; we use the
# system's java and Debian's chromium (/usr/lib/chromium/chromium) instead (.ci/run installs both when missing).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js 20 or newer) is required for the vnu and pa11y checkers"; exit 1; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@sha256sum package.json package-lock.json > $(NODE_STAMP)

setup: $(STAMP) $(NODE_STAMP)
	@sha256sum --status -c $(STAMP) 2>/dev/null || { rm -f $(STAMP); $(MAKE) --no-print-directory $(STAMP); }
	@sha256sum --status -c $(NODE_STAMP) 2>/dev/null || { rm -f $(NODE_STAMP); $(MAKE) --no-print-directory $(NODE_STAMP); }

# --dirty is exact here: hooks/preview.py decides what an edit must re-render (docs/performance.md, edit-to-preview).
# Besides content/ and mkdocs.yml, edits to vocabularies and interface strings (data/), templates and styles
# (overrides/) and hooks/ rebuild too; a change there is always a full rebuild. Changes to the
# kenniscentrum package need a restart (Python keeps the imported modules).
serve: setup
	$(BIN)/mkdocs serve --dirty --watch overrides --watch data --watch hooks --dev-addr 127.0.0.1:8000

build: setup
	@test -n "$$SITE_URL" || echo "WARNING: SITE_URL is not set, so this build has no public address: no canonical links, no sitemap.xml, no feed.xml, no online-version line in downloads. For a deployable site: SITE_URL=https://… make build (README, Deploying)." >&2
	$(BIN)/mkdocs build --strict --clean --site-dir site

check: setup
	$(BIN)/python -m kenniscentrum check

docs: setup
	$(BIN)/python -m kenniscentrum docs

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf site .cache .pytest_cache
	find content -path '*/_generated' -prune -exec rm -rf {} +
