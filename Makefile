# Two commands do all the set-up on a fresh machine (a virtual environment in .venv):
#   make demo   import the sample workbook through the Dagster job on the embedded SQLite
#   make test   run the fast tier of the test suite (set IMPORTER_TEST_DATABASE_URL to run it on PostgreSQL)
#   make test-all  everything, the end-to-end CLI and Dagster runs included (what CI runs)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all test-ui ui bench setup clean-data

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/importer import samples/dealbrain_sample.xlsx --config samples/sample_import.yaml --commit

# Tests run on every core (pytest-xdist); a module's tests stay on one worker so its fixtures are made once.
# PYTEST_WORKERS=0 runs them in this process (for a debugger or -x).
PYTEST_WORKERS ?= auto
PARALLEL := -n $(PYTEST_WORKERS) --dist loadscope
# Bytecode (and pytest's assertion-rewritten test modules) is cached in __pycache__ even where the
# shell sets PYTHONDONTWRITEBYTECODE: without it every worker compiles the whole project again on
# every run (about 8 s of CPU per worker on this machine).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

test: $(STAMP)
	$(PYTEST) $(PARALLEL) -m "not slow and not graphql and not browser"

test-all: $(STAMP)
	$(PYTEST) $(PARALLEL) -m "not graphql and not browser"

# The Dagster UI end to end: GraphQL against a real dagster dev, and headless Chromium (needs /usr/bin/chromium);
# the workspace pages in headless Chromium against `importer serve` (one server per test module).
test-ui: $(STAMP)
	$(BIN)/python -m pytest -m "graphql or browser" tests/graphql tests/ui -W ignore::DeprecationWarning:gql.client
	$(BIN)/python -m pytest -m browser tests/workspace

ui: $(STAMP)
	$(BIN)/importer ui

bench: $(STAMP)
	$(BIN)/python bench/run_benchmark.py

clean-data:
	rm -rf .data
