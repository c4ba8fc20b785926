# Two entry points for a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= tm.db

.PHONY: install demo test lint clean system-deps

$(BIN)/tm: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/tm

install: $(BIN)/tm

# Debian tools the tests use as independent judges (msgfmt, OmegaT, Chromium).
system-deps:
	bash scripts/system-deps.sh

demo: install
	rm -f $(DB)
	$(BIN)/tm align corpora/account-executive/en.md corpora/account-executive/pl.md --db $(DB)
	$(BIN)/tm stats --db $(DB)
	$(BIN)/tm export tmx --db $(DB) -o account-executive.tmx
	$(BIN)/tm export po --db $(DB) -o account-executive.po
	@echo "wrote $(DB), account-executive.tmx, account-executive.po"

# The man-page alignment corpus and GNU tools' catalogues are rebuilt from Debian packages
# (apt-get download, a few MB; GPL, never committed). Without package sources the tests that
# need them are skipped, except under CI, where tests/test_determinism.py requires the GNU set.
test: install system-deps
	$(BIN)/python scripts/build_manpages_corpus.py >/dev/null || echo "make: man-page corpus not built; tests/test_manpages_corpus.py is skipped" >&2
	$(BIN)/python scripts/build_real_corpus.py --gnu --no-permissive >/dev/null 2>&1 || echo "make: GNU catalogues not built (corpora/real/cache/gnu)" >&2
	$(BIN)/ruff check tm tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check tm tests benchmarks scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DB) *.tmx *.po .pytest_cache
