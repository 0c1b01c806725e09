#!/usr/bin/env bash
# `make test`: everything, on a fresh machine. Installs what it needs (uv, Python and npm
# packages, Debian's Chromium, a CJK font, nginx and promtool), starts PostgreSQL when it is down.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
started=$(date +%s)

step "Python dependencies (uv)"
command -v uv >/dev/null 2>&1 || pip install --quiet uv
uv sync --frozen --quiet
PY="uv run --frozen --no-sync"

step "PostgreSQL"
bash scripts/ensure-postgres.sh

step "promtool (Debian's prometheus package) for the alert-rule tests"
if ! command -v promtool >/dev/null 2>&1 && [ ! -x /usr/bin/promtool ]; then
  # RUNLEVEL=1: the package's post-install script must not start a Prometheus server.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && RUNLEVEL=1 apt-get install -y -qq prometheus >/dev/null
fi
command -v promtool >/dev/null 2>&1 || [ -x /usr/bin/promtool ] || { echo "promtool is missing after installing prometheus"; exit 1; }

step "Lint and types (ruff, mypy strict)"
$PY ruff check .
$PY ruff format --check .
$PY mypy

step "Python tests on SQLite"
TEST_DB=sqlite $PY pytest -n 2 -q -m "not e2e" -p no:cacheprovider

step "Python tests on PostgreSQL"
TEST_DB=postgres $PY pytest -n 2 -q -m "not e2e" -p no:cacheprovider

step "End-to-end: the services as real processes (and Debian's nginx as the TLS edge)"
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  # RUNLEVEL=1: the package's post-install script must not start a system nginx on port 80.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && RUNLEVEL=1 apt-get install -y -qq nginx-light >/dev/null
fi
$PY pytest -q -m e2e -p no:cacheprovider

step "Frontend: install, types, ESLint, Prettier, unit tests"
(cd frontend && npm ci --no-audit --no-fund --loglevel=error)
(cd frontend && npm run typecheck && npm run lint && npm run format:check && npm test)

step "OpenAPI → TypeScript types regenerate without a diff"
$PY python scripts/dump_openapi.py
(cd frontend && npm run gen:api)
git diff --exit-code -- frontend/openapi frontend/src/api/generated

step "Browser tests (Debian Chromium, headless)"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
(cd frontend && npm run build)
E2E_VAR=$(mktemp -d)
APP_ENV=sandbox WORKFLOW_TIME_ACCELERATION=${WORKFLOW_TIME_ACCELERATION:-86400} VAR_DIR="$E2E_VAR" \
  $PY python scripts/run.py --gateway-port 18000 --matching-port 18001 --workflow-port 18002 --gateway-internal-port 18003 \
  >"$E2E_VAR/platform.log" 2>&1 &
platform=$!
# A second sandbox whose periods for people (公示, fix-up) keep a minute per day (walk-human-time.spec.ts).
E2E_HUMAN_VAR=$(mktemp -d)
APP_ENV=sandbox WORKFLOW_TIME_ACCELERATION=86400 WORKFLOW_HUMAN_TIME_ACCELERATION=1440 VAR_DIR="$E2E_HUMAN_VAR" \
  $PY python scripts/run.py --gateway-port 18100 --matching-port 18101 --workflow-port 18102 --gateway-internal-port 18103 \
  >"$E2E_HUMAN_VAR/platform.log" 2>&1 &
human=$!
trap 'kill -TERM $platform $human 2>/dev/null || true; wait $platform $human 2>/dev/null || true' EXIT
wait_up() { # pid port log
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$2/api/workflow/healthz" >/dev/null 2>&1 && \
      curl -sf "http://127.0.0.1:$2/api/matching/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$1" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 1
  done
  echo "the platform on :$2 did not come up"; tail -50 "$3"; exit 1
}
wait_up $platform 18000 "$E2E_VAR/platform.log"
wait_up $human 18100 "$E2E_HUMAN_VAR/platform.log"
(cd frontend && E2E_BASE_URL=http://127.0.0.1:18000 E2E_HUMAN_BASE_URL=http://127.0.0.1:18100 E2E_PLATFORM_LOG="$E2E_VAR/platform.log" npm run e2e) || {
  tail -50 "$E2E_VAR/platform.log"; tail -20 "$E2E_HUMAN_VAR/platform.log"; exit 1; }

step "All tests passed in $(( $(date +%s) - started )) s"
