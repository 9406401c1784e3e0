# Everyday commands. Every target uses the project's own virtualenv (.venv), created on first
# use and re-installed only when pyproject.toml changes. No environment is needed: with none the
# exchange runs on the embedded default (SQLite under var/, Celery eager, local-memory cache).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="--create-db -x"`.
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
# With a Redis cache all workers would share one Redis database, and the suite clears the cache
# around every test (FLUSHDB), so one worker would wipe another's keys: run in one process then.
ifneq ($(findstring redis,$(CACHE_URL)),)
PYTEST_WORKERS ?= 0
else
PYTEST_WORKERS ?= 2
endif
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
.PHONY: help install messages run migrate demo test lint format clean distclean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp is newer than pyproject.toml once the project and its dev tools are installed.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the project with its dev tools.

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
