#!/usr/bin/env bash
# What a team's CI runs: translate the evaluation set, then gate it with configs/quality.yaml.
# Usage: scripts/quality_gate.sh [OUTPUT_DIR]   (needs an installed fr→en package)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/quality}
mkdir -p "$out"
translate run eval/article.fr.txt --to en -o "$out/article.en.txt" --report "$out/article.report.json"
translate run eval/sentences.fr.txt --to en --lines -o "$out/sentences.en.txt" --report "$out/sentences.report.json"
status=0
translate eval "$out/article.en.txt" eval/article.en.txt --source eval/article.fr.txt --mode article \
    --gate configs/quality.yaml --report-md "$out/article.md" || status=$?
translate eval "$out/sentences.en.txt" eval/sentences.en.txt --source eval/sentences.fr.txt \
    --mode lines --gate configs/quality.yaml --report-md "$out/sentences.md" || status=$?
exit "$status"
