#!/usr/bin/env bash
# Create .venv and install translate; safe to run again.
# Usage: scripts/setup.sh [EXTRA...]   e.g. scripts/setup.sh test   (extras: test, fuzz, ray, bench)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# -qq: errors only. pip's own warnings about this machine's index configuration and the
# build backend's notices are not the user's business here; failures still print and stop.
pip() { .venv/bin/python -m pip -qq --disable-pip-version-check "$@"; }
pip install --upgrade pip
extras=$(IFS=,; echo "$*")
if [[ ",$extras," == *",bench,"* ]]; then
    # The bench extra installs the full argostranslate, whose stanza needs torch: pin the CPU
    # build first so pip never picks a multi-gigabyte CUDA build.
    pip install "torch==2.13.0" --extra-index-url "${TORCH_INDEX:-https://download.pytorch.org/whl/cpu}"
fi
pip install -e ".${extras:+[$extras]}"
# argostranslate without its dependencies (spaCy, stanza, torch, onnxruntime): translate reads
# Argos packages itself; this copy serves the argospm interoperability tests and the tokenizer
# of BPE packages. Installed last so no later resolve pulls its dependencies back in.
if [[ ",$extras," != *",bench,"* ]]; then
    pip install --no-deps "argostranslate>=1.9,<2"
fi
echo "ready: . .venv/bin/activate"
