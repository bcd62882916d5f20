#!/usr/bin/env bash
# Create .venv and install translate with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# argostranslate depends on stanza, which depends on torch. translate never imports either at
# run time, but pip installs them; pinning the CPU build first keeps pip from choosing a
# multi-gigabyte CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[test,fuzz,bench,ray]"
echo "ready: . .venv/bin/activate"
