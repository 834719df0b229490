# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests use: the browser for end-to-end tests, a D-Bus session and a mock
# notification service for real notification delivery, poppler for checking PDF reports.
TEST_DEBS := chromium libnotify-bin dbus dbus-x11 python3-dbusmock poppler-utils
PORT ?= 8550

.PHONY: run test test-unit test-e2e bench system-deps clean catalogs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed  ## start the app in web mode on http://127.0.0.1:$(PORT)
	$(BIN)/companion serve --port $(PORT)

system-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# axe-core (npm) for the accessibility scan of every screen; Debian's nodejs/npm when the machine has none.
# Only package.json's dependencies (axe-core, 3 MB): Lighthouse, a devDependency (190 MB), is for make lighthouse.
NPM_CI := npm ci --no-audit --no-fund --loglevel=error
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q nodejs npm; }
	$(NPM_CI) --omit=dev
	touch $@

# Two pytest-xdist workers (a browser and a server each for the end-to-end tests): one end-to-end file per
# worker at a time, the slow files first, the unit tests spread over both at the end (tests/conftest.py).
# `PYTEST_WORKERS=0 make test` runs them one by one, as plain `pytest` does.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS)

test: $(BIN)/.installed system-deps node_modules/axe-core/axe.min.js  ## the whole suite: unit and end-to-end
	$(PYTEST)

test-unit: $(BIN)/.installed
	$(PYTEST) tests/unit

test-e2e: $(BIN)/.installed system-deps node_modules/axe-core/axe.min.js
	$(PYTEST) tests/e2e

bench: $(BIN)/.installed system-deps  ## print the benchmark figures for the README
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The message catalogs (companion/locale/): extract every marked text of the code and the triage rules'
# patient words, merge them into each language's .po (a translator fills the new ones; the weekday and month
# names come from CLDR through Babel: tools/cldr_dates.py), compile the .mo
# files the app reads. tests/unit/test_catalogs.py fails while a text has no translation.
BABEL_KEYWORDS := --no-default-keywords -k N_ -k gettext -k ngettext:1,2 -k tr
catalogs: $(BIN)/.installed  ## extract, update and compile the message catalogs (Babel)
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --sort-by-file --omit-header \
		-o companion/locale/companion.pot .
	$(BIN)/pybabel update -i companion/locale/companion.pot -d companion/locale -D companion --no-fuzzy-matching
	for po in companion/locale/*/LC_MESSAGES/companion.po; do $(BIN)/python tools/fill_po.py --revive $$po && \
		$(BIN)/python tools/cldr_dates.py $$po $$(basename $$(dirname $$(dirname $$po))) || exit 1; done
	$(BIN)/pybabel compile -d companion/locale -D companion --statistics

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis node_modules

# The offline web app: Python runs in the browser (Pyodide), installable, works with the network off.
PWA_PORT ?= 8560
.PHONY: pwa serve-pwa

pwa: $(BIN)/.installed  ## build the installable offline web app into dist/pwa (no internet needed)
	$(BIN)/python tools/build_pwa.py --out dist/pwa

serve-pwa: $(BIN)/.installed  ## serve dist/pwa on http://127.0.0.1:$(PWA_PORT) (builds it first if it is stale)
	$(BIN)/python tools/build_pwa.py --out dist/pwa --if-stale
	$(BIN)/python tools/build_pwa.py serve --dir dist/pwa --port $(PWA_PORT)

# Lighthouse (npm, pinned in package.json's devDependencies, so only this target installs it) on Debian's
# Chromium: the accessibility and best-practices scores of the served and the offline app (tools/lighthouse.py;
# not part of make test).
.PHONY: lighthouse

node_modules/lighthouse/package.json: node_modules/axe-core/axe.min.js
	$(NPM_CI)
	touch node_modules/axe-core/axe.min.js $@  # in this order: make compares their times

lighthouse: $(BIN)/.installed system-deps node_modules/lighthouse/package.json  ## Lighthouse scores of both apps
	$(BIN)/python tools/lighthouse.py
