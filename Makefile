# The two commands a maintainer needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Material prints that it reaches end of life (see the README's maintenance section) on every
# build; contributors running these targets know, so the targets keep their output to the point.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast fuzz lint check golden bench bench-serve bench-search bench-export bench-report hooks clean chromium

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

# --dirty: each rebuild renders only what an edit changed, in the folder it serves, and removes
# what the edit made obsolete (a deleted story's page); plain `mkdocs serve` renders everything.
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty

check: $(STAMP)
	$(PY) -m generator check

# Lint and types: ruff (pyflakes, pycodestyle, bugbear, isort) and mypy, as pyproject.toml sets them;
# the architecture's import contracts (pyproject.toml, [tool.importlinter]); ESLint for the theme's
# scripts (eslint.config.mjs).
lint: $(STAMP) $(TOOLS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	.tools/node_modules/.bin/eslint --config eslint.config.mjs theme/assets tests/js

# A browser for the browser tests (tests/browser_setup.py picks it): Debian's Chromium, installed
# when missing, or the Chrome a hosted CI runner comes with. Playwright never downloads one here.
chromium:
	@test -x /usr/bin/chromium || test -x /usr/bin/google-chrome || test -n "$$ARCHIVE_BROWSER" || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Tools from the npm registry, into .tools/ (no CDN, nothing in the repository): axe-core checks
# accessibility in the browser tests, ESLint lints the theme's scripts.
NODE_TOOLS := axe-core@4.14.1 eslint@10.15.0 @eslint/js@10.0.1 globals@17.14.0
TOOLS := .tools/.installed
$(TOOLS): Makefile
	npm install --prefix .tools --no-audit --no-fund --silent $(NODE_TOOLS)
	touch $(TOOLS)

# The archive itself is checked as a pull request is (the tests never read it: they build their own);
# then every test, on every core, the next test to whichever process is free.
test: $(STAMP) chromium $(TOOLS) lint
	$(PY) -m generator check --strict
	$(PY) -m pytest -n auto --dist worksteal

# What a change of code is tried with first: no browser, no full build, nothing slow on purpose.
test-fast: $(STAMP)
	$(PY) -m pytest -q -n auto --dist worksteal -m "not browser and not e2e and not fuzz and not slow"

# A long run of the property-based tests (tests/test_fuzz.py): thousands of generated and mutated
# stories, registries and images, where make test runs a bounded, repeatable profile.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -m fuzz --hypothesis-show-statistics $(FUZZ_ARGS)

# Rewrite the golden pages from the current generator output.
golden: $(STAMP)
	$(PY) -m tests.golden

# Check content/ and lint the code before each commit (pre-commit runs .pre-commit-config.yaml).
hooks: $(STAMP)
	$(PY) -m pip install --quiet pre-commit
	$(VENV)/bin/pre-commit install

# Benchmarks print tables and write JSON to benchmarks/out/; sizes can be given: make bench SIZES="1000".
# The peers built beside the archive (benchmarks only): Pelican from PyPI in a venv of its own (it
# pins libraries differently from Material), and Debian's Hugo.
BENCH_VENV := .bench-venv
bench: $(STAMP)
	@test -x $(BENCH_VENV)/bin/pelican || { python3 -m venv $(BENCH_VENV) && \
		$(BENCH_VENV)/bin/pip install --quiet 'pelican>=4.9,<5' markdown; }
	@command -v hugo >/dev/null || { command -v apt-get >/dev/null && \
		$$(command -v sudo) apt-get install -y --no-install-recommends hugo >/dev/null; } || \
		echo "no hugo: the benchmark runs without it"
	$(PY) -m benchmarks.build_bench $(SIZES)

bench-serve: $(STAMP)
	$(PY) -m benchmarks.serve_bench $(SIZES)

# Pagefind, measured beside the archive's search, comes from PyPI with its binary (benchmarks only).
bench-search: $(STAMP) chromium
	$(PY) -m pip install --quiet 'pagefind[bin]>=1.5,<2'
	$(PY) -m benchmarks.search_bench $(SIZES)

clean:
	rm -rf site .venv .bench-venv .pytest_cache .mypy_cache .ruff_cache

# The archive's build beside Zensical building `generator export` (Zensical goes into .venv-zensical/).
bench-export: $(STAMP) chromium
	$(PY) -m benchmarks.export_bench $(SIZES)

# benchmarks/README.md, written from the JSON the benchmarks leave in benchmarks/results/.
bench-report: $(STAMP)
	$(PY) -m benchmarks.report
