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

.PHONY: crawl
crawl: install ## crawl the registry's sources into DATA_DIR (SOURCES=crawler/sources/default.yaml, DATA_DIR=data)
	$(PY) -m crawler crawl --sources $(SOURCES) --data-dir $(DATA_DIR)

.PHONY: transform
transform: install ## parse new or changed crawled documents of DATA_DIR into Parquet datasets (WORKERS=2)
	$(PY) -m transform run --data-dir $(DATA_DIR) --workers $(or $(WORKERS),2)

# --- scheduled runs -------------------------------------------------------------------------
LOCK_FILE = $(DATA_DIR)/.make-all.lock
CRON_TIME ?= 17 3 * * *
LOG_DIR = $(abspath $(DATA_DIR))/logs

.PHONY: all schedule
all: install ## crawl (SOURCES), transform, warehouse; one summary; never two runs at once
	@mkdir -p $(DATA_DIR)
	@# flock -n: a second run while one is going refuses at once (exit 75) instead of piling up
	flock -n -E 75 $(LOCK_FILE) $(PY) -m warehouse.run_history --data-dir $(DATA_DIR) --sources $(SOURCES)

schedule: ## print the cron entry for `make all` (INSTALL=1 adds it to this user's crontab)
	@entry='$(CRON_TIME) cd $(CURDIR) && mkdir -p $(LOG_DIR) && make all DATA_DIR=$(abspath $(DATA_DIR)) SOURCES=$(abspath $(SOURCES)) >> $(LOG_DIR)/make-all-$$(date +\%F).log 2>&1'; \
	echo "$$entry"; \
	if [ "$(INSTALL)" = 1 ]; then \
	  command -v crontab >/dev/null || { echo "crontab not found: apt-get install cron" >&2; exit 1; }; \
	  ( crontab -l 2>/dev/null | grep -vF 'make all DATA_DIR=$(abspath $(DATA_DIR))'; echo "$$entry" ) | crontab - && echo "installed in crontab"; \
	fi

# --- warehouse (DuckDB views for analysts) ----------------------------------------------------
.PHONY: warehouse sql query
warehouse: install ## build DATA_DIR/warehouse.duckdb: documented DuckDB views over the Parquet datasets
	$(PY) -m warehouse build --data-dir $(DATA_DIR)

sql: ## open the warehouse read-only in the DuckDB CLI
	$(VENV)/bin/duckdb -readonly $(DATA_DIR)/warehouse.duckdb

query: ## print the result table of SQL="…" run on the warehouse (read-only)
	@test -n "$$SQL" || { echo 'usage: make query SQL="SELECT …"' >&2; exit 2; }
	@$(VENV)/bin/duckdb -readonly $(DATA_DIR)/warehouse.duckdb -c "$$SQL"

# --- distributed crawl (docs/distributed.md) --------------------------------------------------
.PHONY: crawl-distributed
crawl-distributed: install ## crawl with WORKERS=N local workers sharing a Redis queue (REDIS_URL=…, else a private redis-server)
	$(PY) -m crawler.local_cluster --workers $(or $(WORKERS),2) --sources $(SOURCES) --data-dir $(DATA_DIR) \
	  $(if $(REDIS_URL),--redis-url $(REDIS_URL)) $(if $(RUN_ID),--run-id $(RUN_ID))

# --- demo -----------------------------------------------------------------------------------
DEMO_DIR ?= demo-data
.PHONY: demo
demo: install ## offline demo: serve a bundled demo site, run `make all` on it, print the comparison
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@$(PY) -m crawler.testsite.demo --sources-out $(DEMO_DIR)/sources.yaml > $(DEMO_DIR)/demo-site.log 2>&1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT; \
	for i in $$(seq 300); do [ -s $(DEMO_DIR)/sources.yaml ] && break; sleep 0.1; done; \
	cat $(DEMO_DIR)/demo-site.log; \
	CRAWL_LOG_LEVEL=WARNING $(MAKE) --no-print-directory all DATA_DIR=$(DEMO_DIR) SOURCES=$(DEMO_DIR)/sources.yaml; status=$$?; \
	echo; $(PY) -m warehouse.compare --data-dir $(DEMO_DIR) || status=1; \
	echo; echo "warehouse: $(abspath $(DEMO_DIR))/warehouse.duckdb   (make sql DATA_DIR=$(DEMO_DIR))"; \
	exit $$status
