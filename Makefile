# The two commands a fresh machine needs: `make run` and `make test`. Each one
# creates .venv and installs the project (with dev extras) when it is missing or
# older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format sandbox bench migrate clean

$(STAMP): pyproject.toml setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot

sandbox: $(STAMP)
	$(PY) -m bot sandbox-bot

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: $(STAMP)
	$(PY) -m bench.ratelimit
	$(PY) -m bench.updates
	$(PY) -m bench.events

migrate: $(STAMP)
	$(PY) -m bot migrate

clean:
	rm -rf $(VENV)
