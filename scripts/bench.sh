#!/usr/bin/env bash
# `make bench`: every benchmark, each a ratio against a baseline measured in the same run.
# Results go to stdout; docs/benchmarks.md records the latest figures and these commands.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-postgres.sh
PY="uv run --frozen --no-sync python"
echo "## gateway overhead";            $PY -m bench.gateway_overhead --requests 2000 --rounds 5
echo "## application submission";     $PY -m bench.workflow_submission
echo "## challenge detail";            $PY -m bench.workflow_detail --requests 1000 --rounds 3
echo "## search";                      $PY -m bench.matching_search --docs 100000 --queries 300 --rounds 3 --through-service 500 --clients 8
echo "## reindex";                     $PY -m bench.matching_reindex --docs 20000 --rounds 3
echo "## sign-ins and other users";   $PY -m bench.gateway_signin --seconds 8 --rounds 3
echo "## ranking evaluation";          $PY -m bench.matching_ranking
