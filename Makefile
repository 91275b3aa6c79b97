# Unionhall: `make run` starts the demo, `make test` runs the suite. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint messages demo setup dev browser clean

# The app needs requirements.txt; tests, lint and benchmarks add requirements-dev.txt.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed messages

dev: $(VENV)/.dev-installed messages

messages: $(VENV)/.installed
	@$(PY) scripts/compile_messages.py

run: setup
	@bash scripts/run.sh

demo: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --reset

browser: $(VENV)/.dev-installed
	@bash scripts/ensure_browser.sh

test: dev browser
	$(PY) -m pytest $(PYTEST_ARGS)

bench: dev
	$(PY) bench/run.py $(BENCH_ARGS)
	bash scripts/with_postgres.sh $(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/roster_import.py
	$(PY) bench/density.py
	bash scripts/with_postgres.sh $(PY) bench/density.py
	$(PY) bench/stv.py
	$(PY) bench/deadlines.py
	$(PY) bench/matching.py
	$(PY) bench/search.py
	bash scripts/with_postgres.sh $(PY) bench/search.py
	$(PY) bench/bulk_email.py
	bash scripts/with_postgres.sh $(PY) bench/bulk_email.py

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var node_modules staticfiles
