# 视谷机会平台 Shigu Exchange — one Makefile; the README names `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV := $(shell command -v uv 2>/dev/null || echo uv)

.PHONY: help install frontend-install frontend-build run test test-py test-fast lint typecheck openapi migrate bench load backup restore clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

install: ## install Python (uv) dependencies
	@command -v uv >/dev/null 2>&1 || pip install --quiet uv
	@uv sync --frozen --quiet

frontend-install: ## install frontend dependencies (npm ci)
	@cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend-build: frontend-install ## build the React app into frontend/dist
	@cd frontend && npm run build

run: install frontend-build ## migrate, seed demo data once, build the frontend and start every service
	@uv run --frozen python scripts/run.py

test: ## every test: lint, types, Python on SQLite and PostgreSQL, end-to-end, frontend unit and browser tests
	@bash scripts/test.sh

test-py: install ## the inner loop: Python tests on SQLite, two workers, no end-to-end (PYTEST_ARGS="tests/workflow -k award")
	@TEST_DB=sqlite uv run --frozen pytest -q -n 2 -m "not e2e" -p no:cacheprovider $(PYTEST_ARGS)

test-fast: lint typecheck test-py ## ruff, mypy strict, then test-py: what to run before a push (make test is CI's)

lint: install ## ruff (lint and format check)
	@uv run --frozen ruff check . && uv run --frozen ruff format --check .

typecheck: install ## mypy strict
	@uv run --frozen mypy

openapi: install ## dump the services' OpenAPI specs (no server) and regenerate the TypeScript types
	@uv run --frozen python scripts/dump_openapi.py
	@cd frontend && npm run gen:api

migrate: install ## apply every service's migrations to the databases under var/
	@uv run --frozen python -m kit.migrate all upgrade head

bench: install ## benchmarks (see docs/benchmarks.md)
	@bash scripts/bench.sh

load: install ## load test: 500 vendors submit in the last minute before a deadline (locust; LOAD_ARGS="--db postgres")
	@uv run --frozen --no-sync python -m bench.load_deadline_burst $(LOAD_ARGS)

backup: install ## online backup of var/ (databases + search index) into backups/<UTC time>.tar.gz
	@uv run --frozen python scripts/backup.py backup --var-dir $(or $(VAR_DIR),var)

restore: install ## restore ARCHIVE=backups/….tar.gz into VAR_DIR (default var; FORCE=1 overwrites)
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/<file>.tar.gz [VAR_DIR=var] [FORCE=1]"; exit 2; }
	@uv run --frozen python scripts/backup.py restore --archive $(ARCHIVE) --var-dir $(or $(VAR_DIR),var) $(if $(FORCE),--force)

clean: ## remove local databases, indexes and builds
	rm -rf var frontend/dist
