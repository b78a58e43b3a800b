# The two commands of the README: `make site` and `make test`.
# Everything else (the virtual environment, the packages) is bootstrapped here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core for the accessibility audit (tests/test_browser_a11y.py), pinned in
# package.json + package-lock.json and installed from the npm registry by npm ci.
AXE := node_modules/axe-core/axe.min.js
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve check lint bench deploy clean shots

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

## Build the bundled sample site into site/.
site: $(STAMP)
	$(BIN)/mkdocs build

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

## Run every test (unit, build, error and browser tests, the accessibility audit).
test: $(STAMP) $(AXE)
	$(BIN)/ruff check generator tests benchmarks tools
	$(BIN)/python -m pytest -q

## Live preview on http://127.0.0.1:8000/ (rebuilds what an edit changed).
serve: $(STAMP)
	$(BIN)/xxgk serve

## Check the content only.
check: $(STAMP)
	$(BIN)/xxgk check

## Publish the built site/ with `xxgk deploy`, settings from DEPLOY_* variables
## (DEPLOY_TARGET=deploy@web1:/srv/xxgk make deploy; see deploy/ci-deploy.sh).
deploy: $(STAMP)
	deploy/ci-deploy.sh

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks tools

## Screenshots of every kind of page at 1280 and 390 px, normal and 适老化 (shots/).
shots: $(STAMP)
	$(BIN)/python tools/screenshots.py

## Benchmark: 10 000 items against a stock mkdocs-material + Pagefind build made in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/speed_bench.py

clean:
	rm -rf site build/docs/* .site.* bench-out shots
