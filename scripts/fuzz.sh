#!/usr/bin/env bash
# Fuzz the glossary loader, the package archive checks, package metadata parsing and glossary
# import (CSV/TSV/TBX) with atheris (libFuzzer).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [--update-corpus]
# FUZZ_RUNS=N also stops each target after N mutated inputs (the test suite's smoke run).
# Seeds live in tests/fuzz/corpus/; by default the run works on a temporary copy, so the
# repository is untouched; --update-corpus keeps what the fuzzer found interesting.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
python=${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}
for target in glossary archive metadata import; do
    corpus=tests/fuzz/corpus/$target
    if [ "${2:-}" != "--update-corpus" ]; then
        work=$(mktemp -d)
        cp -r "$corpus/." "$work/"
        corpus=$work
    fi
    echo "fuzzing $target for ${seconds}s"
    artifacts=${FUZZ_ARTIFACTS:-$(mktemp -d)}
    "$python" tests/fuzz/fuzz_$target.py -max_total_time="$seconds" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -rss_limit_mb=4096 \
        -timeout=20 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" 2>&1 | tail -n 12
    status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then
        echo "fuzzing $target found a crash (exit $status); input saved in $artifacts" >&2
        exit "$status"
    fi
done
