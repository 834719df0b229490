# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests use: the browser for end-to-end tests, a D-Bus session and a mock
# notification service for real notification delivery, poppler for checking PDF reports.
TEST_DEBS := chromium libnotify-bin dbus dbus-x11 python3-dbusmock poppler-utils
PORT ?= 8550

.PHONY: run test test-unit test-e2e bench system-deps clean

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

test: $(BIN)/.installed system-deps  ## the whole suite: unit and end-to-end
	$(BIN)/python -m pytest

test-unit: $(BIN)/.installed
	$(BIN)/python -m pytest tests/unit

test-e2e: $(BIN)/.installed system-deps
	$(BIN)/python -m pytest tests/e2e

bench: $(BIN)/.installed system-deps  ## print the benchmark figures for the README
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis
