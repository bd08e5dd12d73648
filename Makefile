# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
FIXTURES := fixtures/hee-2017-18.json fixtures/hee-2021-22.json fixtures/links-2017-18-to-2021-22.json
# Development settings: a local key, plain static files. Production sets DEBUG off and
# gives SECRET_KEY and ALLOWED_HOSTS.
DEV := DEBUG=true

.PHONY: install system-deps run test test-sqlite test-postgres lint data frontend bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

system-deps:
	bash .ci/system-deps.sh

install: system-deps $(STAMP)

data: install
	$(DEV) $(PY) manage.py migrate --verbosity 0
	$(DEV) $(PY) manage.py load_mandate $(FIXTURES)

run: data
	$(DEV) $(PY) manage.py create_demo_accounts
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit -c pyproject.toml -r config mandates objectives -q
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	@echo "== tests on SQLite"
	$(DEV) $(PY) -m pytest

test-postgres: install
	@echo "== tests on PostgreSQL"
	$(DEV) bash .ci/with-postgres.sh $(PY) -m pytest

test: lint test-sqlite test-postgres

# The benchmark of bench/README.md, on a throwaway PostgreSQL: a million generated updates,
# gunicorn and wrk on 127.0.0.1 (installs Debian's wrk when missing). About 6 minutes;
# BENCH_* variables make it smaller (bench/bench.py).
bench: install
	bash bench/run.sh

frontend:
	bash static/frontend/build.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
