# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INDEX  ?= data/index
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup run ingest app test lint eval library eval-library fit bench clean

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

# The library setting: one index of every sample issuance (the 17 PDFs and the 7 held only as
# page text), where users are. The ranker and abstention are fitted on the dev split of
# eval/gold/library.jsonl (`make fit`); `make eval-library` reports both splits.
LIBRARY_INDEX ?= data/library
LIBRARY_FILES = $(SAMPLES)/modern/*.pdf $(SAMPLES)/old/*.pdf \
	$(addprefix $(SAMPLES)/modern/,DoDI_1000.04.pages.txt DoDI_4140.01.pages.txt \
	DoDI_5000.94.pages.txt DoDI_5132.14.pages.txt DoDI_5134.04_CH1.pages.txt DoDI_8510.01.txt) \
	$(SAMPLES)/old/DoDI_6440.02_CH1.pages.txt

library: setup
	$(BIN)/policykb ingest --index $(LIBRARY_INDEX) $(LIBRARY_FILES)

fit: library
	$(BIN)/python -m qa.fit_ranker --gold eval/gold/library.jsonl --also eval/gold/samples.jsonl \
		--index $(LIBRARY_INDEX) --split dev
	$(BIN)/python -m qa.calibrate --gold eval/gold/library.jsonl --index $(LIBRARY_INDEX) --split dev --write

eval-library: library
	for split in dev test; do \
		$(BIN)/policykb eval --gold eval/gold/library.jsonl --index $(LIBRARY_INDEX) \
			--split $$split --variants hybrid --report data/reports/library-$$split; \
	done

bench: setup
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

clean:
	rm -rf $(VENV) data test-artifacts
