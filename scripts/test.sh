#!/usr/bin/env bash
# The whole test suite: the type checker (exact core, adapters, validation), then pytest
# (unit, property and doctests of tropgeo/, adapters/ and validation/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
echo "[test] mypy tropgeo adapters validation"
"$PY" -m mypy tropgeo adapters validation
echo "[test] pytest"
"$PY" -m pytest -q "$@"
