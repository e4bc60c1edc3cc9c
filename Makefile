# Loketwijzer: `make run` to try it, `make test` to prove it. Both set up what they need.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
PO := $(wildcard locales/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run preview test test-fast check chromium knowledge lint typecheck bench clean

setup: $(STAMP) $(MO) knowledge

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# setuptools too: the one a new venv brings (65.5) has known CVEs.
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip setuptools
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@ -l $* >/dev/null

knowledge: $(STAMP)
	@$(BIN)/loketwijzer build --if-changed

run: setup
	$(BIN)/loketwijzer serve --port $(PORT)

# For editors: the site rebuilds when a knowledge file is saved, and shows check's problems on the page.
preview: setup
	$(BIN)/loketwijzer serve --watch --port $(PORT)

check: $(STAMP)
	$(BIN)/loketwijzer check

chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: setup chromium lint typecheck
	$(BIN)/python -m pytest -q

# The quick loop while working: no browser, nothing marked slow (under a minute). CI runs `test`.
test-fast: setup lint
	$(BIN)/python -m pytest -q -n auto -m "not browser and not slow"

bench: setup
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) instance $(MO)
