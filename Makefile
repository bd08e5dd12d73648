# The two commands of the README: `make run` and `make test`. Each sets up what it needs:
# `make run` only what serving needs (the package without its dev extras; of Debian packages
# libpq-dev and WeasyPrint's libraries), `make test` everything (dev extras, PostgreSQL, Chromium).
SHELL := /bin/bash
# Any Python 3.11 or later: the first of these that runs and is new enough. PYTHON=... overrides.
PYTHONS := python3.11 python3.12 python3.13 python3
AT_LEAST_311 := -c 'import sys; sys.exit(sys.version_info < (3, 11))'
PYTHON ?= $(shell for p in $(PYTHONS); do $$p $(AT_LEAST_311) 2>/dev/null && { echo $$p; break; }; done)
VENV ?= .venv
PY := $(VENV)/bin/python
# `make run` installs the package, `make test` adds the dev extras; the second also counts as
# the first, so `make run` after `make test` installs nothing.
SERVE_STAMP := $(VENV)/.installed-serve-stamp
DEV_STAMP := $(VENV)/.installed-dev-stamp
PORT ?= 8000
FIXTURES := fixtures/hee-2017-18.json fixtures/hee-2021-22.json fixtures/links-2017-18-to-2021-22.json \
	fixtures/published-figures.json
# Development settings: a local key, plain static files. Production sets DEBUG off and
# gives SECRET_KEY and ALLOWED_HOSTS.
DEV := DEBUG=true

.PHONY: install install-serve system-deps system-deps-serve port-free run test test-sqlite \
	test-postgres lint data frontend bench clean FORCE

NO_PYTHON := No Python 3.11 or later found (tried $(PYTHONS)): install one, or name it with PYTHON=/path/to/python3.

# A virtual environment that is missing, broken or made by a Python older than 3.11 is made
# (again) by whichever stamp is wanted first.
ifneq ($(shell $(PY) $(AT_LEAST_311) 2>/dev/null && echo ok),ok)
$(SERVE_STAMP) $(DEV_STAMP): FORCE
endif
FORCE:

define venv
@if ! $(PY) $(AT_LEAST_311) 2>/dev/null; then \
	  py='$(PYTHON)'; \
	  if [ -z "$$py" ]; then echo "$(NO_PYTHON)" >&2; exit 1; fi; \
	  if ! "$$py" $(AT_LEAST_311) 2>/dev/null; then \
	    echo "$$py is not Python 3.11 or later: name one with PYTHON=/path/to/python3." >&2; exit 1; fi; \
	  if [ -e $(VENV)/pyvenv.cfg ]; then \
	    echo "Making $(VENV) again: it is broken or was made by a Python older than 3.11."; \
	    rm -rf $(VENV); \
	  elif [ -e $(VENV) ]; then \
	    echo "$(VENV) is not a virtual environment: remove it, or name another with VENV=..." >&2; exit 1; fi; \
	  echo "Making $(VENV) with $$py ($$("$$py" --version))"; \
	  "$$py" -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip; \
	fi
endef

$(SERVE_STAMP): pyproject.toml
	$(venv)
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml
	$(venv)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@ $(SERVE_STAMP)

system-deps-serve:
	bash .ci/system-deps.sh serve

system-deps:
	bash .ci/system-deps.sh

install-serve: system-deps-serve $(SERVE_STAMP)

install: system-deps $(DEV_STAMP)

# Is 127.0.0.1:$(PORT) free? Bound as runserver binds it (SO_REUSEADDR), so a port left in
# TIME_WAIT counts as free and one that anything listens on, on 127.0.0.1 or on all
# addresses, does not. Exit 3: in use; 1 with a message: cannot be bound for another reason.
define PORT_FREE_PY
import errno, socket, sys
port = int(sys.argv[1])
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
    except OSError as e:
        sys.exit(3 if e.errno == errno.EADDRINUSE else f"Cannot serve on 127.0.0.1:{port}: {e.strerror}.")
endef
export PORT_FREE_PY

port-free:
	@py='$(PYTHON)'; if [ -z "$$py" ]; then echo "$(NO_PYTHON)" >&2; exit 1; fi; \
	if ! [[ '$(PORT)' =~ ^[0-9]+$$ ]] || (( 10#$(PORT) < 1 || 10#$(PORT) > 65535 )); then \
	  echo "PORT must be a number from 1 to 65535, not '$(PORT)'." >&2; exit 1; fi; \
	rc=0; "$$py" -c "$$PORT_FREE_PY" $(PORT) || rc=$$?; \
	if [ $$rc -eq 3 ]; then \
	  other=8123; \
	  for q in 8123 $$(seq $$((10#$(PORT) + 1)) $$((10#$(PORT) + 50))); do \
	    if [ $$q -ne $$((10#$(PORT))) ] && [ $$q -le 65535 ] && "$$py" -c "$$PORT_FREE_PY" $$q 2>/dev/null; then other=$$q; break; fi; \
	  done; \
	  echo "Port $(PORT) on 127.0.0.1 is in use: stop what is using it, or run make run PORT=$$other." >&2; exit 1; \
	elif [ $$rc -ne 0 ]; then exit 1; fi

data: install-serve
	$(DEV) $(PY) manage.py migrate --verbosity 0
	$(DEV) $(PY) manage.py load_mandate $(FIXTURES)

# The port is checked first, before anything is installed or migrated.
run: port-free data
	$(DEV) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py create_demo_accounts
	$(DEV) $(PY) manage.py load_demo_data
	$(DEV) DEMONSTRATION_DATA=true SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -c pyproject.toml -r config core sso mandates objectives summaries reminders api devtools -q
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	@echo "== tests on SQLite"
	$(DEV) $(PY) -m pytest

test-postgres: install
	@echo "== tests on PostgreSQL"
	$(DEV) bash .ci/with-postgres.sh $(PY) -m pytest

# Lint first, then the two suites side by side: they share nothing (each has its own test
# database, live server and load-test server on free ports, and its own temporary files),
# and each mostly keeps one core busy. Each suite's output is shown whole when it ends.
test: lint
	@echo "== tests on SQLite and on PostgreSQL, side by side"
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# The benchmark of bench/README.md, on a throwaway PostgreSQL: a million generated updates,
# gunicorn and wrk on 127.0.0.1 (installs Debian's wrk when missing). About 6 minutes;
# BENCH_* variables make it smaller (bench/bench.py). It uses .venv whatever VENV says.
bench: install
	bash bench/run.sh

frontend:
	bash static/frontend/build.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
