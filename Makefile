# The README's two commands: `make demo` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SHARED ?= ../shared/datasets
STORE ?= var/commsdesk.sqlite

.PHONY: demo test lint browsers bench clean train-sentiment eval-sentiment eval-topics eval-alerts

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/commsdesk demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) lint browsers
	$(BIN)/python -m pytest

# Chromium for the browser tests (tests/browser): Debian's, since Playwright cannot download one here. Without
# apt-get (or root, or a mirror) nothing fails: the browser tests skip themselves and say why.
browsers:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; } \
		|| echo "chromium is not installed: the browser tests (tests/browser) will be skipped"

bench: $(STAMP)
	$(BIN)/python -m bench

train-sentiment: $(STAMP)
	$(BIN)/python -m analyse.sentiment.train --train $(SHARED)/sentiment/train.jsonl \
		--validation $(SHARED)/sentiment/validation.jsonl --out analyse/models/sentiment.npz \
		$(if $(wildcard $(STORE)),--store $(STORE))

# DATA on the command line overrides these defaults: `make eval-topics DATA=dir`.
eval-sentiment: DATA = $(SHARED)/sentiment/validation.jsonl
eval-sentiment: $(STAMP)
	$(BIN)/python -m analyse.sentiment.evaluate $(DATA)

eval-topics: DATA = $(SHARED)/crisis-dev
eval-topics: $(STAMP)
	$(BIN)/python -m analyse.topics.evaluate $(DATA)

eval-alerts: DATA = $(SHARED)/crisis-dev
eval-alerts: $(STAMP)
	$(BIN)/python -m analyse.alerts.evaluate $(DATA)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
