"""The server benchmark's own smoke test (translate serve alone, tiny sizes): it cannot rot.
No timing is asserted; LibreTranslate is not installed by the test suite."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_bench_server_smoke_measures_every_level(tmp_path: Path) -> None:
    out = tmp_path / "server.json"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_server.py"), "--smoke", "--no-lt",
                           "--clients", "1,4", "--json", str(out), "--cache", str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    ours = report["metrics"]["serve_alone"]["ours"]
    assert set(ours["levels"]) == {"1", "4"}
    for level in ours["levels"].values():
        assert level["failed"] == 0 and level["requests"] >= 1
        assert math.isfinite(level["req_per_s"]) and level["req_per_s"] > 0
        assert 0 < level["p50_s"] <= level["p95_s"]
    assert ours["peak_rss_mib"] > 10
    assert "| translate serve | 4 |" in done.stdout
