# Area SEND Inspect: `make run` serves the demo, `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SYSTEM_PACKAGES := gcc python3-dev libpq-dev libpq5 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libmagic1 fonts-dejavu-core fonts-liberation
TEST_SYSTEM_PACKAGES := chromium libatomic1

.PHONY: run test lint bench install install-dev system-deps test-system-deps services clean help

help:
	@echo "make run    install, migrate, load demo data and serve on http://127.0.0.1:8000 with a Celery worker"
	@echo "make test   install test dependencies and run every test against PostgreSQL"
	@echo "make lint   check the code with ruff (lint, import order and formatting)"
	@echo "make bench  run the benchmarks in bench/"

# Debian packages are installed only when one is missing (WeasyPrint's libraries, libmagic, fonts;
# a compiler and libpq's headers to build psycopg's C implementation against Debian's libpq, ADR 0125).
system-deps:
	@scripts/apt-ensure.sh $(SYSTEM_PACKAGES)

test-system-deps: system-deps
	@scripts/apt-ensure.sh $(TEST_SYSTEM_PACKAGES)

$(VENV)/bin/python:
	@python3 -c "import ensurepip, venv" 2>/dev/null || scripts/apt-ensure.sh python3-venv
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# pip compiles what it installs at the default level; web workers run with PYTHONOPTIMIZE=2
# (Procfile, docs/adr/0125), so the same files are compiled at that level too. A few packages ship
# files that are not meant to compile (templates, examples): compileall reports those, hence `|| true`.
COMPILE_OPT2 = $(PY) -m compileall -q -j 0 -o 2 "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" > /dev/null || true

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	$(COMPILE_OPT2)
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	$(COMPILE_OPT2)
	touch $(VENV)/.installed $@

install: system-deps $(VENV)/.installed

install-dev: test-system-deps $(VENV)/.installed-dev

run: install
	@scripts/run.sh

test: install-dev
	@scripts/test.sh $(ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install-dev
	@scripts/bench.sh $(ARGS)

clean:
	rm -rf $(VENV) var
