# The two commands a maintainer needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test check golden bench bench-search clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

check: $(STAMP)
	$(PY) -m generator check

# Debian's Chromium drives the browser tests; Playwright never downloads one.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(PY) -m pytest -q

# Rewrite the golden Markdown files from the current generator output.
golden: $(STAMP)
	$(PY) -m tests.golden

# Benchmarks print tables and write JSON to benchmarks/out/; sizes can be given: make bench SIZES="1000".
bench: $(STAMP)
	$(PY) -m benchmarks.build_bench $(SIZES)

bench-search: $(STAMP) chromium
	$(PY) -m benchmarks.search_bench $(SIZES)

clean:
	rm -rf site .venv .pytest_cache
