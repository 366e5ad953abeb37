# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INDEX  ?= data/index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup run ingest app test lint eval bench clean

setup: $(STAMP)

# torch first and pinned: pip then takes the local CPU wheel; a bare `torch` pulls GBs of CUDA.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev,milvus]"
	touch $(STAMP)

# Ingest whatever PDFs corpus/ holds (fetch them first where the internet is reachable),
# then open the app. With no PDFs the app starts anyway and says how to add them.
run: setup
	-$(BIN)/policykb fetch --index $(INDEX)
	$(BIN)/policykb ingest --index $(INDEX) --allow-empty corpus/
	POLICYKB_INDEX=$(INDEX) $(BIN)/streamlit run app.py

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The gold set is written over the real sample issuances in ../shared, so it is scored
# against an index of those (built once; unchanged PDFs are skipped on later runs).
SAMPLES ?= ../shared/dod-samples
SAMPLES_INDEX ?= data/samples-index

eval: setup
	$(BIN)/policykb ingest --index $(SAMPLES_INDEX) $(SAMPLES)/modern $(SAMPLES)/old
	$(BIN)/policykb eval --gold eval/gold/samples.jsonl --index $(SAMPLES_INDEX) \
		--report data/reports/samples

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

clean:
	rm -rf $(VENV) data test-artifacts
