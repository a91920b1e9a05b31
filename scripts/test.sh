#!/usr/bin/env bash
# The whole test suite: the type checker on the exact core, then pytest
# (unit, property and doctests of tropgeo/, adapters/ and validation/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
echo "[test] mypy tropgeo"
"$PY" -m mypy tropgeo
echo "[test] pytest"
"$PY" -m pytest -q "$@"
