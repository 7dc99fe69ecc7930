#!/usr/bin/env bash
# Compile the project's Python files ahead of time, at the optimisation level web workers run with
# (PYTHONOPTIMIZE=2 in the Procfile, docs/adr/0125), so a worker loads bytecode rather than
# compiling every module itself: it starts sooner and holds less memory. The virtualenv's packages
# are compiled when they are installed (Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."
apps=$(dirname */apps.py)
# shellcheck disable=SC2086  # one word per app
.venv/bin/python -m compileall -q -o 0 -o 2 -x '/(tests|migrations)/' config safefiles $apps > /dev/null
