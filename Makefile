# Two entry points for a fresh machine: `make demo` and `make test`.
# Each creates .venv from nothing when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.duckdb

.PHONY: demo test lint typecheck check browser bench clean schema

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

DEMO_PORT ?= 8000

# Reads examples/ (entities, quotes, dates, events included), shows what it found, then serves
# the explorer over it until Ctrl-C.
demo: $(STAMP)
	rm -rf $(DEMO_DB) $(DEMO_DB).*
	$(BIN)/warta ingest examples/ --db $(DEMO_DB) --analyze --key-points
	$(BIN)/warta stats --db $(DEMO_DB)
	$(BIN)/warta extract examples/idntimes-kazakhstan-belarus.txt --format md
	$(BIN)/warta serve --db $(DEMO_DB) --port $(DEMO_PORT)

test: $(STAMP) browser
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Debian's Chromium for the explorer's browser tests (Playwright drives it via executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will skip"

# The peer comparisons; each writes its section of docs/benchmarks.md. Slow: run one at a time.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/ner.py
	$(BIN)/python benchmarks/quotes.py
	$(BIN)/python benchmarks/key_points.py --write
	$(BIN)/python benchmarks/events.py
	$(BIN)/python benchmarks/serve.py
	$(BIN)/python benchmarks/spark.py

schema: $(STAMP)
	$(BIN)/python -c "from warta.model import main; main()" > docs/article.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info $(DEMO_DB) $(DEMO_DB).*
