# kg: two commands set everything up on a fresh machine with python3 (3.10+) and make.
#   make demo   create .venv, install kg with the spaCy model, build the example graph
#   make test   the same set-up, then the whole test suite
# Versions are pinned by requirements/constraints.txt (a universal lock made with
# `make lock`), so a fresh machine installs exactly what CI tested.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip
LOCK    = requirements/constraints.txt
BASE    = $(VENV)/.kg-installed
STAMP   = $(VENV)/.kg-test-installed
CHROMIUM ?= /usr/bin/chromium
DEMO_OUT = examples/output

.PHONY: demo test venv browser lint bench screenshot lock clean

demo: $(BASE)
	$(BIN)/kg build examples/article.txt -o $(DEMO_OUT)/article.html --json $(DEMO_OUT)/article.json
	$(BIN)/python examples/query_article.py
	@echo ""
	@echo "Open this file in a browser: $(abspath $(DEMO_OUT)/article.html)"

test: $(STAMP) browser
	$(BIN)/python -m pytest

venv: $(STAMP)

# kg with the spaCy model (what make demo needs)
$(BASE): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "kg needs Python 3.10 or newer; run make PYTHON=python3.x")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c $(LOCK) -e '.[model]'
	@mkdir -p $(DEMO_OUT)
	@touch $(BASE)

# and everything the tests use: rdflib, dask, matplotlib, trafilatura, nbclient (runs the notebook), playwright, hypothesis
$(STAMP): $(BASE)
	$(PIP) install --quiet -c $(LOCK) -e '.[test]'
	@touch $(STAMP)

# Browser tests drive Debian's chromium; install it when it is missing and apt-get is here.
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  echo "installing chromium for the browser tests"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "note: $(CHROMIUM) is missing and apt-get is not available: browser tests will be skipped"; \
	fi

lint: $(STAMP)
	$(PIP) install --quiet ruff==0.17.6
	$(BIN)/ruff check kg tests benchmarks examples

bench: $(STAMP)
	$(BIN)/python benchmarks/carb_dev.py
	$(BIN)/python benchmarks/benchie_dev.py
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/html_scale.py
	$(BIN)/python benchmarks/query_speed.py
	$(BIN)/python benchmarks/store_scale.py
	$(BIN)/python benchmarks/load_times.py

screenshot: demo browser
	$(BIN)/python benchmarks/screenshot.py $(DEMO_OUT)/article.html docs/screenshot.png

# Re-pin every dependency for all supported Pythons (needs network access to PyPI).
lock:
	$(PIP) install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.10 --no-header -o $(LOCK)

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache build *.egg-info
