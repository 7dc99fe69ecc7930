#!/usr/bin/env bash
# Run the benchmarks in bench/ (all, or those named) and print each figure with its baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_ALLOW_ASYNC_UNSAFE=true
scripts/compile_bytecode.sh  # as a deployment would, before gunicorn starts
exec .venv/bin/python bench/run.py "$@"
