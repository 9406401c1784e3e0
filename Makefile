# Everyday commands. Every target uses the project's own virtualenv (.venv), created on first
# use and re-installed only when requirements/dev.lock changes (`make lock` after editing the
# dependencies in pyproject.toml). No environment is needed: with none the
# exchange runs on the embedded default (SQLite under var/, Celery eager, local-memory cache).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="--create-db -x"`.
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process. With
# Redis (CI) each worker uses Redis databases of its own (core/redis_urls.py, D238).
PYTEST_WORKERS ?= 2
MYPY_PACKAGES := core marketplace catalog fairs search media orders leads traceability partners web demo
# Translations: each app's .po compiled to the .mo Django reads (needs GNU gettext's msgfmt).
PO_FILES := $(wildcard */locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

ifeq ($(PYTEST_WORKERS),0)
XDIST :=
else
XDIST := -n $(PYTEST_WORKERS)
endif

.DEFAULT_GOAL := help
# The locks: hash-pinned, for every platform, Python 3.11 and up (D194). base.lock is what the
# Docker image installs (the dependencies and the [s3] extra); dev.lock adds the dev tools (CI,
# `make install`). base.lock is compiled within dev.lock's pins, so the two never disagree.
LOCK_BASE := requirements/base.lock
LOCK_DEV := requirements/dev.lock
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes
# `make lock UV_ARGS=--upgrade` moves every pin to the newest allowed version; without it the
# pins move only as far as pyproject.toml requires.
UV_ARGS ?=

.PHONY: help install lock messages run migrate demo test lint format clean distclean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp is newer than the lock once the locked dependencies and the project are installed.
$(STAMP): $(LOCK_DEV) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK_DEV)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the locked dependencies and the project.

# Not after $(STAMP): that installs from the lock and checks it against pyproject.toml, which
# fails exactly when a dependency was just added and the lock is out of date.
lock: | $(BIN)/python  ## Compile requirements/*.lock from pyproject.toml (after changing a dependency).
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet 'uv>=0.5'
	$(UV_COMPILE) $(UV_ARGS) --extra s3 --extra dev -o $(LOCK_DEV)
	$(UV_COMPILE) $(UV_ARGS) --extra s3 -c $(LOCK_DEV) -o $(LOCK_BASE)

%.mo: %.po
	@if command -v msgfmt >/dev/null; then echo "msgfmt -o $@ $<"; msgfmt --check-format -o $@ $<; \
	else echo "warning: msgfmt not found (apt-get install gettext): $@ not compiled" >&2; fi

messages: $(MO_FILES)  ## Compile the translations (.po to .mo) that changed.

var:
	mkdir -p var/media

migrate: $(STAMP) messages | var  ## Apply database migrations.
	$(MANAGE) migrate --no-input

demo: migrate  ## Load the demo data (idempotent) and print the demo accounts.
	$(MANAGE) demo_load
	$(MANAGE) media_demo

run: demo  ## Migrate, load the demo data, and serve on http://127.0.0.1:8000/.
	$(MANAGE) runserver $(HOST)

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
# On PostgreSQL a second pass runs tests/search on SQLite too, so both database search backends
# (PostgreSQL full-text and SQLite FTS5, the embedded default) are tested by one `make test`.
test: $(STAMP) messages | var  ## Run the test suite.
	@rc=0; $(BIN)/pytest $(XDIST) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; failing." >&2; fi; \
	case "$$DATABASE_URL" in postgres*) \
	  echo "make test: second pass, tests/search on SQLite"; \
	  rc2=0; DATABASE_URL=sqlite:///$(CURDIR)/var/test-search.sqlite3 GT_SEARCH_SQLITE_PASS=1 \
	    $(BIN)/pytest $(XDIST) tests/search || rc2=$$?; \
	  if [ $$rc2 -eq 5 ]; then echo "make test: the SQLite search pass collected no tests; failing." >&2; fi; \
	  if [ $$rc -eq 0 ]; then rc=$$rc2; fi;; \
	esac; \
	exit $$rc

lint: $(STAMP)  ## ruff (lint and format check) and mypy.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(MYPY_PACKAGES)

format: $(STAMP)  ## Reformat and apply ruff's safe fixes.
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:  ## Remove caches and build leftovers (keeps .venv and the data in var/).
	rm -rf .pytest_cache .mypy_cache .ruff_cache staticfiles build dist *.egg-info .ci/cache
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean  ## Also remove .venv and var/ (the SQLite database and media).
	rm -rf $(VENV) var
