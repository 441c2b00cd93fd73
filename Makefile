# Two commands for a fresh clone: `make ingest` then `make test`.
# the interpreter of the venv: the distribution's optimised build when there is one (the script says why)
PYTHON ?= $(shell sh scripts/pick_python.sh)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REPORTS ?= samples
DB      ?= warehouse.duckdb

.PHONY: ingest test eval export bench samples clean setup review-shot

setup: $(STAMP)

# Python's bytecode for the project's modules, brought up to date (only what changed is compiled):
# an environment with PYTHONDONTWRITEBYTECODE set (many containers) otherwise compiles every module
# again at each start, ~40 ms of a 0.45 s start-up. pip does this for installed packages, not for
# an editable install's sources.
BYTECODE = @$(BIN)/python -m compileall -q pipeline extractors normalizers warehouse review bench >/dev/null

# The venv is (re)built when pyproject.toml changes; dev extras are included so that
# `make test` works right after `make ingest`.
# System packages (Tesseract for scans, LibreOffice for .doc) are installed by
# scripts/system_packages.sh when it can, else it prints the command and the build goes on.
# Quiet unless something fails: pip's output goes to .venv/setup.log, printed when a step fails.
$(STAMP): pyproject.toml scripts/system_packages.sh
	@sh scripts/system_packages.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) 2>/dev/null \
	   || { rm -rf $(VENV); echo "$(PYTHON) cannot make a venv: using python3"; python3 -m venv $(VENV); }
	@echo "setting up $(VENV) (Python packages; log in $(VENV)/setup.log)"
	@{ $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
	   && $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'; } >$(VENV)/setup.log 2>&1 \
	   || { cat $(VENV)/setup.log; echo "set-up failed: see the lines above ($(VENV)/setup.log)"; exit 1; }
	@touch $(STAMP)

# REPORTS may be one path with spaces ("…/Quý I 2025") or several paths separated by spaces
ingest: $(STAMP)
	$(BYTECODE)
	if [ -e "$(REPORTS)" ]; then $(BIN)/cchc ingest "$(REPORTS)" --db "$(DB)"; \
	else $(BIN)/cchc ingest $(REPORTS) --db "$(DB)"; fi

test: $(STAMP)
	$(BIN)/python -m pytest

# Seeds (SPEC rule), the development texts (SPEC rule) and the real Word files (anchor rule),
# each scored on its own; a table of facts F1 and context/indicator accuracy per corpus ends it.
EVAL_DB ?= eval.duckdb
eval: $(STAMP)
	$(BYTECODE)
	$(BIN)/cchc ingest samples tests/data/dev/texts tests/data/dev/real_gold --db $(EVAL_DB) --quiet
	$(BIN)/cchc eval --db $(EVAL_DB) --gold tests/data/gold --gold tests/data/dev/gold --gold tests/data/dev/real_gold

# A comparison across units, e.g. `make export INDICATOR=sipas.rate` or `make export PERIOD=2025-Q1`.
INDICATOR ?= dossier.in_time_rate
PERIOD    ?=
# EXPORT_OPTS passes options through, e.g. EXPORT_OPTS="--format csv --decimal-point"
EXPORT_OPTS ?=
export: $(STAMP)
	$(BYTECODE)
	if [ -e "$(REPORTS)" ]; then $(BIN)/cchc ingest "$(REPORTS)" --db "$(DB)" --quiet; \
	else $(BIN)/cchc ingest $(REPORTS) --db "$(DB)" --quiet; fi
	$(BIN)/cchc export --db "$(DB)" $(if $(PERIOD),--period "$(PERIOD)",--indicator "$(INDICATOR)") --out-dir exports $(EXPORT_OPTS)

bench: $(STAMP)
	$(BYTECODE)
	$(BIN)/python bench/bench.py

# docs/review.png: a document page of `cchc review` (samples/ ingested first if needed), taken
# by Debian's headless chromium through Playwright.
review-shot: $(STAMP)
	$(BIN)/cchc ingest samples --db "$(DB)" --quiet
	$(BIN)/python scripts/review_shot.py --db "$(DB)" --out docs/review.png

# Regenerate the .docx/.pdf renderings in samples/ from the .txt seeds.
samples: $(STAMP)
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf $(VENV) *.egg-info $(DB) $(DB).wal $(EVAL_DB) $(EVAL_DB).wal .pytest_cache exports
