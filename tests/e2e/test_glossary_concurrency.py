"""Concurrent and interrupted glossary edits through the installed `translate` command."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import GLOSSARY, translate_bin
from translate.glossary.schema import load_glossary

pytestmark = pytest.mark.slow


def test_twenty_concurrent_adds_all_survive(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(GLOSSARY.read_text(encoding="utf-8"), encoding="utf-8")
    before = len(load_glossary(path).terms)
    processes = [
        subprocess.Popen([translate_bin(), "glossary", "add", f"terme numéro {i}", f"term number {i}",
                          "--note", f"writer {i}", "-g", str(path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in range(20)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    glossary = load_glossary(path)
    assert len(glossary.terms) == before + 20
    assert {t.source for t in glossary.terms} >= {f"terme numéro {i}" for i in range(20)}
    assert path.read_text(encoding="utf-8").startswith(GLOSSARY.read_text(encoding="utf-8").rstrip("\n"))


def test_killed_writer_leaves_old_or_new_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    lines = ["version: 1\nterms:\n"]
    lines += [f"  - source: terme {i}\n    target: term {i}\n" for i in range(4000)]
    path.write_text("".join(lines), encoding="utf-8")
    rng = random.Random(7)
    count = 4000
    for attempt in range(6):
        process = subprocess.Popen(
            [translate_bin(), "glossary", "add", f"nouveau {attempt}", f"new {attempt}", "-g", str(path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        terms = load_glossary(path).terms
        assert len(terms) in (count, count + 1)
        count = len(terms)
        lock = Path(str(path) + ".lock")
        assert not lock.exists() or lock.stat().st_size == 0
