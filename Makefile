# The two commands a new user needs:  make demo   and   make test
VENV ?= .venv
PY := $(VENV)/bin/python
SKUTAN := $(VENV)/bin/skutan
# .python-version selects Python 3.12 through pyenv; otherwise use the first python3.12+ found.
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$p && break; done)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install browser lint bench replica-test clean messages

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || (echo "Python 3.12 eller senare krävs." && exit 1)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## Start the demo: migrate SQLite, generate the synthetic municipality, print logins, serve.
demo: install
	DJANGO_SETTINGS_MODULE=skutan.settings.local $(SKUTAN) demo --host $(HOST) --port $(PORT)

## Run every test (SQLite unless DATABASE_URL is set), browser tests in Debian's Chromium.
test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

browser:
	@bash scripts/ensure-chromium.sh

lint: install
	$(VENV)/bin/ruff check .

## Translations (docs/i18n.md): tag new template text, extract every message into the English catalogue,
## list what is untranslated, compile. Translate the listed lines, then run it again.
messages: install
	$(PY) scripts/i18n_tag.py
	cd skutan && DJANGO_SETTINGS_MODULE=skutan.settings.local ../$(PY) -m django makemessages -l en --no-obsolete --no-location --no-wrap
	@$(PY) scripts/i18n_fill.py --list > var/untranslated.tsv 2>/dev/null || (mkdir -p var && $(PY) scripts/i18n_fill.py --list > var/untranslated.tsv)
	@echo "$$(wc -l < var/untranslated.tsv) untranslated messages listed in var/untranslated.tsv"
	cd skutan && DJANGO_SETTINGS_MODULE=skutan.settings.local ../$(PY) -m django compilemessages -l en

## Benchmarks on PostgreSQL (bench/README.md): make bench BENCH_ARGS="--scale filipstad --runs 3"
bench: install
	$(PY) -m bench $(BENCH_ARGS)

## A real streaming replica beside the main cluster, and the reporting reads tested against it (root/postgres)
replica-test: install
	PY=$(PY) bash scripts/replica/run.sh

clean:
	rm -rf $(VENV) var
