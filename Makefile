# storyline — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= examples-out/storyline.db
OUT    ?= examples-out

.PHONY: demo test install install-test lint bench clean

# the tool alone: what `make demo` needs
$(BIN)/storyline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $(BIN)/storyline

# the tool with its optional engines and the test tools: what `make test` needs
$(VENV)/.test-deps: $(BIN)/storyline
	$(BIN)/pip install -q -e '.[dev,postgres,spark]'
	touch $(VENV)/.test-deps

install: $(BIN)/storyline

install-test: $(VENV)/.test-deps

demo: install
	@mkdir -p $(OUT)
	$(BIN)/storyline ingest examples/ --db $(DB)
	$(BIN)/storyline export --db $(DB) --out $(OUT)/export
	$(BIN)/storyline report --db $(DB) --format md > $(OUT)/report.md
	@echo "database: $(DB)   export: $(OUT)/export/   report: $(OUT)/report.md"

# pytest exits 5 when it collects no test: that fails here like any other failure
test: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install-test
	$(BIN)/python bench/examples_check.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .mypy_cache
