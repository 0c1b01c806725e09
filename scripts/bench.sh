#!/usr/bin/env bash
# `make bench`: every benchmark, each a ratio against a baseline measured in the same run.
# Results go to stdout; docs/benchmarks.md records the latest figures and these commands.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-postgres.sh
PY="uv run --frozen --no-sync python"
echo "## gateway overhead";            $PY -m bench.gateway_overhead --requests 2000 --rounds 5
echo "## application submission";     $PY -m bench.workflow_submission
echo "## search";                      $PY -m bench.matching_search --docs 100000 --queries 300 --through-service 500 --clients 8
echo "## ranking evaluation";          $PY -m bench.matching_ranking
