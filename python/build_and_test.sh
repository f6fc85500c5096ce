#!/usr/bin/env bash
# Build the fitflate wheel and run its tests, from scratch if need be:
#   1. a virtualenv in python/.venv (reused when present) with maturin and pytest from PyPI;
#   2. `maturin build --release` -> python/dist/*.whl (abi3: one wheel for CPython >= 3.8);
#   3. install that wheel into the venv and run pytest on python/tests.
# Exits non-zero if any step fails. Extra arguments go to pytest (e.g. -k scenarios -x).
# PYTHON selects the interpreter for the venv (default: python3).
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
VENV=.venv
start=$(date +%s)

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi
echo "== installing maturin and pytest"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2.0" pytest
# The NATS client for the broker test (tests/test_broker.py skips without it).
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "nats-py>=2.6,<3" \
    || echo "== nats-py not installed: the broker test will skip"

echo "== building the wheel"
rm -rf dist
"$VENV/bin/maturin" build --release --out dist --interpreter "$VENV/bin/python"

echo "== installing the wheel"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/fitflate-*.whl

echo "== building the fitflate command (a test compares the wheel's frames with its own)"
(cd .. && cargo build --quiet --bin fitflate)
export FITFLATE_BIN="$(cd .. && pwd)/target/debug/fitflate"

echo "== running the tests"
"$VENV/bin/python" -m pytest -q tests "$@"

echo "== build_and_test.sh: OK in $(( $(date +%s) - start )) s"
