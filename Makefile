# The user interface for set-up and scheduled runs. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA_DIR ?= data
SOURCES ?= crawler/sources/default.yaml
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui antiword redis-server poppler-utils fonts-noto-cjk

.DEFAULT_GOAL := help
.PHONY: help install test lint bench lock

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*?## "}{printf "  %-20s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## set up everything: Debian packages and the .venv (idempotent)

$(VENV)/.installed: pyproject.toml requirements.lock
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

lock: ## re-pin dependencies from pyproject.toml into requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

test: install ## run the test suite
	$(PY) -m pytest -q

lint: install ## ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install ## benchmarks (ratios against baselines measured in the same run)
	$(PY) -m bench
