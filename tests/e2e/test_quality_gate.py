"""The CI quality gate end to end: real translations from the tiny package, real gate."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli, translate_bin

pytestmark = pytest.mark.slow

EVAL = ROOT / "eval"
CONFIG = ROOT / "configs" / "quality.yaml"


def test_gate_fails_on_terminology_regression_and_passes_when_fixed(
        tmp_path: Path, env: dict[str, str]) -> None:
    regressed = tmp_path / "regressed.txt"
    fixed = tmp_path / "fixed.txt"
    source = EVAL / "sentences.fr.txt"
    assert run_cli("run", str(source), "--lines", "--no-glossary", "-o", str(regressed),
                   env=env).returncode == 0
    assert run_cli("run", str(source), "--lines", "-o", str(fixed), env=env).returncode == 0
    assert len(fixed.read_text().splitlines()) == len(source.read_text().splitlines())
    gate = ["eval", "--source", str(source), "--mode", "lines", "--gate", str(CONFIG)]
    bad = run_cli(gate[0], str(regressed), str(EVAL / "sentences.en.txt"), *gate[1:], env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "FAIL  term_accuracy >= 1.0" in bad.stdout
    assert "quality gate failed" in bad.stderr
    good = run_cli(gate[0], str(fixed), str(EVAL / "sentences.en.txt"), *gate[1:], env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "gate: passed" in good.stdout


def test_quality_gate_script_runs_green(tmp_path: Path, env: dict[str, str]) -> None:
    path = f"{Path(translate_bin()).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", str(ROOT / "scripts" / "quality_gate.sh"), str(tmp_path)],
                          env=dict(env, PATH=path), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "article.md").read_text().startswith("## Translation quality")
    assert "Gate: passed" in (tmp_path / "sentences.md").read_text()
