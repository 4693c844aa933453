# Buurtkompas. `make run` serves the app; `make test` runs everything CI checks.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
export BUURTKOMPAS_DATA_DIR ?= $(abspath ../shared/data)
export PGPASSWORD ?= buurtkompas

.PHONY: run install migrate import serve test lint test-sqlite test-postgres check messages \
        postgres postgres-or-skip test-postgres-if-up bench bench-national demo clean clean-data vendor

run: install migrate import demo serve

$(BIN)/activate: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	mkdir -p var
	$(BIN)/buurtkompas migrate --noinput

import: install
	$(BIN)/buurtkompas import all
	$(BIN)/buurtkompas knowledge_content

# A demonstration team with invented data (idempotent; prints the log-in). `buurtkompas demo
# --reset` removes it again.
demo: install
	$(BIN)/buurtkompas demo

serve: install
	$(BIN)/buurtkompas runserver $(HOST)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/buurtkompas makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=ci-check-only-$$(date +%s)-a-long-random-looking-secret-value \
	  ALLOWED_HOSTS=buurtkompas.example $(BIN)/buurtkompas check --deploy --fail-level WARNING

messages: install
	cd buurtkompas && ../$(BIN)/django-admin compilemessages --ignore=.venv

test-sqlite: install
	DB=sqlite $(BIN)/pytest -q -n 2 --dist loadgroup

test-postgres: install postgres
	DB=postgres $(BIN)/pytest -q -n 2 -m "not browser"

postgres:
	bash scripts/postgres-up.sh

# PostgreSQL first, so a missing server shows in the first second and not after the SQLite
# suite. Without root and without a running server the PostgreSQL suite is skipped with a
# message, except on CI (CI=true), where it must run.
test: postgres-or-skip lint check messages test-sqlite test-postgres-if-up

postgres-or-skip:
	bash scripts/postgres-up.sh --or-skip

test-postgres-if-up: install
	@if [ "$${CI:-}" = true ] || pg_isready -h "$${PGHOST:-127.0.0.1}" -p "$${PGPORT:-5432}" -q; then \
	  echo 'DB=postgres $(BIN)/pytest -q -n 2 -m "not browser"'; \
	  DB=postgres $(BIN)/pytest -q -n 2 -m "not browser"; \
	else \
	  echo "make test: the PostgreSQL suite was SKIPPED: no server runs and starting one needs root."; \
	fi

# Front-end files from npm (pinned in package.json/package-lock.json); the copies are committed,
# node_modules is not. No CDN, no bundler.
VENDOR := buurtkompas/core/static/vendor
vendor:
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/htmx.org/LICENSE $(VENDOR)/htmx.LICENSE.txt
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	cp node_modules/axe-core/LICENSE $(VENDOR)/axe-core.LICENSE.txt
	mkdir -p $(VENDOR)/maplibre
	cp node_modules/maplibre-gl/dist/maplibre-gl.mjs node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs \
	  node_modules/maplibre-gl/dist/maplibre-gl.css $(VENDOR)/maplibre/
	cp node_modules/maplibre-gl/LICENSE.txt $(VENDOR)/maplibre/LICENSE.txt
	for n in htmx.org axe-core maplibre-gl; do \
	  echo "$$n $$(node -p "require('./node_modules/$$n/package.json').version")"; \
	done > $(VENDOR)/VERSIONS.txt

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/buurtwerk.py
	$(BIN)/python bench/visits.py
	$(BIN)/python bench/network.py
	$(BIN)/python bench/knowledge.py
	$(BIN)/python bench/public_cache.py

# 1,000,000 household visits on PostgreSQL (a throwaway database; needs a running server).
bench-national: install
	$(BIN)/python bench/visits_national.py

# `clean` keeps the archive of raw inputs (var/archive: downloads cannot always be repeated)
# and the backups (var/backups); `clean-data` removes the archive and the SQLite database.
clean:
	rm -rf $(VENV)
	[ ! -d var ] || find var -mindepth 1 -maxdepth 1 ! -name archive ! -name backups -exec rm -rf {} +

clean-data:
	rm -rf var/archive var/buurtkompas.sqlite3 var/buurtkompas.sqlite3-wal var/buurtkompas.sqlite3-shm
