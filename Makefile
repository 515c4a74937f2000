# akhbar: `make run` and `make test` work on a fresh machine with only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCE ?= seeds
# Test processes (pytest-xdist), a test file each at a time: most of the suite waits on servers,
# subprocesses and signals, so two processes use a 2-core machine about twice as well as one.
TEST_WORKERS ?= 2
# Prefect's environment (no telemetry, a patient start-up) is set by akhbar itself and by the
# tests, from akhbar/config.py's PREFECT_ENVIRONMENT.
# pip -qq: errors only (a plain -q still prints every warning of the build backend and of the
# machine's pip configuration).
PIP_QUIET := --quiet --quiet

.PHONY: setup run test bench report clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip
	$(BIN)/python -m pip install $(PIP_QUIET) -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/akhbar run --source $(SOURCE)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/akhbar bench

clean:
	rm -rf $(VENV) warehouse/akhbar.duckdb warehouse/akhbar.duckdb.wal warehouse/lake
