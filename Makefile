# storyline — the two commands a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= examples-out/storyline.db
OUT    ?= examples-out

.PHONY: demo test install lint bench clean

$(BIN)/storyline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/storyline

install: $(BIN)/storyline

demo: install
	@mkdir -p $(OUT)
	$(BIN)/storyline ingest examples/ --db $(DB)
	$(BIN)/storyline export --db $(DB) --out $(OUT)/export
	$(BIN)/storyline report --db $(DB) --format md > $(OUT)/report.md
	@echo "database: $(DB)   export: $(OUT)/export/   report: $(OUT)/report.md"

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/extraction.py --quick

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .mypy_cache
